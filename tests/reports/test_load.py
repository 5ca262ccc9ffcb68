"""Load and staffing (R5) against the fixture desk (tests/reports/desk.py), with the arithmetic by hand.

The span is Friday 20 to Monday 23 November 2026 (four desk days, Berlin), read Monday 16:00. Alice
acts on Monday at 09:05 (accepts T2), 09:15 (accepts T1), 09:30 (replies T1), 10:00 (replies T2),
10:15 (accepts T4), 10:30 (accepts T3, replies T4), 11:00 (resolves T1 and T4, replies T3) and 12:00
(resolves T3): eight moments, each more than 10 minutes after the one before or exactly 10, so 8 x
10 min of work (acts at one moment count once). Resolved in the span: T1 and T3 (T4 was reopened).
"""

from datetime import time
from typing import Any

import pytest

from dispatchdesk.accounts.models import Shift, SkillGroup, User
from dispatchdesk.common import clock
from dispatchdesk.common.clock import frozen_at
from dispatchdesk.reports import erlang, load
from dispatchdesk.reports.metrics import Scope
from tests.reports.desk import FRIDAY, MONDAY, READ_AT, Desk, build_desk

ALL = Scope()
MON, FRI = 0, 4
GOAL = erlang.ServiceGoal(0.8, 3600)
WORK = 8 * 600.0


@pytest.fixture
def desk(*, settings: Any, carol: User, alice: User, bob: User, network: SkillGroup, software: SkillGroup) -> Desk:
    settings.TIME_ZONE = "Europe/Berlin"
    return build_desk(carol=carol, alice=alice, bob=bob, network=network, software=software)


@pytest.fixture
def span(desk: Desk) -> load.Span:
    with frozen_at(READ_AT):
        start, _end = clock.desk_day(clock.desk_today().replace(day=FRIDAY))
        _start, end = clock.desk_day(clock.desk_today().replace(day=MONDAY))
    return start, end


def test_arrivals_by_hour_of_the_week(span: load.Span, software: SkillGroup) -> None:
    # T1 Friday 17:00; T2, T3, T5 Monday 09:00; T4 10:00; T6 13:00 (Berlin time, not UTC).
    assert load.arrivals(ALL, span) == {(FRI, 17): 1, (MON, 9): 3, (MON, 10): 1, (MON, 13): 1}
    assert load.arrivals(Scope(frozenset({software.pk})), span) == {(MON, 9): 1}


def test_the_forecast_is_the_mean_of_each_hour_of_the_week(span: load.Span) -> None:
    occurrences = load.slot_occurrences(span)
    assert sum(occurrences.values()) == 4 * 24  # Friday to Monday: no DST change in November
    assert occurrences[(MON, 9)] == 1
    assert occurrences[(1, 9)] == 0
    expected = load.forecast(load.arrivals(ALL, span), occurrences)
    assert expected[(MON, 9)] == 3.0
    assert expected[(FRI, 17)] == 1.0
    assert expected[(1, 9)] == 0.0
    # Two Mondays: the 9 o'clock arrivals are averaged over both.
    with frozen_at(READ_AT):
        week_before = clock.desk_day(clock.desk_today().replace(day=16))[0]
    assert load.forecast(load.arrivals(ALL, (week_before, span[1])), load.slot_occurrences((week_before, span[1])))[
        (MON, 9)
    ] == pytest.approx(1.5)


def test_tickets_worked_per_member_and_hour(span: load.Span, alice: User, bob: User) -> None:
    # Alice, Monday: 09 T1 (accepted, replied) and T2 (accepted); 10 T2 (reply), T4 (accepted, reply), T3
    # (accepted); 11 T1, T3 (reply), T4 (resolved); 12 T3 (resolved). Bob only assigned: not working them;
    # Carol's reopening is a customer's.
    worked = load.worked(ALL, span)
    assert worked == {alice.pk: {(MON, 9): 2, (MON, 10): 3, (MON, 11): 3, (MON, 12): 1}}
    assert bob.pk not in worked


def test_work_time_credits_each_action_at_most_ten_minutes(span: load.Span, alice: User, software: SkillGroup) -> None:
    assert load.work_seconds(ALL, span) == {alice.pk: pytest.approx(WORK)}
    assert load.work_seconds(Scope(frozenset({software.pk})), span) == {}
    # Up to 10:00: 09:05 (10 min, the first), 09:15 (10 min after), 09:30 (15 min after: 10).
    morning = (span[0], READ_AT.replace(hour=9))  # 10:00 in Berlin
    assert load.work_seconds(ALL, morning) == {alice.pk: pytest.approx(30 * 60.0)}


def test_handle_time_is_work_time_per_resolved_ticket(span: load.Span) -> None:
    handle = load.handle_time(ALL, span, load.work_seconds(ALL, span))
    assert handle.resolved == 2
    assert handle.mean_s == pytest.approx(WORK / 2)


def test_members_on_shift_per_hour(desk: Desk, alice: User, network: SkillGroup, software: SkillGroup) -> None:
    scope = Scope(frozenset({network.pk}))
    no_shifts = load.roster(scope, READ_AT)
    assert no_shifts.unscheduled == 1
    assert set(no_shifts.on_shift.values()) == {1}
    # Monday 08:00-16:00 in UTC (Alice has no region): 09:00-17:00 in Berlin.
    Shift.objects.create(agent=alice.agent, weekday=MON, starts=time(8), ends=time(16))
    rota = load.roster(scope, READ_AT)
    assert rota.unscheduled == 0
    assert [slot for slot, n in rota.on_shift.items() if n] == [(MON, hour) for hour in range(9, 17)]
    assert set(load.roster(Scope(frozenset({software.pk})), READ_AT).on_shift.values()) == {0}


def test_staffing_per_hour_from_the_forecast_and_the_handle_time(span: load.Span) -> None:
    with frozen_at(READ_AT):
        report = load.load_report(ALL, span, GOAL)
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
    assert report.worked() == report.worked(report.members[0].agent_id)
    assert [m.name for m in report.members] == ["Alice Agent"]


def test_nothing_resolved_means_no_handle_time_and_no_suggestion(span: load.Span) -> None:
    friday = (span[0], span[0].replace(hour=span[0].hour + 23))
    with frozen_at(READ_AT):
        report = load.load_report(ALL, friday, GOAL)
    assert report.handle.mean_s is None
    assert report.forecast[(FRI, 17)] == 1.0
    assert report.staffing[(FRI, 17)].needed == 0
