"""Each metric against the fixture desk (tests/reports/desk.py), with the arithmetic by hand."""

from typing import Any

import pytest

from dispatchdesk.accounts.models import Availability, SkillGroup, User
from dispatchdesk.common import clock
from dispatchdesk.common.clock import frozen_at
from dispatchdesk.reports import metrics
from dispatchdesk.reports.metrics import Scope
from dispatchdesk.tickets.models import Status
from dispatchdesk.tickets.sla_state import AT_RISK, BREACHED
from tests.reports.desk import MONDAY, READ_AT, Desk, build_desk
from tests.sla.desk import at

HOUR = 3600.0
ALL = Scope()


@pytest.fixture
def desk(*, settings: Any, carol: User, alice: User, bob: User, network: SkillGroup, software: SkillGroup) -> Desk:
    settings.TIME_ZONE = "Europe/Berlin"
    return build_desk(carol=carol, alice=alice, bob=bob, network=network, software=software)


@pytest.fixture
def span(desk: Desk) -> metrics.Day:
    with frozen_at(READ_AT):
        return clock.desk_day(clock.desk_today())


@pytest.fixture
def today(span: metrics.Day) -> metrics.DayRows:
    return metrics.day_rows(ALL, span)


def test_today_is_the_desks_day_in_its_time_zone(span: metrics.Day) -> None:
    # Monday 00:00 to Tuesday 00:00 in Berlin (UTC+1 in November).
    today = span
    assert [moment.isoformat() for moment in today] == ["2026-11-23T00:00:00+01:00", "2026-11-24T00:00:00+01:00"]
    assert today[0] == at(MONDAY, 1) - (at(MONDAY, 2) - at(MONDAY, 1))  # 23:00 UTC on Sunday


def test_new_counts_tickets_created_today(today: metrics.DayRows, span: metrics.Day, network: SkillGroup) -> None:
    # T2, T3, T4, T5, T6; T1 came on Friday. Network: all but T5.
    assert metrics.new_tickets(today) == 5
    assert metrics.new_tickets(metrics.day_rows(Scope(frozenset({network.pk})), span)) == 4


def test_resolved_counts_the_latest_resolutions_of_today(today: metrics.DayRows) -> None:
    # T1 and T3; T4 was resolved at 11:00 but reopened at 12:00.
    assert metrics.resolved_tickets(today) == 2


def test_backlog_by_status_and_priority(desk: Desk, software: SkillGroup) -> None:
    # In progress: T2 (P3), T4 reopened (P3). New: T5 (P1), T6 (P3).
    assert metrics.backlog(ALL) == {(Status.IN_PROGRESS, 3): 2, (Status.NEW, 1): 1, (Status.NEW, 3): 1}
    assert metrics.backlog(Scope(frozenset({software.pk}))) == {(Status.NEW, 1): 1}


def test_at_risk_and_breached_now(desk: Desk, network: SkillGroup) -> None:
    # T6: 240 business minutes from 13:00 is due 17:00, at risk after 75 % (180 min), at 16:00.
    # T5: first response was due 09:30: breached (a breached ticket is not also counted at risk).
    # T4: Carol's answer at 12:00 started the next-response clock, 240 min: at risk 15:00, due 16:00.
    assert metrics.sla_now(ALL, READ_AT) == {AT_RISK: 1, BREACHED: 2}  # T6; T5 and T4
    assert metrics.sla_now(Scope(frozenset({network.pk})), READ_AT) == {AT_RISK: 1, BREACHED: 1}  # T6; T4
    # An hour earlier: T4 at risk, T6 not yet; only T5 breached.
    assert metrics.sla_now(ALL, at(MONDAY, 15)) == {AT_RISK: 1, BREACHED: 1}


def test_first_response_times_calendar_and_business(today: metrics.DayRows) -> None:
    # Answered today: T1 Fri 17:00 → Mon 09:30 = 64.5 h calendar, 1 h (Fri 17-18) + 0.5 h = 1.5 h business;
    # T2 1 h; T3 2 h; T4 0.5 h (both clocks, all in office hours).
    times = metrics.first_response_times(today)

    assert times.count == times.business_count == 4
    assert times.average == pytest.approx((64.5 + 1 + 2 + 0.5) / 4 * HOUR)  # 17 h
    assert times.median == pytest.approx((1 + 2) / 2 * HOUR)  # middle of 0.5, 1, 2, 64.5
    assert times.business_average == pytest.approx((1.5 + 1 + 2 + 0.5) / 4 * HOUR)  # 1.25 h
    assert times.business_median == pytest.approx((1 + 1.5) / 2 * HOUR)  # middle of 0.5, 1, 1.5, 2


def test_resolution_times_leave_out_a_reopened_ticket(today: metrics.DayRows) -> None:
    # T1 Fri 17:00 → Mon 11:00 = 66 h calendar, 1 h + 2 h = 3 h business; T3 09:00 → 12:00 = 3 h both.
    times = metrics.resolution_times(today)

    assert times.count == 2
    assert times.average == pytest.approx((66 + 3) / 2 * HOUR)
    assert times.median == pytest.approx((66 + 3) / 2 * HOUR)
    assert times.business_average == times.business_median == pytest.approx(3 * HOUR)


def test_sla_compliance_counts_each_settled_deadline(today: metrics.DayRows) -> None:
    # First responses: T1 1.5 h ≤ 4 h, T2 1 h ≤ 4 h, T3 2 h > 1 h (P2: missed), T4 0.5 h ≤ 4 h → 3 of 4.
    # Resolutions: T1 3 h ≤ 18 h, T3 3 h ≤ 8 h → 2 of 2. T5's breached deadlines are not settled.
    compliance = metrics.sla_compliance(today)

    assert (compliance.met, compliance.settled) == (5, 6)
    assert compliance.share == pytest.approx(5 / 6)


def test_satisfaction_is_the_share_of_todays_ratings_of_4_or_5(today: metrics.DayRows, software: SkillGroup) -> None:
    # T1 rated 4 (satisfied), T3 rated 2: 1 of 2. Both were resolved in Network.
    csat = metrics.satisfaction(ALL, today.day)

    assert (csat.satisfied, csat.rated, csat.share) == (1, 2, 0.5)
    assert metrics.satisfaction(Scope(frozenset({software.pk})), today.day).share is None


def test_agents_online_with_their_availability_and_load(desk: Desk, alice: User, software: SkillGroup) -> None:
    # Alice is online without shifts (so on shift) and holds T2 and T4 in progress; T1 and T3 are resolved.
    [agent] = metrics.agents_online(ALL, READ_AT)

    assert (agent.name, agent.availability, agent.load, agent.capacity) == ("Alice Agent", Availability.ON_SHIFT, 2, 5)
    assert metrics.agents_online(Scope(frozenset({software.pk})), READ_AT) == []
