"""The what-if page's form: which days of history, which policies, which routing rules."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from dispatchdesk.common.errors import DomainError
from dispatchdesk.common.forms import DomainErrorForm
from dispatchdesk.dispatch.models import RuleSetVersion
from dispatchdesk.simulation.compare import check_compare_window
from dispatchdesk.simulation.runner import DEFAULT_POLICY_NAME, POLICIES

# What each policy does, for the checkboxes; a policy missing here is shown by its name alone.
POLICY_HELP = {
    "sla-batch": _("deadline-aware batches (the product's own)"),
    "priority-deadline": _("priority, then deadline, to the best-ranked agent"),
    "round-robin": _("first come, agents in turn"),
    "least-loaded": _("first come, to the agent with the least work"),
    "longest-idle": _("first come, to the agent idle the longest"),
}


def policy_choices() -> list[tuple[str, str]]:
    return [(name, f"{name}: {POLICY_HELP[name]}" if name in POLICY_HELP else name) for name in POLICIES]


class CompareForm(DomainErrorForm):
    error_fields = {"window_too_long": "until", "empty_window": "until", "bad_policy": "policies"}

    since = forms.DateField(label=_("From"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    until = forms.DateField(
        label=_("Until"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("The day after the last one replayed (UTC); at most 31 days after the first."),
    )
    policies = forms.MultipleChoiceField(
        label=_("Policies to compare"),
        choices=policy_choices,
        initial=[DEFAULT_POLICY_NAME],
        widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}),
    )
    rules = forms.ModelChoiceField(
        label=_("Routing rules"),
        queryset=RuleSetVersion.objects.order_by("-number"),
        required=False,
        empty_label=_("None (skills read from the text only)"),
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        since, until = cleaned.get("since"), cleaned.get("until")
        if since and until:
            try:
                check_compare_window(since=since, until=until)
            except DomainError as error:
                self.add_domain_error(error)
        return cleaned
