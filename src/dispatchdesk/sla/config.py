"""The SLA configuration as the clocks read it: every active policy with its targets and calendar.

Read on every ticket event, changed a few times a year: so it is loaded once (four queries) and kept
per process, as a ProcessCopy (docs/decisions/0009-sla-clocks.md).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from dispatchdesk.common import clock
from dispatchdesk.common.process_copy import ProcessCopy
from dispatchdesk.sla import calendar as business
from dispatchdesk.sla.models import Calendar, CalendarException, OpeningHours, Policy, Target

HOLIDAY_YEARS = range(-1, 4)  # holidays from last year to three years ahead


@dataclass(frozen=True, slots=True)
class PolicyView:
    policy: Policy
    calendar: business.BusinessCalendar
    targets: dict[int, Target]  # by priority


@dataclass(frozen=True, slots=True)
class ServiceLevels:
    policies: dict[int, PolicyView]  # by id, active ones only

    @property
    def pause_statuses(self) -> frozenset[str]:
        """Every status any policy pauses in."""
        return frozenset(status for view in self.policies.values() for status in view.policy.pause_statuses)

    def policy_for(self, *, category_id: int | None, customer_tier: str) -> PolicyView | None:
        """The most specific match: category and tier, category, tier, then the default; `order` breaks ties."""
        matches = [
            view
            for view in self.policies.values()
            if view.policy.category_id in (None, category_id) and view.policy.customer_tier in ("", customer_tier)
        ]
        matches.sort(
            key=lambda v: (v.policy.category_id is None, v.policy.customer_tier == "", v.policy.order, v.policy.pk)
        )
        return matches[0] if matches else None


def _load() -> ServiceLevels:
    calendars = {c.pk: _business_calendar(c) for c in Calendar.objects.prefetch_related("hours", "exceptions")}
    policies = Policy.objects.filter(active=True).prefetch_related("targets")
    return ServiceLevels(
        policies={
            p.pk: PolicyView(p, calendars[p.calendar_id], {t.priority: t for t in p.targets.all()}) for p in policies
        }
    )


def _business_calendar(row: Calendar) -> business.BusinessCalendar:
    weekly: dict[int, list[business.Window]] = {}
    for hours in row.hours.all():
        weekly.setdefault(hours.weekday, []).append(business.window(hours.opens, hours.closes))
    extra: dict[date, tuple[business.Window, ...]] = {}
    for exception in row.exceptions.all():
        opened = (
            ()
            if exception.opens is None or exception.closes is None
            else (business.window(exception.opens, exception.closes),)
        )
        extra[exception.date] = (*extra.get(exception.date, ()), *opened)
    year = clock.now().year
    closed = (
        business.holiday_dates(row.holiday_country, row.holiday_subdivision or None, (year + y for y in HOLIDAY_YEARS))
        if row.holiday_country
        else frozenset()
    )
    return business.BusinessCalendar(
        tz=row.time_zone,
        weekly={day: tuple(windows) for day, windows in weekly.items()},
        closed_days=closed,
        extra_open=extra,
        always_open=row.always_open,
    )


_copy = ProcessCopy("sla-config", _load, sources=(Calendar, OpeningHours, CalendarException, Policy, Target))
service_levels = _copy.get
