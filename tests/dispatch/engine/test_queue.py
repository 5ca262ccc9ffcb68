"""Queue order: priority, then deadline, with aging; pull gives the most urgent eligible ticket."""

from datetime import timedelta

from hypothesis import given
from hypothesis import strategies as st

from dispatchdesk.dispatch.engine.eligibility import is_eligible
from dispatchdesk.dispatch.engine.policy import DEFAULT_POLICY
from dispatchdesk.dispatch.engine.queue import order_queue, pick_next, urgency_key
from dispatchdesk.dispatch.engine.types import AgentState, TicketFacts
from tests.dispatch.engine.builders import NOW, agent_states, make_agent, make_ticket, ticket_facts


def test_higher_priority_goes_first_among_fresh_tickets() -> None:
    low, urgent = make_ticket(id=1, priority=4), make_ticket(id=2, priority=1)

    assert [t.id for t in order_queue([low, urgent], DEFAULT_POLICY, NOW)] == [2, 1]


def test_the_earlier_deadline_goes_first_at_equal_priority() -> None:
    late = make_ticket(id=1, sla_due=NOW + timedelta(hours=4))
    soon = make_ticket(id=2, sla_due=NOW + timedelta(minutes=30))

    assert [t.id for t in order_queue([late, soon], DEFAULT_POLICY, NOW)] == [2, 1]


def test_a_long_waiting_low_priority_ticket_overtakes_fresh_urgent_work() -> None:
    starving = make_ticket(id=1, priority=4, created_at=NOW - timedelta(hours=13))
    fresh = make_ticket(id=2, priority=1, created_at=NOW)

    assert order_queue([fresh, starving], DEFAULT_POLICY, NOW)[0].id == 1


def test_next_ticket_skips_work_the_agent_cannot_do() -> None:
    billing = make_ticket(id=1, priority=1, required_skills={"billing"})
    network = make_ticket(id=2, priority=4, required_skills={"network"})

    picked = pick_next(make_agent(skills={"network": 4}), [billing, network], DEFAULT_POLICY, NOW)

    assert picked is not None
    assert picked.id == 2


def test_next_ticket_is_none_when_nothing_fits() -> None:
    assert pick_next(make_agent(), [make_ticket(required_skills={"billing"})], DEFAULT_POLICY, NOW) is None


@given(agent=agent_states(), queue=st.lists(ticket_facts(), max_size=25, unique_by=lambda t: t.id))
def test_pull_returns_the_most_urgent_eligible_ticket(agent: AgentState, queue: list[TicketFacts]) -> None:
    picked = pick_next(agent, queue, DEFAULT_POLICY, NOW)
    eligible = [t for t in queue if is_eligible(t, agent)]

    if not eligible:
        assert picked is None
    else:
        assert picked is not None
        assert is_eligible(picked, agent)
        assert urgency_key(picked, DEFAULT_POLICY, NOW) == min(urgency_key(t, DEFAULT_POLICY, NOW) for t in eligible)
