"""Load over the week and the staffing it calls for (R5): one function per figure, its docstring the
definition (docs/metrics.md, "Load and staffing").

Common to all of them:
- A **slot** is an hour of the week in the desk's time zone (settings.TIME_ZONE, as "today" on the
  dashboard): (weekday, hour), Monday 0 … Sunday 6, hour 0 … 23.
- The **span** is [start, end) in the desk's time zone; the scope is the dashboard's (a ticket's
  current group; members by their group memberships).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from typing import Any

from django.db.models import Count
from django.db.models.functions import ExtractHour, ExtractIsoWeekDay, TruncHour

from dispatchdesk.accounts.models import AgentProfile, User, Weekday, on_shift
from dispatchdesk.common import clock
from dispatchdesk.reports.erlang import ServiceGoal, agents_needed
from dispatchdesk.reports.metrics import Scope
from dispatchdesk.tickets.models import EventKind, Status, TimelineEvent

Slot = tuple[int, int]  # (weekday, hour) in the desk's time zone
Span = tuple[datetime, datetime]
SLOTS: list[Slot] = [(day, hour) for day in range(7) for hour in range(24)]
HOUR = timedelta(hours=1)
# What a member does on a ticket itself; assigning and routing are dispatching, not working it.
WORK = (
    EventKind.REPLY,
    EventKind.NOTE,
    EventKind.STATUS,
    EventKind.ACCEPTED,
    EventKind.PRIORITY,
    EventKind.FIELDS,
    EventKind.ESCALATION,
)
# How far before the span the timeline is read to find work already in progress when it began.
LOOKBACK = timedelta(days=14)


def arrivals(scope: Scope, span: Span) -> Counter[Slot]:
    """Arrivals: tickets created during the span, counted by the slot they were created in."""
    zone = clock.desk_zone()
    rows = (
        scope.figures()
        .filter(created_at__gte=span[0], created_at__lt=span[1])
        .annotate(day=ExtractIsoWeekDay("created_at", tzinfo=zone), hour=ExtractHour("created_at", tzinfo=zone))
        .values_list("day", "hour")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return Counter({(day - 1, hour): n for day, hour, n in rows})


def slot_occurrences(span: Span) -> Counter[Slot]:
    """How many times each slot occurs in the span (a DST night has one hour fewer or more)."""
    zone = clock.desk_zone()
    seen: Counter[Slot] = Counter()
    moment = span[0]
    while moment < span[1]:
        local = moment.astimezone(zone)
        seen[(local.weekday(), local.hour)] += 1
        moment += HOUR
    return seen


def forecast(arrived: Counter[Slot], occurrences: Counter[Slot]) -> dict[Slot, float]:
    """Forecast arrivals per hour: for each slot, the mean of that hour of the week over the span
    (arrivals in the slot divided by the times it occurred), so the last four weeks forecast the next."""
    return {slot: arrived[slot] / occurrences[slot] if occurrences[slot] else 0.0 for slot in SLOTS}


@dataclass(frozen=True, slots=True)
class MemberLoad:
    agent_id: int
    name: str
    worked: Counter[Slot]  # tickets worked per slot (see `worked`)
    busy_s: float  # time with at least one ticket In progress (see `busy_seconds`)

    @property
    def tickets_worked(self) -> int:
        return sum(self.worked.values())


def worked(scope: Scope, span: Span) -> dict[int, Counter[Slot]]:
    """Tickets worked: per member and slot, the tickets the member acted on (a reply, a note, a status
    change, an acceptance, a change of fields, priority or escalation; not assigning or handing over),
    each ticket
    counted once per clock hour it was worked in."""
    zone = clock.desk_zone()
    events = TimelineEvent.objects.filter(
        created_at__gte=span[0], created_at__lt=span[1], kind__in=WORK, actor__agent__isnull=False
    ).exclude(kind=EventKind.STATUS, data__to=Status.PENDING_ACCEPTANCE)  # a handover is the assignment's
    if scope.group_ids is not None:
        events = events.filter(ticket__group_id__in=scope.group_ids)
    rows = (
        events.annotate(hour=TruncHour("created_at", tzinfo=zone))
        .values_list("actor_id", "hour")
        .annotate(n=Count("ticket_id", distinct=True))
        .order_by()
    )
    per_member: dict[int, Counter[Slot]] = defaultdict(Counter)
    for actor_id, hour, n in rows:
        local = hour.astimezone(zone)
        per_member[actor_id][(local.weekday(), local.hour)] += n
    return dict(per_member)


def busy_seconds(scope: Scope, span: Span, now: datetime) -> dict[int, float]:
    """Busy time: per member, the time during the span (up to now) in which they held at least one
    ticket In progress. A ticket is the member's from its assignment (the timeline's Assigned event)
    and In progress from a status change to In progress until the next status change; tickets held
    In progress at once count once, so a member is never busy for more than the span. Work already
    In progress more than LOOKBACK before the span began is not seen."""
    stop = min(span[1], now)
    held: dict[int, list[Span]] = defaultdict(list)
    for agent_id, interval in _in_progress(scope, span[0] - LOOKBACK, stop):
        start, end = max(interval[0], span[0]), min(interval[1], stop)
        if end > start:
            held[agent_id].append((start, end))
    return {agent_id: _union_seconds(intervals) for agent_id, intervals in held.items()}


def _in_progress(scope: Scope, since: datetime, stop: datetime) -> Iterator[tuple[int, Span]]:
    """(agent, [start, end)) of every stretch a ticket spent In progress, from its Assigned and Status events."""
    events = TimelineEvent.objects.filter(
        created_at__gte=since, created_at__lt=stop, kind__in=(EventKind.ASSIGNED, EventKind.STATUS)
    )
    if scope.group_ids is not None:
        events = events.filter(ticket__group_id__in=scope.group_ids)
    rows = events.order_by("ticket_id", "created_at", "pk").values_list("ticket_id", "kind", "data", "created_at")
    ticket, owner, since_at = None, None, None
    for ticket_id, kind, data, at in rows.iterator(chunk_size=5000):
        if ticket_id != ticket:
            if owner is not None and since_at is not None:
                yield owner, (since_at, stop)
            ticket, owner, since_at = ticket_id, None, None
        if kind == EventKind.ASSIGNED:
            owner = data.get("agent_id")
            continue
        if since_at is not None and owner is not None:
            yield owner, (since_at, at)
        since_at = at if data.get("to") == Status.IN_PROGRESS else None
        if data.get("to") == Status.NEW:
            owner = None
    if owner is not None and since_at is not None:
        yield owner, (since_at, stop)


def _union_seconds(intervals: Iterable[Span]) -> float:
    total, reach = 0.0, None
    for start, end in sorted(intervals):
        if reach is None or start > reach:
            total += (end - start).total_seconds()
            reach = end
        elif end > reach:
            total += (end - reach).total_seconds()
            reach = end
    return total


@dataclass(frozen=True, slots=True)
class HandleTime:
    busy_s: float
    resolved: int

    @property
    def mean_s(self) -> float | None:
        return self.busy_s / self.resolved if self.resolved else None


def handle_time(scope: Scope, span: Span, busy: dict[int, float]) -> HandleTime:
    """Handle time: the members' busy time during the span divided by the tickets resolved during it
    (their latest resolution, as the dashboard counts them) — the agent time one ticket takes."""
    resolved = scope.figures().filter(resolved_at__gte=span[0], resolved_at__lt=span[1]).count()
    return HandleTime(sum(busy.values()), resolved)


@dataclass(frozen=True, slots=True)
class Roster:
    on_shift: dict[Slot, int]
    unscheduled: int  # members without any shift, counted in every slot (decision 0016)


def roster(scope: Scope, week_of: datetime) -> Roster:
    """Members on shift: per slot of the week that contains `week_of`, the scope's active members whose
    weekly shifts cover the middle of that hour (accounts.models.on_shift, the availability rule of
    decision 0016, so a member without shifts counts in every hour)."""
    members = AgentProfile.objects.filter(user__is_active=True).select_related("region").prefetch_related("shifts")
    if scope.group_ids is not None:
        members = members.filter(groups__in=scope.group_ids).distinct()
    zone = clock.desk_zone()
    local = week_of.astimezone(zone)
    monday = datetime.combine(local.date() - timedelta(days=local.weekday()), time(), tzinfo=zone)
    weekly = [
        (
            [(s.weekday, s.starts, s.ends) for s in member.shifts.all()],
            member.region.time_zone if member.region else "UTC",
        )
        for member in members
    ]
    counts: dict[Slot, int] = {}
    for day, hour in SLOTS:
        middle = datetime.combine(monday.date() + timedelta(days=day), time(hour, 30), tzinfo=zone)
        counts[(day, hour)] = sum(on_shift(shifts, region_zone, middle) for shifts, region_zone in weekly)
    return Roster(counts, sum(1 for shifts, _zone in weekly if not shifts))


@dataclass(frozen=True, slots=True)
class Staffing:
    arrivals_per_hour: float
    needed: int
    on_shift: int

    @property
    def short(self) -> int:
        return max(0, self.needed - self.on_shift)


def staffing(
    expected: dict[Slot, float], handle_s: float | None, goal: ServiceGoal, rota: Roster
) -> dict[Slot, Staffing]:
    """Agents needed: per slot, Erlang C's fewest agents that answer `goal.share` of the forecast
    arrivals within `goal.target_s`, each ticket taking the measured handle time; beside those on shift.
    Without a measured handle time (nothing resolved) nobody can be computed: 0 needed."""
    return {
        slot: Staffing(
            expected[slot],
            agents_needed(expected[slot], handle_s, goal) if handle_s else 0,
            rota.on_shift[slot],
        )
        for slot in SLOTS
    }


@dataclass(frozen=True, slots=True)
class LoadReport:
    span: Span
    arrivals: Counter[Slot]
    forecast: dict[Slot, float]
    members: list[MemberLoad]
    handle: HandleTime
    staffing: dict[Slot, Staffing]
    roster: Roster
    goal: ServiceGoal

    def worked(self, agent_id: int | None = None) -> Counter[Slot]:
        """Tickets worked per slot by everyone, or by one member."""
        total: Counter[Slot] = Counter()
        for member in self.members:
            if agent_id is None or member.agent_id == agent_id:
                total.update(member.worked)
        return total


def load_report(scope: Scope, span: Span, goal: ServiceGoal) -> LoadReport:
    """Everything the load page shows, for the span and scope."""
    now = clock.now()
    arrived = arrivals(scope, span)
    expected = forecast(arrived, slot_occurrences(span))
    per_member = worked(scope, span)
    busy = busy_seconds(scope, span, now)
    names = {user.pk: str(user) for user in User.objects.filter(pk__in=set(per_member) | set(busy))}
    members = sorted(
        (MemberLoad(pk, name, per_member.get(pk, Counter()), busy.get(pk, 0.0)) for pk, name in names.items()),
        key=lambda member: member.name,
    )
    handle = handle_time(scope, span, busy)
    rota = roster(scope, now)
    return LoadReport(
        span, arrived, expected, members, handle, staffing(expected, handle.mean_s, goal, rota), rota, goal
    )


@dataclass(frozen=True, slots=True)
class Cell:
    value: Any
    shade: float  # 0 … 1, the value against the largest of its grid, for the heatmap's colour


@dataclass(frozen=True, slots=True)
class Row:
    weekday: str
    cells: list[Cell]


def grid(values: Mapping[Slot, Any], weight: Callable[[Any], float] = float) -> list[Row]:
    """Seven rows (Monday first) of 24 cells, for a heatmap of hour x weekday."""
    top = max((weight(value) for value in values.values()), default=0.0) or 1.0
    return [
        Row(
            str(Weekday(day).label),
            [Cell(values.get((day, hour), 0), weight(values.get((day, hour), 0)) / top) for hour in range(24)],
        )
        for day in range(7)
    ]


def page_grids(report: LoadReport, member: int | None) -> dict[str, list[Row]]:
    """The page's three heatmaps: arrivals, tickets worked (by everyone or one member), and staffing
    shaded by how many agents each hour is short of."""
    return {
        "arrivals_grid": grid(report.arrivals),
        "worked_grid": grid(report.worked(member)),
        "staffing_grid": grid(report.staffing, weight=lambda cell: float(cell.short) if cell else 0.0),
    }
