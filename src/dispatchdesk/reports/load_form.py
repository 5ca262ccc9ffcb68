"""The load page's own query (dates, group, member, service goal) until the reports' shared query form
takes over the range and the group; bad input becomes a sentence on the form, never a 500."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any, cast

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from dispatchdesk.accounts.models import AgentProfile
from dispatchdesk.common import clock
from dispatchdesk.common.forms import BootstrapForm
from dispatchdesk.reports.erlang import ServiceGoal
from dispatchdesk.reports.load import Span
from dispatchdesk.reports.metrics import Scope

LONGEST = 366  # days: a year of hourly slots is read in seconds; a decade is not a load question
WEEKS = 4  # the default span: the last four whole weeks forecast the next


def defaults() -> dict[str, Any]:
    """The last four weeks up to yesterday (the desk's day), 80 % of tickets taken within an hour."""
    end = clock.desk_today() - timedelta(days=1)
    return {"start": end - timedelta(days=7 * WEEKS - 1), "end": end, "share": 80, "target": 60, "member": ""}


class LoadForm(BootstrapForm):
    start = forms.DateField(
        label=gettext_lazy("From"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    end = forms.DateField(label=gettext_lazy("To"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    member = forms.TypedChoiceField(label=gettext_lazy("Member"), coerce=int, required=False, empty_value=None)
    share = forms.IntegerField(label=gettext_lazy("Service level (%)"), min_value=50, max_value=99)
    target = forms.IntegerField(label=gettext_lazy("Taken within (minutes)"), min_value=1, max_value=7 * 24 * 60)

    def __init__(self, data: dict[str, Any], *, scope: Scope) -> None:
        super().__init__(data)
        members = AgentProfile.objects.select_related("user").order_by("user__first_name", "user__username")
        if scope.group_ids is not None:
            members = members.filter(groups__in=scope.group_ids).distinct()
        field = cast(forms.TypedChoiceField, self.fields["member"])
        field.choices = [("", _("Everyone"))] + [(m.user_id, _member_label(m)) for m in members]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        start, end = cleaned.get("start"), cleaned.get("end")
        if isinstance(start, date) and isinstance(end, date):
            if end < start:
                self.add_error(
                    "end", _("The range ends before it starts: choose an end on or after %(start)s.") % {"start": start}
                )
            elif (end - start).days + 1 > LONGEST:
                self.add_error("start", _("Choose a range of at most a year (%(days)s days).") % {"days": LONGEST})
        return cleaned

    def span(self) -> Span:
        """[start of the first day, end of the last day) in the desk's time zone."""
        return clock.desk_day(self.cleaned_data["start"])[0], clock.desk_day(self.cleaned_data["end"])[1]

    def goal(self) -> ServiceGoal:
        return ServiceGoal(self.cleaned_data["share"] / 100, self.cleaned_data["target"] * 60.0)


def _member_label(member: AgentProfile) -> str:
    name = str(member.user)
    return name if member.user.is_active else _("%(name)s (left)") % {"name": name}
