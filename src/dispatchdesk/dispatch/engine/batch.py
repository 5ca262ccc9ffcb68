"""Global batch assignment (D11): when several tickets and agents wait, match them all at once.

Each (ticket, agent) pair gets an `Offer` worth

    chance the agent holds the skill x urgency  -  occupancy_weight x expected busy time / typical handle time

where urgency ranks tickets whose first response can still be in time above those that
can only still be resolved in time, above those that are late anyway (earliest deadline
first inside each class), plus aging: a ticket past its deadline gains `aging_weight`
for every length of its own target it has waited beyond it, so that no late ticket
waits behind fresh work for ever (D7). The busy time counts travel and waiting for the
appointment window, slower proficiency, and the triage a wrong guess costs. The pairs
with the best total are chosen with `scipy.optimize.linear_sum_assignment`: a global
optimum where greedy choice can strand a ticket that only one agent could take.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

from dispatchdesk.common.lazy import lazy_import
from dispatchdesk.dispatch.engine.eligibility import eligible_fast
from dispatchdesk.dispatch.engine.policy import PROFICIENCY_SPEED, Policy
from dispatchdesk.dispatch.engine.travel import TravelModel, travel_seconds
from dispatchdesk.dispatch.engine.types import AgentState, Factor, TicketFacts

if TYPE_CHECKING:
    import numpy as np
    from scipy import optimize  # type: ignore[import-untyped]  # scipy ships no hints
else:
    np = lazy_import("numpy")
    optimize = lazy_import("scipy.optimize")

RESPONSE, RESOLUTION, LATE = "response", "resolution", "late"
HOLD_MARGIN_S = 600.0  # release held field work this long before waiting longer would lose its response target
MIN_TARGET_S = 1.0  # aging treats a shorter target as this long
MAX_AHEAD_S = 100 * 365 * 86400.0  # moments further ahead than this are "never"
RESOLUTION_SCALE = 60.0  # resolution deadlines are ranked on a scale this many times the response scale
NO_OFFER = -1e9
FIELD_TRAVEL_GUESS_S = 3600.0


@dataclass(frozen=True, slots=True)
class Desk:
    """What the engine needs to know beyond the tickets and agents of one batch."""

    handle_s: Mapping[str, float]  # mean stage handle time at proficiency 3, per skill
    travel: TravelModel | None = None
    free_holders: Mapping[tuple[str | None, str], int] | None = None  # (field region or None, skill) -> free agents
    speed: tuple[float, ...] = PROFICIENCY_SPEED
    shortest_target_s: float | None = None  # tightest first-response target in play; None: unknown
    typical_s: float = field(init=False)

    def __post_init__(self) -> None:
        values = [v for v in self.handle_s.values() if v > 0]
        object.__setattr__(self, "typical_s", sum(values) / len(values) if values else 600.0)


@dataclass(frozen=True, slots=True)
class Offer:
    ticket_id: int | str
    agent_id: int | str
    value: float
    skill: str  # route on this skill: the agent holds it, and it is the likeliest one they hold
    match: float  # chance the agent holds the ticket's real skill
    urgency: float
    busy_s: float  # expected occupancy of the slot, travel and waiting included
    reason: str = RESPONSE
    detail: str = RESPONSE  # the urgency in words, for dispatchers

    @property
    def factors(self) -> tuple[Factor, ...]:
        return (
            Factor("skill match", self.match, f"{self.match:.0%} likely ({self.skill})"),
            Factor("urgency", self.urgency, self.detail),
            Factor("expected busy", self.value - self.match * self.urgency, f"{self.busy_s / 60:.0f} min"),
        )


@dataclass(frozen=True, slots=True)
class Urgency:
    """Why and how much a ticket is worth serving now, whoever serves it."""

    reason: str
    bonus: float
    slack_s: float  # seconds to the deadline that still counts (0 once both are lost)
    response_s: float  # seconds to the first-response deadline (inf: none)
    overdue: float = 0.0  # lengths of its own target the ticket is past its deadline (aging)

    @property
    def detail(self) -> str:
        """The urgency in words, for dispatchers."""
        if self.overdue <= 0:
            return self.reason
        waited = round(1 + self.overdue, 1)  # the whole wait, in lengths of the target
        lost = "response late" if self.reason == RESOLUTION else "late"
        return f"{lost}, waiting {waited:g} times its target"


def urgency(ticket: TicketFacts, policy: Policy, now: datetime) -> Urgency:
    """How much serving this ticket now is worth, before asking who would serve it."""
    response = (ticket.sla_due - now).total_seconds() if ticket.sla_due is not None else math.inf
    if ticket.sla_due is not None and response > 0:
        return Urgency(
            RESPONSE, policy.response_weight + 1 / (1 + response / policy.urgency_scale_s), response, response
        )
    late = overdue(ticket, now)
    aging = policy.aging_weight * late
    if ticket.resolution_due is not None:
        left = (ticket.resolution_due - now).total_seconds()
        if left > 0:
            bonus = policy.resolution_weight + 1 / (1 + left / (policy.urgency_scale_s * RESOLUTION_SCALE))
            return Urgency(RESOLUTION, bonus + aging, left, response, late)
    return Urgency(LATE, policy.late_weight + aging, 0.0, response, late)


def aging_target(ticket: TicketFacts) -> tuple[datetime, float] | None:
    """The deadline aging counts from and the length of its target (seconds); None: no deadline.

    The deadline is the first response's while one is owed, else the resolution's; its
    target is the time from the ticket's creation to it, so a 20-second and a 4-hour
    target age alike.
    """
    due = ticket.sla_due if ticket.sla_due is not None else ticket.resolution_due
    if due is None:
        return None
    return due, max((due - ticket.created_at).total_seconds(), MIN_TARGET_S)


def overdue(ticket: TicketFacts, now: datetime) -> float:
    """How far past its deadline the ticket is, in lengths of its own target (0 while in time)."""
    found = aging_target(ticket)
    if found is None:
        return 0.0
    due, target = found
    return max((now - due).total_seconds(), 0.0) / target


def aged_overdue(policy: Policy) -> float:
    """Overdue at which aging has made up the gap to in-time work (inf without aging).

    From then on a late ticket outranks fresh work whose response deadline is still far
    off, and it is no longer held back to keep an agent free for urgent newcomers.
    """
    if policy.aging_weight <= 0:
        return math.inf
    return max(policy.response_weight - policy.resolution_weight, 0.0) / policy.aging_weight


def skill_match(ticket: TicketFacts, agent: AgentState, desk: Desk) -> tuple[float, str | None, float]:
    """(chance the agent holds the real skill, skill to route on, expected work seconds if so)."""
    beliefs = ticket.skill_beliefs
    if beliefs is None:
        needed = sorted(ticket.required_skills) or sorted(agent.skills, key=lambda s: (-agent.skills[s], s))[:1]
        if not needed or not set(needed) <= agent.skills.keys():
            return 0.0, None, 0.0
        work = sum(_work(desk, s, agent.skills[s], ticket) for s in needed) / len(needed)
        return 1.0, needed[0], work
    match, best, best_p, work = 0.0, None, -1.0, 0.0
    for skill, level in agent.skills.items():
        p = beliefs.get(skill, 0.0)
        if p <= 0:
            continue
        match += p
        work += p * _work(desk, skill, level, ticket)
        if p > best_p or (p == best_p and best is not None and skill < best):
            best, best_p = skill, p
    return match, best, (work / match if match > 0 else 0.0)


def _work(desk: Desk, skill: str, level: int, ticket: TicketFacts) -> float:
    if ticket.skill_beliefs is None and ticket.expected_handle_s is not None:
        mean = ticket.expected_handle_s  # known skill: the ticket says how long its stage takes
    else:
        mean = desk.handle_s.get(skill, desk.typical_s)
    return mean * desk.speed[min(max(level, 1), 5) - 1]


def offer(ticket: TicketFacts, agent: AgentState, policy: Policy, now: datetime, desk: Desk) -> Offer | None:
    """What giving `ticket` to `agent` now is worth; None if the engine advises against it now."""
    return _offer(ticket, urgency(ticket, policy, now), agent, policy=policy, now=now, desk=desk)


def _offer(
    ticket: TicketFacts, urge: Urgency, agent: AgentState, *, policy: Policy, now: datetime, desk: Desk
) -> Offer | None:
    if not eligible_fast(ticket, agent):
        return None
    match, skill, work = skill_match(ticket, agent, desk)
    if skill is None or (urge.reason == RESPONSE and match < policy.min_match):
        return None
    if _held_back(ticket, urge, agent, policy, desk):
        return None
    extra = _field_time(ticket, urge, agent, policy=policy, now=now, desk=desk)
    if extra is None:
        return None
    busy = match * (work + extra) + (1 - match) * policy.misroute_cost_s
    value = match * urge.bonus - policy.occupancy_weight * busy / desk.typical_s
    if ticket.group is not None and ticket.group in agent.groups:
        value += policy.group_bonus  # a routing rule sent the ticket to this agent's team
    if value <= policy.min_value and urge.reason == RESPONSE:
        return None  # a response can still be in time: better wait for a better-suited agent
    return Offer(ticket.id, agent.id, round(value, 9), skill, match, urge.bonus, busy, urge.reason, urge.detail)


def _held_back(ticket: TicketFacts, urge: Urgency, agent: AgentState, policy: Policy, desk: Desk) -> bool:
    """Keep the last free slot of any skill for urgent work while this ticket can wait."""
    if policy.reserve_slack_s is None or desk.free_holders is None or urge.reason == LATE:
        return False
    if agent.free_slots > 1:
        return False  # this ticket takes one slot and leaves the agent free for urgent work
    if urge.overdue >= aged_overdue(policy):
        return False  # it has waited long enough: it is the urgent work now
    if urge.slack_s <= policy.reserve_slack_s:
        return False
    if desk.shortest_target_s is not None and desk.shortest_target_s >= policy.reserve_slack_s:
        return False  # no work that urgent can arrive: holding back would only idle the agent
    pool = agent.region if agent.field else None
    return any(desk.free_holders.get((pool, skill), 0) <= 1 for skill in agent.skills)


def _field_time(
    ticket: TicketFacts, urge: Urgency, agent: AgentState, *, policy: Policy, now: datetime, desk: Desk
) -> float | None:
    """Travel plus waiting for the window; None while committing the engineer would be premature."""
    if not ticket.onsite or ticket.location is None or agent.location is None or desk.travel is None:
        return 0.0
    travel = travel_seconds(agent.location, ticket.location, desk.travel)
    idle = 0.0
    if ticket.window is not None:
        idle = max(0.0, (ticket.window[0] - now).total_seconds() - travel)
    hold = idle - policy.dispatch_lead_s
    if hold > 0 and not (0 < urge.response_s <= hold + HOLD_MARGIN_S):
        return None
    return travel + idle


def assign_batch(
    tickets: Sequence[TicketFacts], agents: Sequence[AgentState], policy: Policy, now: datetime, desk: Desk
) -> list[Offer]:
    """The set of offers with the highest total value; each ticket once, no agent beyond its free slots."""
    slots = [(j, agent) for j, agent in enumerate(agents) for _ in range(min(agent.free_slots, len(tickets)))]
    if not tickets or not slots:
        return []
    offers: dict[tuple[int, int], Offer] = {}
    for i, ticket in enumerate(tickets):
        urge = urgency(ticket, policy, now)
        for j, agent in enumerate(agents):
            if agent.free_slots > 0:
                found = _offer(ticket, urge, agent, policy=policy, now=now, desk=desk)
                if found is not None:
                    offers[i, j] = found
    if not offers:
        return []
    if len(tickets) == 1 or len(slots) == 1:
        return [min(offers.values(), key=lambda o: (-o.value, str(o.ticket_id), str(o.agent_id)))]
    return _solve(offers, len(tickets), slots)


def _solve(offers: dict[tuple[int, int], Offer], n_tickets: int, slots: list[tuple[int, AgentState]]) -> list[Offer]:
    values = np.full((n_tickets, len(slots)), NO_OFFER)
    for col, (j, _) in enumerate(slots):
        for i in range(n_tickets):
            found = offers.get((i, j))
            if found is not None:
                values[i, col] = found.value
    rows, cols = optimize.linear_sum_assignment(values, maximize=True)
    chosen = [
        offers[i, slots[c][0]] for i, c in zip(rows.tolist(), cols.tolist(), strict=True) if values[i, c] > NO_OFFER
    ]
    return sorted(chosen, key=lambda o: -o.value)


def next_change(ticket: TicketFacts, policy: Policy, now: datetime) -> datetime | None:
    """The next instant at which this ticket's offers change by the clock alone (None: never).

    A deadline passing changes its class; a deadline coming within `reserve_slack_s`, or
    aging reaching `aged_overdue`, releases held-back holders; an appointment window coming
    near releases field work (assuming at most FIELD_TRAVEL_GUESS_S of travel; later
    reviews find the exact moment). Aging itself changes offers smoothly, not at a moment.
    """
    moments = []
    for due in (ticket.sla_due, ticket.resolution_due):
        if due is not None:
            moments.append(due)
            if policy.reserve_slack_s is not None:
                moments.append(due - timedelta(seconds=policy.reserve_slack_s))
    aged = aged_overdue(policy)
    found = aging_target(ticket)
    if found is not None and aged * found[1] < MAX_AHEAD_S:
        moments.append(found[0] + timedelta(seconds=aged * found[1]))
    if ticket.onsite and ticket.window is not None:
        moments.append(ticket.window[0] - timedelta(seconds=policy.dispatch_lead_s + FIELD_TRAVEL_GUESS_S))
    future = [m for m in moments if m > now]
    return min(future) if future else None


def rank_offers(
    ticket: TicketFacts, agents: Sequence[AgentState], policy: Policy, now: datetime, desk: Desk
) -> list[Offer]:
    """Every agent worth offering `ticket` to now, best first: what `assign_batch` chooses from for a
    batch of one ticket (its first offer), kept whole so a decision can show the runners-up."""
    found = [o for agent in agents if agent.free_slots > 0 and (o := offer(ticket, agent, policy, now, desk))]
    return sorted(found, key=lambda o: (-o.value, str(o.agent_id)))


LIKELY_PER_SKILL = 12  # free agents weighed per needed skill: the strongest, then the longest idle


def likely_agents(
    tickets: Sequence[TicketFacts], agents: Sequence[AgentState], per_skill: int = LIKELY_PER_SKILL
) -> list[AgentState]:
    """The free agents worth weighing for `tickets`: for each skill they need, its `per_skill` strongest
    free holders (the longest idle first among equals); every free agent when a ticket names no skill.

    Narrowing only: the engine refuses the others or they would rarely win, and a big desk's batch
    stays small. The simulator's sla-batch dispatcher narrows its candidates the same way.
    """
    free = [agent for agent in agents if agent.available and agent.free_slots > 0]
    if any(not ticket.required_skills for ticket in tickets):
        return free
    chosen: dict[int | str, AgentState] = {}
    for skill in sorted({skill for ticket in tickets for skill in ticket.required_skills}):
        holders = [agent for agent in free if skill in agent.skills]
        holders.sort(
            key=lambda a: (-a.skills[skill], a.last_assigned_at or datetime.min.replace(tzinfo=UTC), str(a.id))
        )
        chosen.update((agent.id, agent) for agent in holders[:per_skill])
    return list(chosen.values())
