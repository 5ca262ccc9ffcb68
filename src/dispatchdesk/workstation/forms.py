"""Agent page forms: they parse and check input; the ticket services do the writing."""

from collections.abc import Sequence
from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from dispatchdesk.accounts.models import SkillGroup, User
from dispatchdesk.common.forms import BootstrapForm, DomainErrorForm
from dispatchdesk.dispatch.selectors import AssignmentOption
from dispatchdesk.intake.channels.desk import DESK_CHANNELS
from dispatchdesk.tickets import workflow
from dispatchdesk.tickets.forms import ATTACHMENT_ERRORS, TEXT_ERRORS, MultipleFileField
from dispatchdesk.tickets.models import Category, Channel, Priority, Status, Ticket
from dispatchdesk.tickets.selectors import TicketFilters
from dispatchdesk.tickets.services.fields import TicketFields
from dispatchdesk.tickets.sla_state import AT_RISK, BREACHED


class MessageForm(DomainErrorForm):
    body = forms.CharField(label=_("Text"), widget=forms.Textarea(attrs={"rows": 5}), strip=True)
    attachments = MultipleFileField(label=_("Attachments"))

    error_fields = ATTACHMENT_ERRORS | TEXT_ERRORS


class StatusForm(DomainErrorForm):
    # Any status validates here, so an illegal move reaches the workflow and gets its clear message.
    status = forms.ChoiceField(label=_("New status"), choices=Status.choices)
    reason = forms.CharField(label=_("Reason"), max_length=500, required=False)

    def __init__(self, *args: Any, ticket: Ticket, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        targets = workflow.allowed_targets(ticket.status)
        # No target preselected: a careless click must not, say, send the ticket back to the queue.
        self.fields["status"].widget.choices = [("", _("Choose…")), *((s.value, s.label) for s in targets)]
        self.fields["status"].disabled = not targets

    error_fields = {"unknown_status": "status", "illegal_transition": "status", "status_unchanged": "status"}


class NewTicketForm(DomainErrorForm):
    """A request an agent takes on the phone or by email (intake.channels.desk)."""

    customer_email = forms.EmailField(label=_("Customer's email"))
    customer_name = forms.CharField(
        label=_("Customer's name"), required=False, max_length=200, help_text=_("Needed only for a new customer.")
    )
    channel = forms.TypedChoiceField(
        label=_("Received by"),
        choices=[(c.value, c.label) for c in DESK_CHANNELS],
        coerce=Channel,
        initial=Channel.PHONE,
    )
    subject = forms.CharField(label=_("Subject"), max_length=settings.DISPATCHDESK_MAX_SUBJECT_LENGTH)
    body = forms.CharField(label=_("What the customer said"), widget=forms.Textarea(attrs={"rows": 6}), strip=True)
    priority = forms.TypedChoiceField(
        label=_("Priority"), choices=Priority.choices, coerce=int, initial=Priority.NORMAL
    )
    category = forms.ModelChoiceField(
        label=_("Category"),
        queryset=Category.objects.order_by("name"),
        required=False,
        empty_label=_("Let the rules decide"),
    )
    group = forms.ModelChoiceField(
        label=_("Group"),
        queryset=SkillGroup.objects.order_by("name"),
        required=False,
        empty_label=_("Let the rules decide"),
    )
    attachments = MultipleFileField(label=_("Attachments"))

    error_fields = (
        ATTACHMENT_ERRORS
        | TEXT_ERRORS
        | {
            "subject_required": "subject",
            "subject_too_long": "subject",
            "customer_name_required": "customer_name",
            "invalid_input": "customer_name",
        }
    )

    def ticket_fields(self) -> TicketFields:
        """What the agent chose by hand: routing rules leave these alone."""
        data = self.cleaned_data
        fields: TicketFields = {"priority": data["priority"]}
        if data["category"] is not None:
            fields["category"] = data["category"]
        if data["group"] is not None:
            fields["group"] = data["group"]
        return fields


class AssignForm(DomainErrorForm):
    """Hand the ticket to someone: the eligible agents first with the engine's score and reasons, the
    others below with why not; anyone but the engine's first choice needs a tick to confirm."""

    agent = forms.TypedChoiceField(label=_("Agent"), coerce=int)
    confirm = forms.BooleanField(label=_("Yes, assign to this agent"), required=False)

    error_fields = {"unknown_agent": "agent", "agent_at_capacity": "agent", "already_assigned": "agent"}

    def __init__(self, *args: Any, options: Sequence[AssignmentOption] = (), actor: User | None = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.options, self.actor = list(options), actor
        eligible = [
            (o.user_id, _("%(name)s: %(why)s") % {"name": o.name, "why": o.why}) for o in self.options if o.eligible
        ]
        others = [
            (o.user_id, _("%(name)s: %(why)s") % {"name": o.name, "why": o.why}) for o in self.options if not o.eligible
        ]
        choices: list[Any] = [("", _("Choose an agent…"))]
        if eligible:
            choices.append((_("Eligible, best first"), eligible))
        if others:
            choices.append((_("Not eligible now"), others))
        if not self.options:  # a plain post (take): any agent id, the service decides
            choices = [(self.data.get("agent"), "")]
        self.fields["agent"].choices = choices  # type: ignore[attr-defined]  # a ChoiceField

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        chosen, best = cleaned.get("agent"), next((o for o in self.options if o.eligible), None)
        if chosen is not None and self._overrides(chosen, best) and not cleaned.get("confirm"):
            picked = next((o for o in self.options if o.user_id == chosen), None)
            self.add_error("confirm", self._override_message(picked, best))
        return cleaned

    def _overrides(self, chosen: int, best: AssignmentOption | None) -> bool:
        """Choosing others than the engine's first choice, for someone else: that asks for a tick."""
        is_self = self.actor is not None and chosen == self.actor.pk
        return bool(self.options) and not is_self and (best is None or chosen != best.user_id)

    @staticmethod
    def _override_message(picked: AssignmentOption | None, best: AssignmentOption | None) -> str:
        who = picked.name if picked is not None else _("this agent")
        if picked is not None and not picked.eligible:
            return _("%(name)s is not eligible now (%(why)s). Tick to assign anyway.") % {
                "name": who,
                "why": picked.why,
            }
        first = best.name if best is not None else _("nobody")
        return _("The engine's first choice is %(best)s, not %(name)s. Tick to assign anyway.") % {
            "best": first,
            "name": who,
        }


class AcceptForm(DomainErrorForm):
    """No fields: it only carries the service's answer back to the page."""


class ClaimForm(DomainErrorForm):
    """No fields: a refused claim (someone was faster, a hard rule) is shown as a form error."""


class DeclineForm(DomainErrorForm):
    reason = forms.CharField(label=_("Why do you decline?"), max_length=500, strip=True)

    error_fields = {"decline_reason_required": "reason"}


class EscalateForm(DomainErrorForm):
    reason = forms.CharField(label=_("Why does it need L2?"), max_length=500, strip=True)

    error_fields = {"escalation_reason_required": "reason"}


ASSIGNEE_CHOICES = [("", _("Anyone")), ("me", _("Me")), ("unassigned", _("Unassigned"))]


SLA_CHOICES = [("", _("Any SLA state")), (AT_RISK, _("At risk")), (BREACHED, _("Breached"))]
ORDER_CHOICES = [("", _("Priority, then newest")), ("due", _("Next deadline first"))]


class TicketFilterForm(BootstrapForm):
    q = forms.CharField(label=_("Search"), required=False, max_length=200)
    status = forms.ChoiceField(label=_("Status"), required=False, choices=[("", _("Any status")), *Status.choices])
    priority = forms.TypedChoiceField(
        label=_("Priority"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", _("Any priority")), *Priority.choices],
    )
    group = forms.ModelChoiceField(
        label=_("Group"), required=False, queryset=SkillGroup.objects.order_by("name"), empty_label=_("Any group")
    )
    assignee = forms.ChoiceField(label=_("Assignee"), required=False, choices=ASSIGNEE_CHOICES)
    open = forms.BooleanField(label=_("Open only"), required=False)
    sla = forms.ChoiceField(label=_("SLA"), required=False, choices=SLA_CHOICES)
    order = forms.ChoiceField(label=_("Order"), required=False, choices=ORDER_CHOICES)

    def to_filters(self, user: User) -> TicketFilters:
        """The valid part of the filters (a bad value is dropped and shown as an error)."""
        self.is_valid()  # cleaned_data keeps the valid fields even when another one is wrong
        data = self.cleaned_data
        group: SkillGroup | None = data.get("group")
        assignee = data.get("assignee", "")
        return TicketFilters(
            status=data.get("status", ""),
            priority=data.get("priority"),
            group_id=group.pk if group else None,
            assignee_id=user.pk if assignee == "me" else None,
            unassigned=assignee == "unassigned",
            open_only=bool(data.get("open")),
            query=data.get("q", ""),
            sla_state=data.get("sla", ""),
            by_due=data.get("order") == "due",
        )
