"""Changing the service levels from the settings area: SLA policies with their targets, and calendars.

Managers and administrators only (`may_configure`). Every check runs before the first write, so a
refusal changes nothing. The clocks read the new configuration at once in this process and within
a minute in the others (sla.config, a ProcessCopy of these rows); running clocks keep the deadlines
they were given until their next event.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, time
from zoneinfo import available_timezones

from django.db import transaction
from django.utils.translation import gettext as _

from dispatchdesk.accounts.models import User
from dispatchdesk.accounts.permissions import may_configure
from dispatchdesk.common.errors import DomainError
from dispatchdesk.sla.models import Calendar, CalendarException, OpeningHours, Policy, Target
from dispatchdesk.tickets.models import Priority

Window = tuple[time, time]  # opens, closes; closes 00:00 is midnight at the end of the day


@dataclass(frozen=True, slots=True)
class TargetSpec:
    first_response_minutes: int
    resolution_minutes: int
    next_response_minutes: int | None = None


@dataclass(frozen=True, slots=True)
class DayException:
    """A date with other hours than usual; no window means closed all day (a company holiday)."""

    date: date
    window: Window | None = None
    note: str = ""


def _invalid(message: str, code: str) -> DomainError:
    return DomainError(message, code=code, status=422)


@transaction.atomic
def sla_policy_save(
    *,
    actor: User,
    policy_id: int | None,
    name: str,
    calendar_id: int,
    warning_percent: int,
    active: bool,
    targets: Mapping[int, TargetSpec],
) -> Policy:
    """Create (`policy_id` None) or change a policy and its targets, one per priority given."""
    may_configure(actor).require()
    name = name.strip()
    if not name:
        raise _invalid(_("A policy needs a name."), "invalid_name")
    if Policy.objects.filter(name__iexact=name).exclude(pk=policy_id or 0).exists():
        raise DomainError(_("Another policy is already called %(name)s.") % {"name": name}, code="duplicate_name")
    if not 1 <= warning_percent <= 99:  # noqa: PLR2004 - a share of the target, in percent
        raise _invalid(_("“At risk” must be between 1 and 99 percent of the target."), "invalid_warning")
    _check_targets(targets)
    policy = Policy.objects.select_for_update().get(pk=policy_id) if policy_id is not None else Policy()
    policy.name, policy.warning_percent, policy.active = name, warning_percent, active
    policy.calendar = Calendar.objects.get(pk=calendar_id)
    policy.save()
    policy.targets.exclude(priority__in=targets.keys()).delete()
    for priority, spec in targets.items():
        Target.objects.update_or_create(
            policy=policy,
            priority=priority,
            defaults={
                "first_response_minutes": spec.first_response_minutes,
                "next_response_minutes": spec.next_response_minutes,
                "resolution_minutes": spec.resolution_minutes,
            },
        )
    return policy


def _check_targets(targets: Mapping[int, TargetSpec]) -> None:
    for priority, spec in targets.items():
        if priority not in Priority.values:
            raise _invalid(_("Unknown priority."), "invalid_target")
        label = Priority(priority).label
        minutes = (spec.first_response_minutes, spec.resolution_minutes, spec.next_response_minutes or 1)
        if min(minutes) < 1:
            raise _invalid(
                _("%(priority)s: every target must be at least one minute.") % {"priority": label}, "invalid_target"
            )
        if spec.resolution_minutes < spec.first_response_minutes:
            raise _invalid(
                _("%(priority)s: resolution cannot be due before the first response.") % {"priority": label},
                "invalid_target",
            )


@transaction.atomic
def calendar_save(
    *,
    actor: User,
    calendar_id: int | None,
    name: str,
    time_zone: str,
    always_open: bool,
    holiday_country: str,
    holiday_subdivision: str,
    weekly: Mapping[int, Sequence[Window]],
    exceptions: Sequence[DayException],
) -> Calendar:
    """Create or change a calendar: its weekly hours (a weekday left out is closed) and its exceptions."""
    may_configure(actor).require()
    name = name.strip()
    _check_calendar(calendar_id, name, time_zone, holiday_country)
    _check_windows([window for windows in weekly.values() for window in windows])
    _check_windows([e.window for e in exceptions if e.window is not None])
    calendar = Calendar.objects.select_for_update().get(pk=calendar_id) if calendar_id is not None else Calendar()
    calendar.name, calendar.time_zone, calendar.always_open = name, time_zone, always_open
    calendar.holiday_country, calendar.holiday_subdivision = holiday_country.upper(), holiday_subdivision.upper()
    calendar.save()
    calendar.hours.all().delete()
    calendar.exceptions.all().delete()
    for weekday, windows in sorted(weekly.items()):
        for opens, closes in windows:
            OpeningHours.objects.create(calendar=calendar, weekday=weekday, opens=opens, closes=closes)
    for day in exceptions:
        hours = {"opens": day.window[0], "closes": day.window[1]} if day.window else {}
        CalendarException.objects.create(calendar=calendar, date=day.date, note=day.note[:200], **hours)
    return calendar


def _check_calendar(calendar_id: int | None, name: str, time_zone: str, holiday_country: str) -> None:
    if not name:
        raise _invalid(_("A calendar needs a name."), "invalid_name")
    if Calendar.objects.filter(name__iexact=name).exclude(pk=calendar_id or 0).exists():
        raise DomainError(_("Another calendar is already called %(name)s.") % {"name": name}, code="duplicate_name")
    if time_zone not in available_timezones():
        raise _invalid(_("Unknown time zone: %(zone)s.") % {"zone": time_zone}, "invalid_time_zone")
    if holiday_country and not (len(holiday_country) == 2 and holiday_country.isalpha()):  # noqa: PLR2004
        raise _invalid(_("The holidays' country is a two-letter code, e.g. DE."), "invalid_country")


def _check_windows(windows: Sequence[Window]) -> None:
    for opens, closes in windows:
        if closes != time(0) and closes <= opens:
            raise _invalid(
                _("%(opens)s to %(closes)s closes before it opens.")
                % {"opens": f"{opens:%H:%M}", "closes": f"{closes:%H:%M}"},
                "invalid_hours",
            )
