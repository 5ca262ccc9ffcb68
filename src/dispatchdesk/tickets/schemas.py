"""Ticket API schemas, and the translation of their keys (slugs) into the rows services take.

PATCH bodies change only the fields they name; `NotNull` fields refuse an explicit null (422),
while category, group and region may be null to clear them.
"""

from collections.abc import Mapping
from datetime import datetime
from typing import Annotated, Any, cast

from django.db.models import Model
from django.utils.translation import gettext as _
from ninja import Field, Schema
from pydantic import model_validator

from dispatchdesk.accounts.models import Region, Skill, SkillGroup, Tier, User
from dispatchdesk.common.counts import COUNT_CAP
from dispatchdesk.common.errors import DomainError
from dispatchdesk.common.schemas import Id, NotNull, PageQuery, StrictIn
from dispatchdesk.customers.api import EMAIL, OrganisationRef
from dispatchdesk.tickets import workflow
from dispatchdesk.tickets.models import (
    CUSTOMER_STATUS,
    Category,
    Channel,
    EventKind,
    MessageKind,
    Priority,
    Status,
    Ticket,
    TimelineEvent,
)
from dispatchdesk.tickets.selectors import TicketFilters
from dispatchdesk.tickets.services.fields import TicketFields

MAX_SUBJECT = 200  # the column width; the configurable, possibly lower limit is the services' job
# A ceiling for the schema and the docs; DISPATCHDESK_MAX_BODY_LENGTH (read per call) is usually lower.
MAX_BODY = 1_000_000
MAX_LIST = 50

Key = Annotated[str, Field(min_length=1, max_length=50)]
KeyList = Annotated[list[Key], Field(max_length=MAX_LIST)]
PriorityValue = Annotated[int, Field(ge=1, le=4, description="1 urgent … 4 low")]

# Fields given as a key (slug) in the API and as a row to the services.
KEYED_FIELDS: dict[str, type[Model]] = {"category": Category, "group": SkillGroup, "region": Region}
# Fields of a new ticket that ticket_create takes as its own arguments.
# Optional fields of a new ticket that ticket_create takes in `fields`.
CREATE_FIELDS = frozenset({"category", "group", "region", "tier", "language", "tags", "required_skills"})
# A customer describes their problem; how it is routed is for support staff to say.
ROUTING_FIELDS = frozenset({"channel", "group", "region", "tier", "tags", "required_skills"})


class TicketCreateIn(StrictIn):
    subject: str = Field(min_length=1, max_length=MAX_SUBJECT)
    description: str = Field(min_length=1, max_length=MAX_BODY)
    is_html: bool = Field(False, description="The description is HTML (it is sanitised) rather than plain text")
    customer_id: Id | None = Field(None, description="Staff: the contact the ticket is for")
    customer_email: str | None = Field(
        None, min_length=1, max_length=254, json_schema_extra=EMAIL, description="Staff: the contact, by email"
    )
    priority: PriorityValue = Priority.NORMAL
    channel: Channel = Channel.API
    category: Key | None = None
    group: Key | None = None
    region: Key | None = None
    tier: NotNull[Tier] = Field(None)
    language: NotNull[str] = Field(None, max_length=8)
    tags: NotNull[KeyList] = Field(None)
    required_skills: NotNull[KeyList] = Field(None, description="Skill keys")

    @model_validator(mode="after")
    def _one_customer_reference(self) -> "TicketCreateIn":
        if self.customer_id is not None and self.customer_email is not None:
            raise ValueError(_("give customer_id or customer_email, not both"))
        return self


class TicketPatch(StrictIn):
    subject: NotNull[str] = Field(None, min_length=1, max_length=MAX_SUBJECT)
    priority: NotNull[PriorityValue] = None
    category: Key | None = None
    group: Key | None = None
    region: Key | None = None
    tier: NotNull[Tier] = Field(None)
    language: NotNull[str] = Field(None, max_length=8)
    tags: NotNull[KeyList] = Field(None)
    required_skills: NotNull[KeyList] = Field(None)


