"""The engine never offers a ticket to an agent who breaks a hard rule, and explains its choice."""

from dataclasses import replace
from datetime import timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dispatchdesk.dispatch.engine.eligibility import refusal_rule
from dispatchdesk.dispatch.engine.policy import DEFAULT_POLICY, Policy
from dispatchdesk.dispatch.engine.ranking import rank, refusals
from dispatchdesk.dispatch.engine.types import AgentState, TicketFacts
from tests.dispatch.engine.builders import NOW, agent_states, make_agent, make_ticket, ticket_facts

AGENT_LISTS = st.lists(agent_states(), max_size=30, unique_by=lambda a: a.id)


@given(ticket=ticket_facts(), agents=AGENT_LISTS)
def test_no_candidate_ever_breaks_a_hard_rule(ticket: TicketFacts, agents: list[AgentState]) -> None:
    by_id = {agent.id: agent for agent in agents}

    for candidate in rank(ticket, agents, DEFAULT_POLICY, NOW):
        agent = by_id[candidate.agent_id]
        assert agent.available
        assert agent.load < agent.capacity
        assert ticket.required_skills <= agent.skills.keys()
        assert ticket.language in agent.languages
        assert not (ticket.tier == "L2" and agent.tier == "L1")
        assert agent.field == ticket.onsite
        assert not ticket.onsite or agent.region == ticket.region


@given(ticket=ticket_facts(), agents=AGENT_LISTS)
def test_every_agent_is_either_a_candidate_or_refused_with_a_rule(
    ticket: TicketFacts, agents: list[AgentState]
) -> None:
    offered = {c.agent_id for c in rank(ticket, agents, DEFAULT_POLICY, NOW)}
    refused = {r.agent_id for r in refusals(ticket, agents)}

    assert offered | refused == {a.id for a in agents}
    assert not offered & refused


@given(ticket=ticket_facts(), agents=AGENT_LISTS)
def test_ranking_is_deterministic_whatever_the_input_order(ticket: TicketFacts, agents: list[AgentState]) -> None:
    forward = rank(ticket, agents, DEFAULT_POLICY, NOW)
    backward = rank(ticket, list(reversed(agents)), DEFAULT_POLICY, NOW)

    assert forward == backward
    assert [c.score for c in forward] == sorted((c.score for c in forward), reverse=True)


@pytest.mark.parametrize(
    ("agent_changes", "rule"),
    [
        ({"available": False}, "unavailable"),
        ({"load": 3}, "at_capacity"),
        ({"skills": {"billing": 5}}, "missing_skill"),
        ({"languages": ("de",)}, "language"),
        ({"field": True}, "field_mismatch"),
    ],
)
def test_each_hard_rule_refuses_with_its_name(agent_changes: dict[str, object], rule: str) -> None:
    assert refusal_rule(make_ticket(), make_agent(**agent_changes)) == rule


def test_an_l2_ticket_needs_an_l2_agent_but_l2_agents_may_take_l1_work() -> None:
    assert refusal_rule(make_ticket(tier="L2"), make_agent(tier="L1")) == "tier"
    assert refusal_rule(make_ticket(tier="L1"), make_agent(tier="L2")) is None


def test_on_site_work_stays_in_the_engineers_region() -> None:
    job = make_ticket(onsite=True, region="berlin")

    assert refusal_rule(job, make_agent(field=True, region="munich")) == "region"
    assert refusal_rule(job, make_agent(field=True, region="berlin")) is None


def test_the_more_proficient_agent_wins_when_all_else_is_equal() -> None:
    novice, expert = make_agent(id=1, skills={"network": 1}), make_agent(id=2, skills={"network": 5})

    best = rank(make_ticket(), [novice, expert], DEFAULT_POLICY, NOW)[0]

    assert best.agent_id == 2
    assert any("proficiency" in reason for reason in best.reasons)


def test_a_long_idle_agent_beats_one_just_assigned() -> None:
    busy = make_agent(id=1, last_assigned_at=NOW - timedelta(minutes=1))
    idle = make_agent(id=2, last_assigned_at=NOW - timedelta(hours=3))

    assert rank(make_ticket(), [busy, idle], DEFAULT_POLICY, NOW)[0].agent_id == 2


def test_the_agent_who_knows_the_customer_is_preferred() -> None:
    stranger, acquaintance = make_agent(id=1), make_agent(id=2, recent_customers=frozenset({42}))

    best = rank(make_ticket(customer_id=42), [stranger, acquaintance], DEFAULT_POLICY, NOW)[0]

    assert best.agent_id == 2
    assert "knows the customer" in " ".join(best.reasons)


def test_ties_go_to_the_lower_agent_id() -> None:
    twins = [make_agent(id=9), make_agent(id=3), make_agent(id=5)]

    assert [c.agent_id for c in rank(make_ticket(), twins, DEFAULT_POLICY, NOW)] == [3, 5, 9]


def test_weights_change_the_outcome() -> None:
    loaded_expert = make_agent(id=1, skills={"network": 5}, load=2)
    idle_novice = make_agent(id=2, skills={"network": 2}, load=0)
    load_first = replace(DEFAULT_POLICY, proficiency_weight=0.1, spare_capacity_weight=5.0)

    assert rank(make_ticket(), [loaded_expert, idle_novice], DEFAULT_POLICY, NOW)[0].agent_id == 1
    assert rank(make_ticket(), [loaded_expert, idle_novice], load_first, NOW)[0].agent_id == 2


def test_negative_weights_are_refused() -> None:
    with pytest.raises(ValueError, match="must not be negative"):
        Policy(proficiency_weight=-1)
