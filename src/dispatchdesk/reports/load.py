"""Load over the week and the staffing it calls for (R5): one function per figure, its docstring the
definition (docs/metrics.md, "Load and staffing").

Common to all of them:
- A **slot** is an hour of the week in the desk's time zone (settings.TIME_ZONE, as "today" on the
  dashboard): (weekday, hour), Monday 0 … Sunday 6, hour 0 … 23.
- The query is the reports' (reports.query.ReportQuery): its range of desk days, its scope (a
  ticket's current group; members by their group memberships) and filters (agent, channel, category).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from typing import Any

from django.db import connection
from django.db.models import Aggregate, Count, DateTimeField, Func, Q, QuerySet, Sum
from django.db.models.functions import ExtractHour, ExtractIsoWeekDay

from dispatchdesk.accounts.models import AgentProfile, Weekday, on_shift
from dispatchdesk.common import clock
from dispatchdesk.common.side_by_side import side_by_side
from dispatchdesk.reports.erlang import ServiceGoal, agents_needed
from dispatchdesk.reports.models import MemberHour, WorkAction
from dispatchdesk.reports.people import agent_names
from dispatchdesk.reports.query import ReportQuery

Slot = tuple[int, int]  # (weekday, hour) in the desk's time zone
Span = tuple[datetime, datetime]
SLOTS: list[Slot] = [(day, hour) for day in range(7) for hour in range(24)]
HOUR = timedelta(hours=1)


def arrivals(query: ReportQuery) -> Counter[Slot]:
    """Arrivals: tickets created during the range, counted by the slot they were created in."""
    created = query.during("created_at").order_by()
    if connection.vendor == "postgresql":
        return _arrivals_by_quarter_hour(created)
    zone = clock.desk_zone()
    rows = (
        created.annotate(day=ExtractIsoWeekDay("created_at", tzinfo=zone), hour=ExtractHour("created_at", tzinfo=zone))
        .values_list("day", "hour")
        .annotate(n=Count("pk"))
    )
    return Counter({(day - 1, hour): n for day, hour, n in rows})


class QuarterHour(Func):
    """The UTC quarter hour a moment falls in (PostgreSQL's date_bin)."""

    template = "date_bin('15 minutes', %(expressions)s, TIMESTAMPTZ '2000-01-01 00:00:00+00')"
    output_field = DateTimeField()


def _arrivals_by_quarter_hour(created: QuerySet[Any]) -> Counter[Slot]:
    """Every time zone is offset from UTC by whole quarter hours, so a UTC quarter hour lies within one
    desk hour: the database counts per quarter hour, without converting each ticket's moment to the
    desk's zone (a quarter's tickets at a million: ~4x cheaper), then places the few thousand quarters
    in the desk's hours of the week itself (reading them into Python cost more than the count)."""
    quarters = (
        created.annotate(quarter=QuarterHour("created_at")).values_list("quarter").annotate(n=Count("created_at"))
    )
    inner, params = quarters.query.sql_with_params()
    local = "(quarter AT TIME ZONE %s)"
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT EXTRACT(ISODOW FROM {local})::int, EXTRACT(HOUR FROM {local})::int, SUM(n)::int "  # noqa: S608 - Django's own SQL
            f"FROM ({inner}) AS per_quarter(quarter, n) GROUP BY 1, 2",
            [clock.desk_zone().key, clock.desk_zone().key, *params],
        )
        return Counter({(day - 1, hour): n for day, hour, n in cursor.fetchall()})


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
    worked: Counter[Slot]  # tickets worked per slot (see MemberHours)
    work_s: float  # see MemberHours

    @property
    def tickets_worked(self) -> int:
        return sum(self.worked.values())


@dataclass(frozen=True, slots=True)
class MemberHours:
    """What the members did in the span, by the report's two definitions (reports.work, where they are
    kept as each action is recorded):

    - `worked` (tickets worked): per member and slot, the tickets the member acted on (a reply, a
      note, a status change, an acceptance, a change of fields, priority or escalation; not assigning
      or handing over), each ticket counted once per clock hour it was worked in.
    - `work_s` (work time): per member, the credits of those actions: each the time since the member's
      previous action on any ticket (in the range or not, in the report's filter or not), at most
      reports.work.ACTION_CAP. Actions at the same moment count once; a pause longer than the cap counts the cap, so
      idle stretches and nights do not; tickets held at once cannot count twice, since a member's
      actions form one line.
    """

    worked: dict[int, Counter[Slot]]
    work_s: dict[int, float]


