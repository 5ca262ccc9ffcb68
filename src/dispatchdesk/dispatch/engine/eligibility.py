"""Hard rules: an agent who fails any of them is never offered the ticket."""

from __future__ import annotations

from collections.abc import Callable

from dispatchdesk.dispatch.engine.types import AgentState, TicketFacts

TIER_ORDER = {"L1": 1, "L2": 2, "L3": 3}

Rule = Callable[[TicketFacts, AgentState], bool]

# Checked in this order; the first failing rule is the one reported to dispatchers.
HARD_RULES: tuple[tuple[str, Rule], ...] = (
    ("unavailable", lambda t, a: a.available),
    ("at_capacity", lambda t, a: a.load < a.capacity),
    ("missing_skill", lambda t, a: t.required_skills <= a.skills.keys()),
    # A ticket whose skill is only believed (read from text): the agent must hold a plausible one.
    (
        "no_likely_skill",
        lambda t, a: t.skill_beliefs is None or any(p > 0 and s in a.skills for s, p in t.skill_beliefs.items()),
    ),
    ("language", lambda t, a: t.language in a.languages),
    ("tier", lambda t, a: TIER_ORDER.get(a.tier, 1) >= TIER_ORDER.get(t.tier, 1)),
    ("field_mismatch", lambda t, a: a.field == t.onsite),
    ("region", lambda t, a: not t.onsite or a.region == t.region),
)


def refusal_rule(ticket: TicketFacts, agent: AgentState) -> str | None:
    """The first hard rule `agent` breaks for `ticket`, or None if the agent is eligible."""
    for name, holds in HARD_RULES:
        if not holds(ticket, agent):
            return name
    return None


def is_eligible(ticket: TicketFacts, agent: AgentState) -> bool:
    return refusal_rule(ticket, agent) is None


def eligible_fast(ticket: TicketFacts, agent: AgentState) -> bool:
    """`is_eligible` unrolled for hot loops (the simulator's batches); a test keeps the two identical."""
    skills, beliefs = agent.skills, ticket.skill_beliefs
    return (
        agent.available
        and agent.load < agent.capacity
        and (not ticket.required_skills or ticket.required_skills <= skills.keys())
        and (beliefs is None or any(p > 0 and s in skills for s, p in beliefs.items()))
        and ticket.language in agent.languages
        and (ticket.tier == "L1" or TIER_ORDER.get(agent.tier, 1) >= TIER_ORDER.get(ticket.tier, 1))
        and agent.field == ticket.onsite
        and (not ticket.onsite or agent.region == ticket.region)
    )
