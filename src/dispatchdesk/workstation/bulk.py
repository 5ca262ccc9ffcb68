"""Bulk actions on the tickets an agent ticked: each ticket goes through the same service as on its own page.

Every ticket is its own transaction, so the legal ones are done and each refused one is listed with the
service's reason; nothing is skipped silently. A ticket the actor may not see is refused like a missing one.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from django import forms
from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from dispatchdesk.accounts.models import User
from dispatchdesk.common.errors import DomainError
from dispatchdesk.common.forms import DomainErrorForm
from dispatchdesk.tickets import services
from dispatchdesk.tickets.models import Priority, Status, Ticket
from dispatchdesk.tickets.selectors import tickets_visible_to

MOST_AT_ONCE = 1000


class Action(models.TextChoices):
    ASSIGN = "assign", gettext_lazy("Assign to")
    STATUS = "status", gettext_lazy("Set status")
    PRIORITY = "priority", gettext_lazy("Set priority")
    ADD_TAGS = "add_tags", gettext_lazy("Add tags")
    REMOVE_TAGS = "remove_tags", gettext_lazy("Remove tags")
    MERGE = "merge", gettext_lazy("Merge into ticket")


class BulkForm(DomainErrorForm):
    prefix = "bulk"  # the filter form on the same page has a status and a priority too
    action = forms.ChoiceField(label=gettext_lazy("Action"), choices=[("", gettext_lazy("Choose…")), *Action.choices])
    agent = forms.ChoiceField(label=gettext_lazy("Agent"), required=False)
    status = forms.ChoiceField(label=gettext_lazy("Status"), required=False, choices=[("", "—"), *Status.choices])
    priority = forms.TypedChoiceField(
        label=gettext_lazy("Priority"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", "—"), *Priority.choices],
    )
    tags = forms.CharField(label=gettext_lazy("Tags"), required=False, max_length=200)
    target = forms.IntegerField(label=gettext_lazy("Ticket number"), required=False, min_value=1)

    error_fields = {"merge_target_missing": "target"}
    NEEDS = {
        Action.ASSIGN: "agent",
        Action.STATUS: "status",
        Action.PRIORITY: "priority",
        Action.ADD_TAGS: "tags",
        Action.REMOVE_TAGS: "tags",
        Action.MERGE: "target",
    }

    def __init__(self, *args: Any, actor: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        agents = User.objects.filter(agent__isnull=False, is_active=True).order_by("first_name", "last_name")
        choices = [("", "—"), ("me", _("Me")), *((str(agent.pk), str(agent)) for agent in agents)]
        self.fields["agent"].choices = choices  # type: ignore[attr-defined]  # a ChoiceField
        self.actor = actor

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        needed = self.NEEDS.get(cleaned.get("action", ""))
        if needed and cleaned.get(needed) in (None, ""):
            self.add_error(needed, _("This action needs a value here."))
        return cleaned

    def agent_id(self) -> int | None:
        agent = self.cleaned_data.get("agent") or ""
        return self.actor.pk if agent == "me" else int(agent) if agent.isdigit() else None

    def tag_names(self) -> set[str]:
        return {name.strip().lower().replace(" ", "-") for name in self.cleaned_data["tags"].split(",") if name.strip()}


@dataclass(frozen=True)
class Outcome:
    ticket_id: int
    number: int | None  # None: a ticket the actor cannot see (or that is gone)
    subject: str
    refusal: str = ""  # empty when done


def selected_ids(values: Sequence[str]) -> list[int]:
    """The ticked ticket ids, in order, without repeats or garbage."""
    return list(dict.fromkeys(int(value) for value in values if value.isdigit()))[:MOST_AT_ONCE]


def bulk_apply(*, actor: User, ticket_ids: Sequence[int], form: BulkForm) -> list[Outcome]:
    """Apply the form's action to each ticket in turn; one outcome per ticket, in the order given."""
    act = _action(actor, form)
    visible = {t.pk: t for t in tickets_visible_to(actor).filter(pk__in=ticket_ids)}
    outcomes = []
    for ticket_id in ticket_ids:
        ticket = visible.get(ticket_id)
        if ticket is None:
            outcomes.append(Outcome(ticket_id, None, "", _("This ticket no longer exists or is not yours to see.")))
            continue
        try:
            act(ticket)
        except DomainError as error:
            outcomes.append(Outcome(ticket_id, ticket.number, ticket.subject, error.message))
        else:
            outcomes.append(Outcome(ticket_id, ticket.number, ticket.subject))
    return outcomes


def _action(actor: User, form: BulkForm) -> Callable[[Ticket], object]:
    """The per-ticket call for the form's action (its parameters checked once, before any ticket)."""
    data, action = form.cleaned_data, form.cleaned_data["action"]
    if action == Action.ASSIGN:
        agent_id = form.agent_id() or 0
        return lambda t: services.ticket_assign(ticket_id=t.pk, agent_id=agent_id, actor=actor)
    if action == Action.STATUS:
        return lambda t: services.ticket_change_status(ticket_id=t.pk, to=data["status"], actor=actor)
    if action == Action.PRIORITY:
        changes = {"priority": data["priority"]}
        return lambda t: services.ticket_update_fields(ticket_id=t.pk, actor=actor, changes=changes)
    if action in (Action.ADD_TAGS, Action.REMOVE_TAGS):
        return _tagging(actor, form.tag_names(), add=action == Action.ADD_TAGS)
    return _merging(actor, data["target"])


def _tagging(actor: User, names: set[str], *, add: bool) -> Callable[[Ticket], object]:
    def tag(ticket: Ticket) -> object:
        current = set(ticket.tags.values_list("name", flat=True))
        wanted = current | names if add else current - names
        return services.ticket_update_fields(ticket_id=ticket.pk, actor=actor, changes={"tags": sorted(wanted)})

    return tag


def _merging(actor: User, target_number: int) -> Callable[[Ticket], object]:
    target = tickets_visible_to(actor).filter(number=target_number).first()
    if target is None:
        raise DomainError(
            _("There is no ticket %(number)s you can see.") % {"number": target_number},
            code="merge_target_missing",
            status=422,
        )

    def merge(ticket: Ticket) -> object:
        if ticket.pk == target.pk:
            return None  # the target itself was ticked: it takes the others in
        return services.ticket_merge(source_id=ticket.pk, target_id=target.pk, actor=actor)

    return merge
