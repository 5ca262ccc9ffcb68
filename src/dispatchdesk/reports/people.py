"""Names for the rows of a report: agents (also those who left or were removed) and groups."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from django.utils.translation import gettext as _

from dispatchdesk.accounts.models import Shift, SkillGroup, User


def agent_names(ids: Iterable[int | None]) -> dict[int | None, str]:
    """Each agent's name; one who left is marked so, one no longer on record is void, never an error."""
    wanted = {pk for pk in ids if pk is not None}
    names: dict[int | None, str] = {None: _("Nobody (unassigned)")}
    for user in User.objects.filter(pk__in=wanted):
        names[user.pk] = str(user) if user.is_active else _("%(name)s (left)") % {"name": user}
    for pk in wanted - names.keys():
        names[pk] = _("Agent no longer on record (%(id)s)") % {"id": pk}
    return names


def group_names(ids: Iterable[int | None]) -> dict[int | None, str]:
    wanted = {pk for pk in ids if pk is not None}
    names: dict[int | None, str] = {None: _("No group")}
    names |= dict(SkillGroup.objects.filter(pk__in=wanted).values_list("pk", "name"))
    for pk in wanted - names.keys():
        names[pk] = _("Group no longer on record (%(id)s)") % {"id": pk}
    return names


def shift_seconds(agent_ids: Iterable[int], span: tuple[datetime, datetime]) -> dict[int, float | None]:
    """Each agent's scheduled time within `span`: their weekly shifts (accounts.Shift) in their region's
    time zone, clipped to the span. None for an agent without shifts (no schedule to compare with)."""
    weekly: dict[int, list[Shift]] = {pk: [] for pk in agent_ids}
    zones: dict[int, str] = {}
    for shift in Shift.objects.filter(agent__user_id__in=weekly.keys()).select_related("agent__region"):
        user_id = shift.agent.user_id
        weekly[user_id].append(shift)
        zones[user_id] = shift.agent.region.time_zone if shift.agent.region else "UTC"
    return {pk: _scheduled(shifts, ZoneInfo(zones[pk]), span) if shifts else None for pk, shifts in weekly.items()}


def _scheduled(shifts: list[Shift], zone: ZoneInfo, span: tuple[datetime, datetime]) -> float:
    start, end = span
    day = start.astimezone(zone).date() - timedelta(days=1)
    last = end.astimezone(zone).date()
    total = 0.0
    while day <= last:
        for shift in shifts:
            if shift.weekday == day.weekday():
                begins = datetime.combine(day, shift.starts, tzinfo=zone)
                ends = datetime.combine(day, shift.ends, tzinfo=zone)
                total += max(0.0, (min(ends, end) - max(begins, start)).total_seconds())
        day += timedelta(days=1)
    return total
