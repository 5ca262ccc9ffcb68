"""Soft rules: score every eligible agent for a ticket and explain the score."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from dispatchdesk.dispatch.engine.eligibility import eligible_fast, refusal_rule
from dispatchdesk.dispatch.engine.policy import PROFICIENCY_SPEED, Policy
from dispatchdesk.dispatch.engine.types import AgentState, Candidate, Factor, Refusal, TicketFacts

NEUTRAL_PROFICIENCY = 3.0


def rank(ticket: TicketFacts, agents: Iterable[AgentState], policy: Policy, now: datetime) -> list[Candidate]:
    """Eligible agents for `ticket`, best first; equal scores go to the lower agent id."""
    candidates = [score_agent(ticket, agent, policy, now) for agent in agents if eligible_fast(ticket, agent)]
    return sorted(candidates, key=lambda c: (-c.score, str(c.agent_id)))


def refusals(ticket: TicketFacts, agents: Iterable[AgentState]) -> list[Refusal]:
    """Why each ineligible agent was left out (for the explanation shown to dispatchers)."""
    found = ((agent.id, refusal_rule(ticket, agent)) for agent in agents)
    return [Refusal(agent_id, rule) for agent_id, rule in found if rule is not None]


def score_agent(ticket: TicketFacts, agent: AgentState, policy: Policy, now: datetime) -> Candidate:
    """Score an agent already known to be eligible."""
    proficiency = mean_proficiency(ticket, agent)
    factors = [
        Factor("proficiency", policy.proficiency_weight * proficiency / 5, f"{proficiency:.1f}/5"),
        Factor(
            "spare capacity",
            policy.spare_capacity_weight * agent.free_slots / agent.capacity,
            f"{agent.load}/{agent.capacity}",
        ),
        _fairness(agent, policy, now),
        *_bonuses(ticket, agent, policy),
    ]
    if ticket.expected_handle_s is not None:
        hours = expected_work_s(ticket.expected_handle_s, proficiency) / 3600
        factors.append(Factor("expected finish", -policy.finish_weight * hours, f"{hours * 60:.0f} min"))
    kept = tuple(f for f in factors if f.points != 0)
    return Candidate(agent.id, round(sum(f.points for f in kept), 6), kept)


def mean_proficiency(ticket: TicketFacts, agent: AgentState) -> float:
    if not ticket.required_skills:
        return NEUTRAL_PROFICIENCY
    return sum(agent.skills[skill] for skill in ticket.required_skills) / len(ticket.required_skills)


def expected_work_s(handle_s_at_level_3: float, proficiency: float) -> float:
    """Handle time scaled by proficiency, interpolating the catalogue's speed factors."""
    level = min(max(proficiency, 1.0), 5.0)
    low = int(level)
    high = min(low + 1, 5)
    weight = level - low
    speed = PROFICIENCY_SPEED[low - 1] * (1 - weight) + PROFICIENCY_SPEED[high - 1] * weight
    return handle_s_at_level_3 * speed


def _fairness(agent: AgentState, policy: Policy, now: datetime) -> Factor:
    if agent.last_assigned_at is None:
        idle_minutes = policy.fairness_cap_minutes
    else:
        idle_minutes = min(max((now - agent.last_assigned_at).total_seconds() / 60, 0.0), policy.fairness_cap_minutes)
    return Factor(
        "idle time", policy.fairness_weight * idle_minutes / policy.fairness_cap_minutes, f"{idle_minutes:.0f} min"
    )


def _bonuses(ticket: TicketFacts, agent: AgentState, policy: Policy) -> list[Factor]:
    bonuses = []
    if ticket.region is not None and agent.region == ticket.region:
        bonuses.append(Factor("same region", policy.region_bonus, ticket.region))
    if agent.languages and agent.languages[0] == ticket.language:
        bonuses.append(Factor("first language", policy.language_bonus, ticket.language))
    if ticket.customer_id is not None and ticket.customer_id in agent.recent_customers:
        bonuses.append(Factor("knows the customer", policy.affinity_bonus))
    if ticket.group is not None and ticket.group in agent.groups:
        bonuses.append(Factor("in the ticket's group", policy.group_bonus, ticket.group))
    return bonuses
