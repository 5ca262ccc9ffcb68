"""The weekly report to managers (R6): last week's key figures, by the dashboard's definitions, sent once
per manager and ISO week through the outbox (notifications.services.weekly_report_send).

The worker asks every minute (`run_weekly_reports`, enqueued with the other sweeps); from Monday 00:00
in the desk's time zone the week before is complete, and each active manager with an email address
who has not had its report gets it. The outbox key (manager, ISO week) makes a second worker, a retry
or a restart harmless.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from dispatchdesk.accounts.models import Role, User
from dispatchdesk.common import clock
from dispatchdesk.notifications.models import OutboundEmail
from dispatchdesk.notifications.services import weekly_report_send
from dispatchdesk.notifications.weekly import weekly_key
from dispatchdesk.reports import metrics


@dataclass(frozen=True, slots=True)
class Week:
    label: str  # the ISO week, "2026-W48"
    first: date  # its Monday
    last: date  # its Sunday

    @property
    def span(self) -> metrics.Day:
        return clock.desk_day(self.first)[0], clock.desk_day(self.last)[1]


def last_week(now: datetime) -> Week:
    """The last complete ISO week (Monday to Sunday) before `now`, in the desk's time zone."""
    today = now.astimezone(clock.desk_zone()).date()
    first = today - timedelta(days=today.weekday() + 7)
    year, number, _day = first.isocalendar()
    return Week(f"{year}-W{number:02d}", first, first + timedelta(days=6))


def week_figures(scope: metrics.Scope, week: Week) -> dict[str, Any]:
    """New, resolved, first response, resolution, SLA compliance and CSAT over the week: the
    dashboard's day figures (reports.metrics) over seven days, kept as numbers."""
    rows = metrics.day_rows(scope, week.span)
    first, resolution = metrics.first_response_times(rows), metrics.resolution_times(rows)
    compliance, satisfaction = metrics.sla_compliance(rows), metrics.satisfaction(scope, week.span)
    return {
        "from": week.first.isoformat(),
        "to": week.last.isoformat(),
        "new": metrics.new_tickets(rows),
        "resolved": metrics.resolved_tickets(rows),
        "first_response_avg_s": first.average,
        "first_response_median_s": first.median,
        "resolution_avg_s": resolution.average,
        "resolution_median_s": resolution.median,
        "sla_met": compliance.met,
        "sla_settled": compliance.settled,
        "csat_satisfied": satisfaction.satisfied,
        "csat_rated": satisfaction.rated,
    }


def weekly_reports_send() -> int:
    """Send last week's report to every manager who has not had it; the number sent now."""
    week = last_week(clock.now())
    managers = User.objects.filter(role=Role.MANAGER, is_active=True).exclude(email="").order_by("pk")
    keys = {weekly_key(manager, week.label): manager for manager in managers}
    sent = set(OutboundEmail.objects.filter(key__in=keys).values_list("key", flat=True))
    waiting = [manager for key, manager in keys.items() if key not in sent]
    if not waiting:
        return 0  # the usual answer, after one indexed query
    figures = week_figures(metrics.Scope(), week)
    return sum(weekly_report_send(recipient=manager, week=week.label, figures=figures) for manager in waiting)