class TransitionIn(StrictIn):
    status: Status
    reason: str = Field("", max_length=500)


class AssignIn(StrictIn):
    agent_id: Id


class TextIn(StrictIn):
    body: str = Field(min_length=1, max_length=MAX_BODY)
    is_html: bool = False


class TicketQuery(PageQuery):
    status: Status | None = None
    priority: PriorityValue | None = None
    group: Key | None = Field(None, description="Skill group key")
    assignee: Id | None = Field(None, description="Agent user id")
    unassigned: bool = False
    open: bool = Field(False, description="Only tickets that are not resolved or closed")
    q: str = Field(
        "",
        max_length=200,
        description="Full-text search: words of the subject, description, conversation (internal notes for staff) "
        "or the customer's name or email, stemmed; or a ticket number",
    )


class PersonRef(Schema):
    id: int
    name: str


class CustomerRef(Schema):
    id: int
    name: str
    email: str


def _is_staff(context: Any) -> bool:
    user = context["request"].user
    return bool(user.is_staff_member)


class SlaOut(Schema):
    """The ticket's SLA clocks (empty deadlines: met, paused or not applicable)."""

    state: str = Field(description="breached, at_risk, paused, running, or empty")
    policy: str | None
    due_at: datetime | None = Field(description="The earliest pending deadline")
    warn_at: datetime | None = Field(description="When the ticket counts as at risk")
    first_response_due: datetime | None
    next_response_due: datetime | None
    resolution_due: datetime | None


class TicketOut(Schema):
    id: int
    number: int
    access_key: str | None = Field(description="Secret link key, shown to support staff only")
    subject: str
    description: str = Field(description="Sanitised HTML")
    status: Status
    status_label: str
    priority: int
    channel: Channel
    category: str | None
    tags: list[str]
    group: str | None
    assignee: PersonRef | None
    tier: Tier
    region: str | None
    language: str
    required_skills: list[str]
    customer: CustomerRef
    organisation: OrganisationRef | None
    created_at: datetime
    updated_at: datetime
    first_response_at: datetime | None
    resolved_at: datetime | None
    closed_at: datetime | None
    reopen_count: int
    allowed_transitions: list[Status]
    sla: SlaOut | None

    @staticmethod
    def resolve_access_key(obj: Ticket, context: Any) -> str | None:
        return obj.access_key if _is_staff(context) else None

    @staticmethod
    def resolve_status_label(obj: Ticket, context: Any) -> str:
        """The team's word for the status; a customer reads what they can expect (tickets.models.CUSTOMER_STATUS)."""
        return str(obj.get_status_display() if _is_staff(context) else CUSTOMER_STATUS[obj.status])

    @staticmethod
    def resolve_category(obj: Ticket) -> str | None:
        return obj.category.slug if obj.category else None

    @staticmethod
    def resolve_group(obj: Ticket) -> str | None:
        return obj.group.slug if obj.group else None

    @staticmethod
    def resolve_region(obj: Ticket) -> str | None:
        return obj.region.slug if obj.region else None

    @staticmethod
    def resolve_tags(obj: Ticket) -> list[str]:
        return sorted(tag.name for tag in obj.tags.all())

    @staticmethod
    def resolve_required_skills(obj: Ticket) -> list[str]:
        return sorted(skill.slug for skill in obj.required_skills.all())

    @staticmethod
    def resolve_assignee(obj: Ticket) -> dict[str, Any] | None:
        return {"id": obj.assignee.pk, "name": str(obj.assignee)} if obj.assignee else None

    @staticmethod
    def resolve_allowed_transitions(obj: Ticket, context: Any) -> list[Status]:
        return workflow.allowed_targets(obj.status) if _is_staff(context) else []

    @staticmethod
    def resolve_sla(obj: Ticket) -> dict[str, Any] | None:
        clocks = getattr(obj, "sla", None)  # no row for tickets created before the SLA app
        if clocks is None:
            return None
        policy = clocks.policy.name if clocks.policy_id and clocks.policy else None
        fields = ("due_at", "warn_at", "first_response_due", "next_response_due", "resolution_due")
        return {"state": getattr(obj, "sla_state", ""), "policy": policy, **{f: getattr(clocks, f) for f in fields}}


