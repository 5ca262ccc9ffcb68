"""The dashboard's figures (R1): one function per metric, its docstring the definition (docs/metrics.md).

Common to all of them:
- **Scope**: the whole desk, or the tickets of some skill groups (a ticket's current group).
- **Today** is the desk's day: midnight to midnight in settings.TIME_ZONE (common.clock.desk_day),
  the zone the desk's managers work in; agents' and calendars' own zones do not move it.
- Durations come per ticket from reports.figures (which defines first response, resolution,
  calendar and business time, and "met"); a reopen clears a resolution, it never clears a first response.
"""

from __future__ import annotations

import statistics
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import NamedTuple

from django.db.models import BooleanField, Count, ExpressionWrapper, Q, QuerySet

from dispatchdesk.accounts.models import AgentProfile, Availability, Presence
from dispatchdesk.reports.models import TicketFigures
from dispatchdesk.tickets.models import OPEN_STATUSES, Rating, Ticket
from dispatchdesk.tickets.sla_state import AT_RISK, BREACHED, with_sla_state


@dataclass(frozen=True, slots=True)
class Scope:
    """Which tickets and agents the figures are about: None is the whole desk."""

    group_ids: frozenset[int] | None = None

    def tickets(self) -> QuerySet[Ticket]:
        tickets = Ticket.objects.all()
        return tickets if self.group_ids is None else tickets.filter(group_id__in=self.group_ids)

    def figures(self) -> QuerySet[TicketFigures]:
        figures = TicketFigures.objects.all()
        return figures if self.group_ids is None else figures.filter(group_id__in=self.group_ids)


Day = tuple[datetime, datetime]  # [start, end) of one desk day (common.clock.desk_day)


class DayRow(NamedTuple):
    """One ticket's stored figures (reports.figures), with what happened to it during the day."""

    new: bool  # created during the day
    answered: bool  # first answered during the day
    resolved: bool  # latest resolution during the day
    first_response_s: float | None
    first_response_business_s: float | None
    first_response_met: bool | None
    resolution_s: float | None
    resolution_business_s: float | None
    resolution_met: bool | None


@dataclass(frozen=True, slots=True)
class DayRows:
    """The figures of every ticket created, first answered or resolved during one day, read in one
    indexed query (no timestamps cross the wire): the day-based metrics below all count from it."""

    day: Day
    rows: list[DayRow]


def day_rows(scope: Scope, day: Day) -> DayRows:
    during = {
        field: Q(**{f"{field}__gte": day[0], f"{field}__lt": day[1]})
        for field in ("created_at", "first_response_at", "resolved_at")
    }
    touched = during["created_at"] | during["first_response_at"] | during["resolved_at"]
    rows = (
        scope.figures()
        .filter(touched)
        .annotate(
            new=ExpressionWrapper(during["created_at"], output_field=BooleanField()),
            answered=ExpressionWrapper(during["first_response_at"], output_field=BooleanField()),
            resolved=ExpressionWrapper(during["resolved_at"], output_field=BooleanField()),
        )
        .values_list(*DayRow._fields)
    )
    return DayRows(day, [DayRow(*row) for row in rows])


def new_tickets(today: DayRows) -> int:
    """New: tickets created during the day, whatever happened to them since."""
    return sum(1 for row in today.rows if row.new)


def resolved_tickets(today: DayRows) -> int:
    """Resolved: tickets whose latest resolution fell in the day and that are still resolved or closed.

    A ticket resolved and reopened today is not counted until it is resolved again; a ticket closed
    without being resolved is not counted at all.
    """
    return sum(1 for row in today.rows if row.resolved)


def backlog(scope: Scope) -> dict[tuple[str, int], int]:
    """Backlog: open tickets now (New, Pending acceptance, In progress, Awaiting customer or review),
    counted by status and priority."""
    rows = scope.tickets().filter(status__in=OPEN_STATUSES).values_list("status", "priority")
    return {(status, priority): n for status, priority, n in rows.annotate(n=Count("pk")).order_by()}


