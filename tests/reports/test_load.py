"""Load and staffing (R5) against the fixture desk (tests/reports/desk.py), with the arithmetic by hand.

The span is Friday 20 to Monday 23 November 2026 (four desk days, Berlin), read Monday 16:00. Alice
acts on Monday at 09:05 (accepts T2), 09:15 (accepts T1), 09:30 (replies T1), 10:00 (replies T2),
10:15 (accepts T4), 10:30 (accepts T3, replies T4), 11:00 (resolves T1 and T4, replies T3) and 12:00
(resolves T3): eight moments, each more than 10 minutes after the one before or exactly 10, so 8 x
10 min of work (acts at one moment count once). Resolved in the span: T1 and T3 (T4 was reopened).
"""

from collections import Counter
from datetime import date, time
from typing import Any

import pytest

from dispatchdesk.accounts.models import Shift, SkillGroup, User
from dispatchdesk.common.clock import frozen_at
from dispatchdesk.reports import erlang, load
from dispatchdesk.reports.query import ReportQuery
from dispatchdesk.tickets.services import ticket_update_fields
from tests.reports.desk import FRIDAY, MONDAY, READ_AT, Desk, build_desk, reply
from tests.sla.desk import at

MON, FRI = 0, 4
GOAL = erlang.ServiceGoal(0.8, 3600)
WORK = 8 * 600.0


@pytest.fixture
def desk(*, settings: Any, carol: User, alice: User, bob: User, network: SkillGroup, software: SkillGroup) -> Desk:
    settings.TIME_ZONE = "Europe/Berlin"
    return build_desk(carol=carol, alice=alice, bob=bob, network=network, software=software)


def ask(
    group: SkillGroup | None = None, *, first: int = FRIDAY, last: int = MONDAY, agent: User | None = None
) -> ReportQuery:
    """The reports' query for days of November 2026, the whole desk or one group, everyone or one agent."""
    scope = None if group is None else frozenset({group.pk})
    return ReportQuery(date(2026, 11, first), date(2026, 11, last), "custom", scope, group, agent)


@pytest.mark.usefixtures("desk")
def test_arrivals_by_hour_of_the_week(software: SkillGroup) -> None:
    # T1 Friday 17:00; T2, T3, T5 Monday 09:00; T4 10:00; T6 13:00 (Berlin time, not UTC).
    assert load.arrivals(ask()) == {(FRI, 17): 1, (MON, 9): 3, (MON, 10): 1, (MON, 13): 1}
    assert load.arrivals(ask(software)) == {(MON, 9): 1}


@pytest.mark.usefixtures("desk")
def test_the_forecast_is_the_mean_of_each_hour_of_the_week() -> None:
    occurrences = load.slot_occurrences(ask().span)
    assert sum(occurrences.values()) == 4 * 24  # Friday to Monday: no DST change in November
    assert occurrences[(MON, 9)] == 1
    assert occurrences[(1, 9)] == 0
    expected = load.forecast(load.arrivals(ask()), occurrences)
    assert expected[(MON, 9)] == 3.0
    assert expected[(FRI, 17)] == 1.0
    assert expected[(1, 9)] == 0.0
    # Two Mondays: the 9 o'clock arrivals are averaged over both.
    two = ask(first=16)
    assert load.forecast(load.arrivals(two), load.slot_occurrences(two.span))[(MON, 9)] == pytest.approx(1.5)


@pytest.mark.usefixtures("desk")
def test_tickets_worked_per_member_and_hour(alice: User, bob: User) -> None:
    # Alice, Monday: 09 T1 (accepted, replied) and T2 (accepted); 10 T2 (reply), T4 (accepted, reply), T3
    # (accepted); 11 T1, T3 (reply), T4 (resolved); 12 T3 (resolved). Bob only assigned: not working them;
    # Carol's reopening is a customer's.
    worked = load.member_hours(ask()).worked
    assert worked == {alice.pk: {(MON, 9): 2, (MON, 10): 3, (MON, 11): 3, (MON, 12): 1}}
    assert bob.pk not in worked
    assert load.member_hours(ask(agent=bob)).worked == {}


@pytest.mark.usefixtures("desk")
def test_work_time_credits_each_action_at_most_ten_minutes(alice: User, software: SkillGroup) -> None:
    assert load.member_hours(ask()).work_s == {alice.pk: pytest.approx(WORK)}
    assert load.member_hours(ask(software)).work_s == {}
    assert load.member_hours(ask(first=21, last=22)).work_s == {}  # the weekend


def test_a_pause_shorter_than_the_cap_is_credited_as_it_was(desk: Desk, alice: User, network: SkillGroup) -> None:
    # Alice replies on T2 at 12:03, three minutes after resolving T3: 180 s more, in the 12 o'clock hour.
    reply(desk.tickets["T2"], alice, at(MONDAY, 12, 3))
    assert load.member_hours(ask()).work_s == {alice.pk: pytest.approx(WORK + 180)}
    assert load.member_hours(ask()).worked[alice.pk][(MON, 12)] == 2  # T3 and T2
    assert load.member_hours(ask(network)).work_s == {alice.pk: pytest.approx(WORK + 180)}  # all are Network's
    assert load.member_hours(ask(first=MONDAY)).work_s == {alice.pk: pytest.approx(WORK + 180)}


