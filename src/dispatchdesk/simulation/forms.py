"""The what-if page's form: which days of history, which policies, which routing rules."""

from __future__ import annotations

from datetime import UTC, date, timedelta
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from dispatchdesk.accounts.models import DispatchMode, DispatchPolicy, SkillGroup
from dispatchdesk.common import clock
from dispatchdesk.common.errors import DomainError
from dispatchdesk.common.forms import DomainErrorForm
from dispatchdesk.dispatch.models import RuleSetVersion
from dispatchdesk.simulation.compare import check_compare_window

DEFAULT_DAYS = timedelta(days=28)  # the last four weeks, up to today: what a manager asks first


def _today() -> date:
    return clock.now().astimezone(UTC).date()


def policy_choices() -> list[tuple[str, str]]:
    """Exactly the policies a group can be switched to (accounts.DispatchPolicy); `dispatchdesk
    simulate` also replays the reference baselines."""
    return [(policy.value, f"{policy.value}: {policy.label}") for policy in DispatchPolicy]


class CompareForm(DomainErrorForm):
    error_fields = {"window_too_long": "until", "empty_window": "until", "bad_policy": "policies"}

    since = forms.DateField(
        label=_("From"),
        initial=lambda: _today() - DEFAULT_DAYS,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    until = forms.DateField(
        label=_("Until"),
        initial=_today,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("The day after the last one replayed (UTC); at most 31 days after the first."),
    )
    policies = forms.MultipleChoiceField(
        label=_("Policies to compare"),
        choices=policy_choices,
        initial=list(DispatchPolicy.values),
        widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}),
    )
    rules = forms.ModelChoiceField(
        label=_("Routing rules"),
        queryset=RuleSetVersion.objects.order_by("-number"),
        initial=lambda: RuleSetVersion.objects.order_by("-number").values_list("pk", flat=True).first(),
        required=False,
        empty_label=_("None (skills read from the text only)"),
        help_text=_("The live rules, the newest version, are chosen unless you pick another."),
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


class PublishForm(DomainErrorForm):
    """Switch groups' automatic dispatch to the policy that won a comparison."""

    error_fields = {"unknown_policy": "policy", "no_groups": "groups"}

    policy = forms.ChoiceField(choices=DispatchPolicy.choices, widget=forms.HiddenInput)
    groups = forms.ModelMultipleChoiceField(
        label=_("Groups to switch"),
        queryset=SkillGroup.objects.order_by("name"),
        widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}),
        help_text=_("The policy decides in automatic dispatch (and for first-line work of hybrid groups)."),
    )
    comment = forms.CharField(widget=forms.HiddenInput, required=False, max_length=300)


def automatic_groups() -> list[int]:
    """The groups a published policy is for by default: those that dispatch automatically."""
    modes = (DispatchMode.AUTOMATIC, DispatchMode.HYBRID)
    return list(SkillGroup.objects.filter(mode__in=modes).values_list("pk", flat=True))