def sla_now(scope: Scope, now: datetime) -> dict[str, int]:
    """At risk and breached now, counted in one query by the state the ticket lists filter by
    (tickets.sla_state): at risk when past the warning share of its earliest pending SLA deadline but
    not past the deadline; breached when that deadline has passed (a paused clock has none). Both
    states need the warning moment passed, which the index on it finds."""
    warned = with_sla_state(scope.tickets().filter(sla_warn_at__lte=now), now=now)
    # The annotation is added at run time, so the stubs do not know it.
    counts = dict(warned.values_list("sla_state").annotate(n=Count("pk")).order_by())  # type: ignore[misc]
    return {AT_RISK: counts.get(AT_RISK, 0), BREACHED: counts.get(BREACHED, 0)}


@dataclass(frozen=True, slots=True)
class Times:
    """Average and median of one duration, in seconds, on the calendar and in business hours."""

    count: int
    average: float | None
    median: float | None
    business_count: int
    business_average: float | None
    business_median: float | None


def first_response_times(today: DayRows) -> Times:
    """First response: over the tickets first answered during the day, the time from creation to the
    first public reply by staff, on the calendar and in the SLA policy's business hours."""
    return _times([(row.first_response_s, row.first_response_business_s) for row in today.rows if row.answered])


def resolution_times(today: DayRows) -> Times:
    """Resolution: over the tickets resolved during the day (as `resolved_tickets` counts them), the time
    from creation to the latest resolution; business time leaves out pauses (awaiting the customer, and
    the time spent resolved before a reopen)."""
    return _times([(row.resolution_s, row.resolution_business_s) for row in today.rows if row.resolved])


def _times(rows: Sequence[tuple[float | None, float | None]]) -> Times:
    calendar = [c for c, _b in rows if c is not None]
    hours = [b for _c, b in rows if b is not None]
    return Times(len(calendar), _mean(calendar), _median(calendar), len(hours), _mean(hours), _median(hours))


def _mean(values: list[float]) -> float | None:
    return statistics.fmean(values) if values else None


def _median(values: list[float]) -> float | None:
    return statistics.median(values) if values else None


@dataclass(frozen=True, slots=True)
class Compliance:
    met: int
    settled: int

    @property
    def share(self) -> float | None:
        return self.met / self.settled if self.settled else None


def sla_compliance(today: DayRows) -> Compliance:
    """SLA compliance: of the deadlines settled during the day (a first response given, a resolution
    reached) on tickets with an SLA target, the share that were met. A ticket answered and resolved
    today counts twice, once per deadline; a breached deadline still pending is not settled (see
    `breached_now`)."""
    settled = [row.first_response_met for row in today.rows if row.answered]
    settled += [row.resolution_met for row in today.rows if row.resolved]
    settled = [met for met in settled if met is not None]
    return Compliance(sum(1 for met in settled if met), len(settled))


@dataclass(frozen=True, slots=True)
class Satisfaction:
    satisfied: int
    rated: int

    @property
    def share(self) -> float | None:
        return self.satisfied / self.rated if self.rated else None


SATISFIED = 4  # a rating of 4 or 5 out of 5


def satisfaction(scope: Scope, day: Day) -> Satisfaction:
    """CSAT: of the ratings customers gave during the day (tickets.Rating, one per resolution), the
    share of 4 or 5 out of 5. A rating belongs to the group that resolved the ticket (Rating.group)."""
    ratings = Rating.objects.filter(created_at__gte=day[0], created_at__lt=day[1])
    if scope.group_ids is not None:
        ratings = ratings.filter(group_id__in=scope.group_ids)
    counts = ratings.aggregate(rated=Count("pk"), satisfied=Count("pk", filter=Q(score__gte=SATISFIED)))
    return Satisfaction(counts["satisfied"], counts["rated"])


@dataclass(frozen=True, slots=True)
class AgentLoad:
    agent_id: int
    name: str
    availability: Availability
    load: int
    capacity: int


def agents_online(scope: Scope, now: datetime) -> list[AgentLoad]:
    """Agents online: agents whose presence is Online (in a scoped group), with their availability in
    the words every screen uses (accounts.models.Availability: on shift, overtime, off shift) and
    their load: tickets in hand that count against capacity (Pending acceptance, In progress)."""
    agents = AgentProfile.objects.filter(presence=Presence.ONLINE).select_related("user").prefetch_related("shifts")
    if scope.group_ids is not None:
        agents = agents.filter(groups__in=scope.group_ids).distinct()
    loads = [
        AgentLoad(agent.user_id, str(agent.user), agent.availability(now), agent.load, agent.capacity)
        for agent in agents.select_related("region")
    ]
    return sorted(loads, key=lambda a: (-a.load / a.capacity, a.name))
