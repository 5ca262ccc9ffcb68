"""Service levels: SLA policies with their targets per priority, and business-hours calendars."""

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from dispatchdesk.accounts.http import AuthedRequest
from dispatchdesk.common.errors import DomainError
from dispatchdesk.settings_area.forms import CalendarForm, PolicyForm
from dispatchdesk.settings_area.http import configurers_only
from dispatchdesk.settings_area.selectors import (
    calendar_initial,
    calendars_for_settings,
    hours_by_day,
    policies_for_settings,
    policy_initial,
    week_summary,
)
from dispatchdesk.sla.models import Calendar, Policy
from dispatchdesk.sla.services import TargetSpec, calendar_save, sla_policy_save
from dispatchdesk.tickets.models import Priority


@configurers_only
@require_GET
def overview(request: AuthedRequest) -> HttpResponse:
    calendars = [(calendar, week_summary(hours_by_day(calendar.hours.all()))) for calendar in calendars_for_settings()]
    context = {"policies": policies_for_settings(), "calendars": calendars, "section": "service_levels"}
    return render(request, "settings_area/service_levels.html", context)


@configurers_only
@require_http_methods(["GET", "POST"])
def policy_edit(request: AuthedRequest, policy_id: int | None = None) -> HttpResponse:
    policy = get_object_or_404(Policy.objects.prefetch_related("targets"), pk=policy_id) if policy_id else None
    form = PolicyForm(request.POST or None, initial=policy_initial(policy) if policy else None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            saved = sla_policy_save(
                actor=request.user,
                policy_id=policy_id,
                name=data["name"],
                calendar_id=data["calendar"].pk,
                warning_percent=data["warning_percent"],
                active=data["active"],
                targets=_targets(data),
            )
        except DomainError as error:
            form.add_domain_error(error)
        else:
            messages.success(request, _("SLA policy %(policy)s saved.") % {"policy": saved})
            return redirect("settings_area:service_levels")
    context = {"form": form, "policy": policy, "section": "service_levels"}
    return render(request, "settings_area/policy.html", context)


def _targets(data: dict[str, int | None]) -> dict[int, TargetSpec]:
    targets = {}
    for priority in Priority:
        first, resolution = data[f"p{priority.value}_first"], data[f"p{priority.value}_resolution"]
        if first is not None and resolution is not None:
            targets[priority.value] = TargetSpec(first, resolution, data[f"p{priority.value}_next"])
    return targets


@configurers_only
@require_http_methods(["GET", "POST"])
def calendar_edit(request: AuthedRequest, calendar_id: int | None = None) -> HttpResponse:
    calendar = (
        get_object_or_404(Calendar.objects.prefetch_related("hours", "exceptions"), pk=calendar_id)
        if calendar_id
        else None
    )
    form = CalendarForm(request.POST or None, initial=calendar_initial(calendar) if calendar else None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            saved = calendar_save(
                actor=request.user,
                calendar_id=calendar_id,
                name=data["name"],
                time_zone=data["time_zone"],
                always_open=data["always_open"],
                holiday_country=data["holiday_country"],
                holiday_subdivision=data["holiday_subdivision"],
                weekly=form.weekly(),
                exceptions=data["exceptions"],
            )
        except DomainError as error:
            form.add_domain_error(error)
        else:
            messages.success(request, _("Calendar %(calendar)s saved.") % {"calendar": saved})
            return redirect("settings_area:service_levels")
    context = {"form": form, "calendar": calendar, "section": "service_levels"}
    return render(request, "settings_area/calendar.html", context)
