"""Whenever the demo is loaded, it is a healthy follow-the-sun desk with a realistic few problems (issue 11).

Loaded at three moments with the clock frozen: a weekday morning in Berlin, a weekday night (in
summer time) and a Sunday afternoon. At each: every first-line group has agents on shift taking
work (no one on overtime), the month's SLA attainment is a well-run team's, the backlog is a day
or two of arrivals and mostly in hand, one or two tickets are breached and some at risk, and
nothing waits unassigned for long; the VIPs' least of all.
"""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine

from dispatchdesk.accounts.models import AgentProfile, Availability, Tier
from dispatchdesk.customers.models import CustomerTier
from dispatchdesk.demo import assets, catalogue
from dispatchdesk.demo.health import desk_health
from dispatchdesk.demo.loader import DEFAULT_TICKETS, demo_load
from dispatchdesk.dispatch.engine.eligibility import refusal_rule
from dispatchdesk.dispatch.engine.types import AgentState, TicketFacts
from dispatchdesk.dispatch.selectors import agent_roster
from dispatchdesk.tickets.models import OPEN_STATUSES, Status, Ticket
from dispatchdesk.tickets.sla_state import BREACHED, in_sla_state

BERLIN = ZoneInfo("Europe/Berlin")
MOMENTS = {
    "weekday-morning": datetime(2026, 3, 10, 9, 30, tzinfo=BERLIN),  # a Tuesday
    "weekday-night": datetime(2026, 6, 18, 2, 30, tzinfo=BERLIN),  # a Thursday, summer time
    "sunday": datetime(2026, 11, 15, 15, 0, tzinfo=BERLIN),
}
FIRST_LINE = [spec.slug for spec in catalogue.GROUPS if spec.tier == Tier.L1]


@pytest.mark.parametrize("moment", MOMENTS.values(), ids=MOMENTS.keys())
def test_the_demo_is_a_healthy_desk_whenever_it_is_loaded(db: None, moment: datetime) -> None:
    # One load per moment (each takes seconds), checked three ways.
    with time_machine.travel(moment, tick=False):
        demo_load()
        each_first_line_group_takes_work(moment)
        the_month_looks_like_a_well_run_teams(moment)
        vip_tickets_are_handled_promptly(moment)


def takers(group: str, now: datetime) -> list[AgentState]:
    return [
        agent
        for agent in agent_roster(now=now).states
        if agent.available and agent.load < agent.capacity and group in agent.groups
    ]


def each_first_line_group_takes_work(now: datetime) -> None:
    weekend = now.weekday() >= 5
    for group in FIRST_LINE:
        on_shift = takers(group, now)
        assert len(on_shift) >= (1 if weekend else 2), (group, now)
        # A German ticket of each of the group's categories finds someone eligible.
        for category in (spec for spec in catalogue.CATEGORIES if spec.group == group):
            skills = frozenset(category.skills)
            facts = TicketFacts(id=0, priority=3, created_at=now, required_skills=skills, group=group, language="de")
            assert any(refusal_rule(facts, agent) is None for agent in on_shift), (category.slug, now)
    assert takers("escalations", now), now  # an L2 engineer, for urgent and security work
    # The shifts do the staffing: nobody takes work on overtime.
    availabilities = {profile.availability(now) for profile in AgentProfile.objects.prefetch_related("shifts")}
    assert Availability.OVERTIME not in availabilities
    assert Availability.ON_SHIFT in availabilities


def the_month_looks_like_a_well_run_teams(now: datetime) -> None:
    health = desk_health(now=now)
    assert health.arrivals == DEFAULT_TICKETS + assets.TICKETS  # and today's from the demo's assets
    assert 0.90 <= health.first_response.share <= 0.97, health.first_response
    assert 0.90 <= health.resolution.share <= 0.97, health.resolution
    # The backlog: a day or two of arrivals (a little more over a weekend), mostly being worked on.
    assert 1 <= health.backlog_days <= 3, health
    assert health.by_status.get(Status.IN_PROGRESS, 0) >= health.open / 2, health
    # Very few unassigned, none for long.
    assert health.unassigned <= 3, health
    assert health.oldest_unassigned is None or health.oldest_unassigned < timedelta(days=1), health
    # A realistic few problems: one or two breached (no more than one in twenty open), some at risk.
    assert 1 <= health.breached <= 2, health
    assert health.breached <= 0.05 * health.open, health
    assert 1 <= health.at_risk <= 6, health


def vip_tickets_are_handled_promptly(now: datetime) -> None:
    vip = Ticket.objects.filter(customer__organisation__tier=CustomerTier.VIP)
    assert vip.filter(status__in=OPEN_STATUSES).exists()
    assert not vip.filter(status=Status.NEW, created_at__lt=now - timedelta(minutes=30)).exists()
    assert not in_sla_state(vip.filter(status__in=OPEN_STATUSES), BREACHED, now=now).exists()