def test_a_filter_does_not_stretch_the_gaps(desk: Desk, alice: User, network: SkillGroup, software: SkillGroup) -> None:
    # After resolving T3 at 12:00, Alice replies on Software's T5 at 12:04 and on Network's T2 at 12:07.
    # T2's reply is credited the 3 minutes since her previous action on any ticket (decision 0058), also in
    # a report of Network alone, where the 7 minutes since her previous Network action were counted before.
    alice.agent.groups.add(software)
    reply(desk.tickets["T5"], alice, at(MONDAY, 12, 4))
    reply(desk.tickets["T2"], alice, at(MONDAY, 12, 7))
    assert load.member_hours(ask()).work_s == {alice.pk: pytest.approx(WORK + 240 + 180)}
    assert load.member_hours(ask(network)).work_s == {alice.pk: pytest.approx(WORK + 180)}
    assert load.member_hours(ask(software)).work_s == {alice.pk: pytest.approx(240)}
    assert load.member_hours(ask(software)).worked == {alice.pk: {(MON, 12): 1}}
    assert load.member_hours(ask(network)).worked[alice.pk][(MON, 12)] == 2  # T3 and T2
    assert load.member_hours(ask()).worked[alice.pk][(MON, 12)] == 3


@pytest.mark.usefixtures("desk")
def test_the_whole_desk_and_its_groups_add_up(alice: User, network: SkillGroup, software: SkillGroup) -> None:
    # The desk's sums come from the members' hours, a group's from its actions: the same figures.
    desk, groups = load.member_hours(ask()), [load.member_hours(ask(g)) for g in (network, software)]
    assert desk.work_s[alice.pk] == pytest.approx(sum(g.work_s.get(alice.pk, 0.0) for g in groups))
    assert desk.worked[alice.pk] == sum((g.worked.get(alice.pk, Counter()) for g in groups), Counter())
    assert load.member_hours(ask(agent=alice)) == desk


def test_a_ticket_moved_to_another_group_takes_its_work_along(
    desk: Desk, alice: User, bob: User, network: SkillGroup, software: SkillGroup
) -> None:
    # T1's actions (accepted 09:15, reply 09:30, resolved 11:00: three hours with T1) count for Software once
    # it moves; Bob's change of its group is work too (a change of fields).
    with frozen_at(at(MONDAY, 15)):
        ticket_update_fields(ticket_id=desk.tickets["T1"].pk, actor=bob, changes={"group": software})
    assert load.member_hours(ask(software)).worked == {alice.pk: {(MON, 9): 1, (MON, 11): 1}, bob.pk: {(MON, 15): 1}}
    assert load.member_hours(ask(software)).work_s == {alice.pk: pytest.approx(3 * 600.0), bob.pk: 600.0}
    assert load.member_hours(ask(network)).work_s == {alice.pk: pytest.approx(WORK - 3 * 600.0)}


@pytest.mark.usefixtures("desk")
def test_handle_time_is_work_time_per_resolved_ticket() -> None:
    handle = load.handle_time(ask(), load.member_hours(ask()).work_s)
    assert handle.resolved == 2
    assert handle.mean_s == pytest.approx(WORK / 2)


@pytest.mark.usefixtures("desk")
def test_members_on_shift_per_hour(alice: User, network: SkillGroup, software: SkillGroup) -> None:
    no_shifts = load.roster(ask(network), READ_AT)
    assert no_shifts.unscheduled == 1
    assert set(no_shifts.on_shift.values()) == {1}
    # Monday 08:00-16:00 in UTC (Alice has no region): 09:00-17:00 in Berlin.
    Shift.objects.create(agent=alice.agent, weekday=MON, starts=time(8), ends=time(16))
    rota = load.roster(ask(network), READ_AT)
    assert rota.unscheduled == 0
    assert [slot for slot, n in rota.on_shift.items() if n] == [(MON, hour) for hour in range(9, 17)]
    assert set(load.roster(ask(software), READ_AT).on_shift.values()) == {0}
    assert load.roster(ask(agent=alice), READ_AT).on_shift[(MON, 9)] == 1


@pytest.mark.usefixtures("desk")
def test_staffing_per_hour_from_the_forecast_and_the_handle_time() -> None:
    with frozen_at(READ_AT):
        report = load.load_report(ask(), GOAL)
    handle = WORK / 2
    monday_nine = report.staffing[(MON, 9)]
    # 3 tickets an hour of 40 min each are 2 erlangs: at least 3 agents, as many as Erlang C says.
    assert monday_nine.arrivals_per_hour == 3.0
    assert monday_nine.needed == erlang.agents_needed(3.0, handle, GOAL) > 2
    assert erlang.service_level(monday_nine.needed, 3.0, handle, 3600) >= 0.8
    assert report.staffing[(1, 9)].needed == 0  # nothing forecast on Tuesdays
    # Alice and Bob (a dispatcher with an agent profile), neither with shifts: both count every hour.
    assert monday_nine.on_shift == 2
    assert monday_nine.short == monday_nine.needed - 2
    assert report.worked == report.members[0].worked
    assert [m.name for m in report.members] == ["Alice Agent"]


@pytest.mark.usefixtures("desk")
def test_nothing_resolved_means_no_handle_time_and_no_suggestion() -> None:
    with frozen_at(READ_AT):
        report = load.load_report(ask(last=FRIDAY), GOAL)
    assert report.handle.mean_s is None
    assert report.forecast[(FRI, 17)] == 1.0
    assert report.staffing[(FRI, 17)].needed == 0