class TicketPage(Schema):
    count: int = Field(
        description=f"How many tickets match. A search (`q`) counts no further than {COUNT_CAP + 1:,}: "
        "then `count_capped` is true and more may match (page on with `offset` until a page comes back short)."
    )
    count_capped: bool = Field(description=f"True when `count` stopped at {COUNT_CAP + 1:,} (searches only)")
    limit: int
    offset: int
    items: list[TicketOut]


class AttachmentOut(Schema):
    id: int
    filename: str
    content_type: str
    size: int


class MessageOut(Schema):
    id: int
    kind: MessageKind
    public: bool
    body: str = Field(description="Sanitised HTML")
    author_name: str
    channel: Channel
    created_at: datetime
    attachments: list[AttachmentOut]

    @staticmethod
    def resolve_public(obj: Any) -> bool:
        return bool(obj.is_public)


class EventOut(Schema):
    id: int
    kind: EventKind
    kind_label: str
    actor_name: str
    public: bool
    data: dict[str, Any]
    message_id: int | None
    created_at: datetime

    @staticmethod
    def resolve_kind_label(obj: Any) -> str:
        return str(obj.get_kind_display())

    @staticmethod
    def resolve_actor_name(obj: Any) -> str:
        return str(obj.actor_label)

    @staticmethod
    def resolve_data(obj: TimelineEvent, context: Any) -> dict[str, Any]:
        return dict(obj.data) if _is_staff(context) else obj.public_data()


def creation_fields(*, actor: User, payload: TicketCreateIn) -> TicketFields:
    """The optional fields for ticket_create, as rows; customers may not set the routing ones."""
    routing = sorted(payload.model_fields_set & ROUTING_FIELDS)
    if routing and not actor.is_staff_member:
        raise DomainError(
            _("Only support staff may set %(fields)s.") % {"fields": ", ".join(routing)}, code="forbidden", status=403
        )
    return cast(TicketFields, service_fields(payload.model_dump(include=set(CREATE_FIELDS), exclude_unset=True)))


def service_fields(values: Mapping[str, Any]) -> dict[str, Any]:
    """API values → service values: keys become rows; an unknown key is a 422 naming its field."""
    resolved = dict(values)
    for name, model in KEYED_FIELDS.items():
        if resolved.get(name) is not None:
            resolved[name] = _row_by_key(model, name, resolved[name])
    if resolved.get("required_skills") is not None:
        resolved["required_skills"] = _skills(resolved["required_skills"])
    return resolved


def ticket_filters(query: TicketQuery) -> TicketFilters:
    group = _row_by_key(SkillGroup, "group", query.group) if query.group else None
    if query.assignee is not None and not User.objects.filter(pk=query.assignee, agent__isnull=False).exists():
        raise _unknown("assignee", _("there is no agent with id %(id)s.") % {"id": query.assignee})
    return TicketFilters(
        status=query.status or "",
        priority=query.priority,
        group_id=group.pk if group else None,
        assignee_id=query.assignee,
        unassigned=query.unassigned,
        open_only=query.open,
        query=query.q.strip(),
    )


def _row_by_key(model: type[Model], field: str, key: str) -> Model:
    row = model._default_manager.filter(slug=key).first()
    if row is None:
        raise _unknown(
            field, _("there is no %(kind)s with the key “%(key)s”.") % {"kind": model._meta.verbose_name, "key": key}
        )
    return row


def _skills(keys: list[str]) -> list[Skill]:
    skills = list(Skill.objects.filter(slug__in=keys))
    missing = sorted(set(keys) - {skill.slug for skill in skills})
    if missing:
        raise _unknown("required_skills", _("unknown skill keys: %(keys)s.") % {"keys": ", ".join(missing)})
    return skills


def _unknown(field: str, problem: str) -> DomainError:
    return DomainError(f"{field}: {problem}", code="unknown_reference", status=422)
