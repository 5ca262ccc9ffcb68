"""Reads for the settings pages: each list in a fixed number of queries, people by full name."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Prefetch, QuerySet

from dispatchdesk.accounts.models import AgentProfile, AgentSkill, Shift, SkillGroup, Weekday
from dispatchdesk.dispatch.models import ClassifierSettings, ClassifierVersion, RuleSetVersion
from dispatchdesk.integrations.models import WebhookDelivery, WebhookSubscription
from dispatchdesk.settings_area.fields import show_exceptions, show_minutes, show_windows
from dispatchdesk.sla.models import Calendar, OpeningHours, Policy
from dispatchdesk.tickets.models import Macro, Priority


def agents_for_settings() -> QuerySet[AgentProfile]:
    return (
        AgentProfile.objects.select_related("user", "region")
        .prefetch_related(
            Prefetch("skills", queryset=AgentSkill.objects.select_related("skill").order_by("skill__name")),
            "groups",
            "shifts",
        )
        .order_by("user__first_name", "user__last_name", "user__username")
    )


def agent_for_settings(agent_id: int) -> AgentProfile:
    return agents_for_settings().get(pk=agent_id)


def shifts_by_day(shifts: Iterable[Shift]) -> dict[str, str]:
    """{"day_0": "08:00-16:00", …}: the agent's shifts as the weekly form shows them."""
    windows: dict[int, list[tuple[Any, Any]]] = {}
    for shift in shifts:
        windows.setdefault(shift.weekday, []).append((shift.starts, shift.ends))
    return {f"day_{day}": show_windows(sorted(found)) for day, found in windows.items()}


def week_summary(by_day: dict[str, str]) -> list[str]:
    """["Monday to Friday 08:00-16:00", "Saturday 09:00-12:00"]: runs of days with the same hours, for lists."""
    runs: list[tuple[int, int, str]] = []
    for day in Weekday:
        hours = by_day.get(f"day_{day.value}", "")
        if hours and runs and runs[-1][1] == day.value - 1 and runs[-1][2] == hours:
            runs[-1] = (runs[-1][0], day.value, hours)
        elif hours:
            runs.append((day.value, day.value, hours))
    return [
        f"{Weekday(first).label}{'–' + Weekday(last).label if last != first else ''} {hours}"  # noqa: RUF001
        for first, last, hours in runs
    ]


def groups_for_settings() -> QuerySet[SkillGroup]:
    members = AgentProfile.objects.select_related("user").order_by("user__first_name", "user__last_name")
    return SkillGroup.objects.select_related("lead").prefetch_related(Prefetch("members", queryset=members))


def rule_versions(limit: int = 8) -> list[RuleSetVersion]:
    return list(RuleSetVersion.objects.select_related("created_by").order_by("-number")[:limit])


@dataclass(frozen=True, slots=True)
class TargetCell:
    priority: str
    first: str
    resolution: str


def policies_for_settings() -> list[tuple[Policy, list[TargetCell]]]:
    policies = Policy.objects.select_related("calendar").prefetch_related("targets").order_by("order", "name")
    return [(policy, _targets(policy)) for policy in policies]


def _targets(policy: Policy) -> list[TargetCell]:
    by_priority = {target.priority: target for target in policy.targets.all()}
    return [
        TargetCell(
            priority=str(priority.label),
            first=show_minutes(target.first_response_minutes) if target else "—",
            resolution=show_minutes(target.resolution_minutes) if target else "—",
        )
        for priority in Priority
        for target in [by_priority.get(priority.value)]
    ]


def policy_initial(policy: Policy) -> dict[str, Any]:
    initial: dict[str, Any] = {
        "name": policy.name,
        "calendar": policy.calendar_id,
        "warning_percent": policy.warning_percent,
        "active": policy.active,
    }
    for target in policy.targets.all():
        initial[f"p{target.priority}_first"] = target.first_response_minutes
        initial[f"p{target.priority}_next"] = target.next_response_minutes
        initial[f"p{target.priority}_resolution"] = target.resolution_minutes
    return initial


def calendars_for_settings() -> QuerySet[Calendar]:
    return (
        Calendar.objects.prefetch_related("hours", "exceptions").annotate(n_policies=Count("policies")).order_by("name")
    )


def calendar_initial(calendar: Calendar) -> dict[str, Any]:
    return {
        "name": calendar.name,
        "time_zone": calendar.time_zone,
        "always_open": calendar.always_open,
        "holiday_country": calendar.holiday_country,
        "holiday_subdivision": calendar.holiday_subdivision,
        "exceptions": show_exceptions(calendar.exceptions.all()),
        **hours_by_day(calendar.hours.all()),
    }


def hours_by_day(hours: Iterable[OpeningHours]) -> dict[str, str]:
    windows: dict[int, list[tuple[Any, Any]]] = {}
    for row in hours:
        windows.setdefault(row.weekday, []).append((row.opens, row.closes))
    return {f"day_{day}": show_windows(sorted(found)) for day, found in windows.items()}


def macros_for_settings() -> QuerySet[Macro]:
    """Every macro, shared and personal: managers look after them all."""
    return Macro.objects.select_related("owner").order_by("name", "language")


def subscriptions_for_settings() -> QuerySet[WebhookSubscription]:
    return WebhookSubscription.objects.select_related("group", "owner").order_by("format", "pk")


def deliveries_for_settings(subscription: WebhookSubscription, *, limit: int = 50) -> list[WebhookDelivery]:
    """The subscription's latest deliveries, newest first: the log with its answers."""
    return list(subscription.deliveries.order_by("-created_at", "-id")[:limit])


def classifier_versions(limit: int = 8) -> list[ClassifierVersion]:
    """The latest training runs, newest first, without their (large) models."""
    return list(ClassifierVersion.objects.defer("model").order_by("-number")[:limit])


def classifier_settings() -> ClassifierSettings:
    return ClassifierSettings.objects.filter(pk=1).first() or ClassifierSettings()
