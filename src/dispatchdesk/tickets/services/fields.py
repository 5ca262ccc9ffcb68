"""Editable ticket fields, shared by creation and later edits, each change on the timeline."""

from collections.abc import Iterable, Mapping
from typing import Any, TypedDict

from django.db import transaction
from django.utils.translation import gettext as _

from dispatchdesk.accounts.models import DispatchMode, Region, Skill, SkillGroup, Tier, User
from dispatchdesk.common import clock
from dispatchdesk.common.errors import DomainError
from dispatchdesk.tickets.models import Category, EventKind, Priority, Tag, Ticket
from dispatchdesk.tickets.permissions import may_edit_fields
from dispatchdesk.tickets.services.timeline import timeline_record
from dispatchdesk.tickets.services.validation import clean_subject

# name -> expected Python type of the value (None allowed where the field is optional)
SCALAR_FIELDS: dict[str, tuple[type, ...]] = {
    "subject": (str,),
    "priority": (int,),
    "category": (Category, type(None)),
    "group": (SkillGroup, type(None)),
    "region": (Region, type(None)),
    "tier": (str,),
    "language": (str,),
    "dispatch_mode": (str,),
}
SET_FIELDS = ("tags", "required_skills")


class TicketFields(TypedDict, total=False):
    """Fields given by hand when a ticket is created: routing rules leave them as they are.

    (A channel's `priority` argument is only the default; a priority here is manual.)
    """

    priority: int
    category: Category | None
    group: SkillGroup | None
    region: Region | None
    tier: str
    language: str
    dispatch_mode: str
    tags: list[str]
    required_skills: list[Skill]


EDITABLE_FIELDS = frozenset(SCALAR_FIELDS) | frozenset(SET_FIELDS)


@transaction.atomic
def ticket_update_fields(*, ticket_id: int, actor: User, changes: Mapping[str, Any]) -> Ticket:
    """Set fields by hand; they are remembered as manual so routing rules leave them alone."""
    ticket = Ticket.objects.select_for_update().get(pk=ticket_id)
    may_edit_fields(actor, ticket).require()
    changed = apply_field_changes(ticket, changes, actor=actor)
    ticket.manual_fields = sorted(set(ticket.manual_fields) | set(changed))
    ticket.updated_at = clock.now()
    ticket.save(update_fields=["manual_fields", "updated_at"])
    return ticket


def apply_field_changes(ticket: Ticket, changes: Mapping[str, Any], *, actor: User | None) -> list[str]:
    """Validate all changes first, then write them; returns the names of fields that changed."""
    scalars = validated_scalars(changes)
    before = _snapshot(ticket, changes)
    for name, value in scalars.items():
        setattr(ticket, name, value)
    ticket.save(update_fields=[*scalars, "updated_at"])
    set_relations(ticket, changes)
    after = _snapshot(ticket, changes)
    changed = [name for name in changes if before[name] != after[name]]
    _record_changes(ticket, actor, {name: (before[name], after[name]) for name in changed})
    return changed


def validated_scalars(changes: Mapping[str, Any]) -> dict[str, Any]:
    """Check every change (names, types, ranges); return the plain column values to set."""
    _validate(changes)
    scalars = {name: value for name, value in changes.items() if name in SCALAR_FIELDS}
    if "subject" in scalars:
        scalars["subject"] = clean_subject(scalars["subject"])
    return scalars


def set_relations(ticket: Ticket, changes: Mapping[str, Any], *, new: bool = False) -> None:
    """Set tags and required skills; a `new` ticket has none yet, so they are added without a read."""
    if "tags" in changes:
        _replace(ticket.tags, tags_get_or_create(changes["tags"]), new=new)
    if "required_skills" in changes:
        _replace(ticket.required_skills, changes["required_skills"], new=new)


def _replace(related: Any, values: Iterable[Any], *, new: bool) -> None:
    if new:
        related.add(*values)
    else:
        related.set(values)


def tags_get_or_create(names: Iterable[str]) -> list[Tag]:
    cleaned = sorted({name.strip().lower().replace(" ", "-") for name in names if name.strip()})
    return [Tag.objects.get_or_create(name=name[:50])[0] for name in cleaned]


def _validate(changes: Mapping[str, Any]) -> None:
    unknown = set(changes) - EDITABLE_FIELDS
    if unknown:
        raise DomainError(
            _("These fields cannot be changed: %(fields)s.") % {"fields": ", ".join(sorted(unknown))},
            code="unknown_field",
            status=422,
        )
    for name, kinds in SCALAR_FIELDS.items():
        if name in changes and not isinstance(changes[name], kinds):
            raise DomainError(_("Wrong value for %(field)s.") % {"field": name}, code="invalid_value", status=422)
    if "priority" in changes and changes["priority"] not in Priority.values:
        raise DomainError(_("Priority must be 1 (urgent) to 4 (low)."), code="invalid_priority", status=422)
    if "dispatch_mode" in changes and changes["dispatch_mode"] not in ("", *DispatchMode.values):
        raise DomainError(_("Unknown dispatch mode."), code="invalid_mode", status=422)
    if "tier" in changes and changes["tier"] not in Tier.values:
        raise DomainError(_("Unknown tier."), code="invalid_tier", status=422)
    if "required_skills" in changes and not all(isinstance(s, Skill) for s in changes["required_skills"]):
        raise DomainError(_("Unknown skill."), code="invalid_value", status=422)


def _snapshot(ticket: Ticket, names: Iterable[str]) -> dict[str, str]:
    """Comparable, printable values of the named fields (for change detection and the timeline)."""
    values: dict[str, str] = {}
    for name in names:
        if name == "tags":
            values[name] = ", ".join(sorted(t.name for t in ticket.tags.all())) if ticket.pk else ""
        elif name == "required_skills":
            values[name] = ", ".join(sorted(s.slug for s in ticket.required_skills.all())) if ticket.pk else ""
        else:
            value = getattr(ticket, name)
            values[name] = "" if value is None else str(value)
    return values


def _record_changes(ticket: Ticket, actor: User | None, diffs: dict[str, tuple[str, str]]) -> None:
    if "priority" in diffs:
        old, new = diffs.pop("priority")
        timeline_record(
            ticket=ticket, kind=EventKind.PRIORITY, actor=actor, public=False, data={"from": old, "to": new}
        )
    if diffs:
        data = {name: {"from": old, "to": new} for name, (old, new) in diffs.items()}
        timeline_record(ticket=ticket, kind=EventKind.FIELDS, actor=actor, public=False, data=data)