def member_hours(query: ReportQuery) -> MemberHours:
    """MemberHours by summing what reports.work stored: for the whole desk (or one agent) a row per
    member and clock hour, for a group, channel or category the range's actions in it; per member and
    slot, the tickets and the credited seconds. Only members x slots come back."""
    start, end = query.span
    if query.group_ids is None and not query.channel and query.category is None:
        rows: QuerySet[Any] = MemberHour.objects.filter(hour__gte=start, hour__lt=end)
        tickets: Aggregate = Sum("tickets")
    else:
        rows = _actions(query)
        tickets = Count("first_in_hour", filter=Q(first_in_hour=True))
    if query.agent is not None:
        rows = rows.filter(actor_id=query.agent.pk)
    per_member: dict[int, Counter[Slot]] = defaultdict(Counter)
    credit: dict[int, float] = defaultdict(float)
    found = rows.order_by().values_list("actor_id", "slot").annotate(n=tickets, seconds=Sum("credit_s"))
    for actor_id, slot, n, seconds in found:
        per_member[actor_id][divmod(slot, 24)] += n
        credit[actor_id] += seconds
    return MemberHours(dict(per_member), dict(credit))


def _actions(query: ReportQuery) -> QuerySet[WorkAction]:
    """The members' actions during the range on the tickets of the query's scope and filters (their current ones)."""
    start, end = query.span
    actions = WorkAction.objects.filter(at__gte=start, at__lt=end)
    if query.group_ids is not None:
        actions = actions.filter(group_id__in=query.group_ids)
    if query.channel:
        actions = actions.filter(channel=query.channel)
    if query.category is not None:
        actions = actions.filter(category_id=query.category.pk)
    return actions


@dataclass(frozen=True, slots=True)
class HandleTime:
    work_s: float
    resolved: int

    @property
    def mean_s(self) -> float | None:
        return self.work_s / self.resolved if self.resolved else None


def handle_time(query: ReportQuery, work: dict[int, float]) -> HandleTime:
    """Handle time: the members' work time during the span divided by the tickets resolved during it
    (their latest resolution, as the dashboard counts them): the agent time one ticket takes."""
    resolved = query.during("resolved_at").count()
    return HandleTime(sum(work.values()), resolved)


@dataclass(frozen=True, slots=True)
class Roster:
    on_shift: dict[Slot, int]
    unscheduled: int  # members without any shift, counted in every slot (decision 0016)


def roster(query: ReportQuery, week_of: datetime) -> Roster:
    """Members on shift: per slot of the week that contains `week_of`, the scope's active members (or the
    query's agent) whose
    weekly shifts cover the middle of that hour (accounts.models.on_shift, the availability rule of
    decision 0016, so a member without shifts counts in every hour)."""
    members = AgentProfile.objects.filter(user__is_active=True).select_related("region").prefetch_related("shifts")
    if query.group_ids is not None:
        members = members.filter(groups__in=query.group_ids).distinct()
    if query.agent is not None:
        members = members.filter(user_id=query.agent.pk)
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
    arrivals: Counter[Slot]
    forecast: dict[Slot, float]
    worked: Counter[Slot]  # by every member in the query (or its one agent)
    members: list[MemberLoad]
    handle: HandleTime
    staffing: dict[Slot, Staffing]
    roster: Roster
    goal: ServiceGoal

    @property
    def arrived(self) -> int:
        """All arrivals in the range (a template reading `arrivals.total` would get the Counter's 0 for a missing key)."""
        return sum(self.arrivals.values())


GOAL = ServiceGoal(0.8, 3600.0)  # 80 % of tickets taken within an hour


def load_report(query: ReportQuery, goal: ServiceGoal = GOAL) -> LoadReport:
    """Everything the load report shows, for the query: the members' hours and the handle time read side
    by side with the arrivals (common.side_by_side)."""

    def members_and_handle_time() -> tuple[MemberHours, HandleTime]:
        hours = member_hours(query)
        return hours, handle_time(query, hours.work_s)

    (hours, handle), arrived = side_by_side(members_and_handle_time, lambda: arrivals(query))
    expected = forecast(arrived, slot_occurrences(query.span))
    per_member, work = hours.worked, hours.work_s
    names = agent_names(set(per_member) | set(work))
    members = sorted(
        (
            MemberLoad(pk, names[pk], per_member.get(pk, Counter()), work.get(pk, 0.0))
            for pk in set(per_member) | set(work)
        ),
        key=lambda member: member.name,
    )
    total: Counter[Slot] = Counter()
    for member in members:
        total.update(member.worked)
    rota = roster(query, clock.now())
    return LoadReport(
        arrived, expected, total, members, handle, staffing(expected, handle.mean_s, goal, rota), rota, goal
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


def page_grids(report: LoadReport) -> dict[str, list[Row]]:
    """The page's three heatmaps: arrivals, tickets worked, and staffing shaded by how many agents
    each hour is short of."""
    return {
        "arrivals_grid": grid(report.arrivals),
        "worked_grid": grid(report.worked),
        "staffing_grid": grid(report.staffing, weight=lambda cell: float(cell.short) if cell else 0.0),
    }
