"""Board state -> the engine's vocabulary (TicketFacts, AgentState), and shared dispatcher parts."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, timedelta

from dispatchdesk.dispatch.engine.batch import Desk
from dispatchdesk.dispatch.engine.policy import Policy
from dispatchdesk.dispatch.engine.types import AgentState, TicketFacts
from dispatchdesk.simulation.board import AgentLive, Board, Work
from dispatchdesk.simulation.routing import TicketReader
from dispatchdesk.simulation.workload import Scenario


class Clock:
    """Simulated seconds <-> the aware datetimes the engine takes."""

    def __init__(self, epoch: datetime) -> None:
        self.epoch = epoch

    def at(self, seconds: float) -> datetime:
        return self.epoch + timedelta(seconds=seconds)


def desk_for(scenario: Scenario, board: Board | None = None) -> Desk:
    """The engine's view of the desk: catalogue handle times, travel, free holders, the tightest target."""
    handle = {skill: info.mean_handle_s for skill, info in scenario.skill_catalog.items()}
    targets = [t.first_response_s for t in scenario.targets.values()]
    return Desk(
        handle,
        scenario.travel,
        board.free_holders if board is not None else None,
        scenario.proficiency_factor,
        min(targets) if targets else None,
    )


class FactsBook:
    """Engine facts for waiting work and agents, rebuilt only when what they say changes."""

    def __init__(self, scenario: Scenario, reader: TicketReader | None, policy: Policy) -> None:
        self.clock = Clock(scenario.epoch)
        self.reader = reader
        self.policy = policy
        self._l2 = {s: i.l2_mean_handle_s for s, i in scenario.skill_catalog.items() if i.l2_mean_handle_s}
        self._mean = {s: i.mean_handle_s for s, i in scenario.skill_catalog.items()}
        self._tickets: dict[int, tuple[int, TicketFacts]] = {}
        self._agents: dict[int, tuple[tuple[object, ...], AgentState]] = {}

    def beliefs(self, work: Work) -> Mapping[str, float] | None:
        """None once the skill is known; otherwise what the text says (computed once per ticket)."""
        if work.known_skill is not None or self.reader is None:
            return None
        if not work.tags:
            work.tags = self.reader.beliefs(work.ticket)
        return work.tags

    def guess(self, work: Work) -> str | None:
        """The single likeliest skill: what rule-based routing would tag the ticket with."""
        if work.known_skill is not None:
            return work.known_skill
        beliefs = self.beliefs(work) or {}
        return min(beliefs, key=lambda s: (-beliefs[s], s)) if beliefs else None

    def ticket(self, work: Work, *, hedge: bool = True) -> TicketFacts:
        version = hash((work.known_skill, work.responded, work.stage, hedge))
        cached = self._tickets.get(work.key)
        if cached is not None and cached[0] == version:
            return cached[1]
        facts = self._build_ticket(work, hedge)
        self._tickets[work.key] = (version, facts)
        return facts

    def _build_ticket(self, work: Work, hedge: bool) -> TicketFacts:
        ticket, at = work.ticket, self.clock.at
        beliefs = self.beliefs(work) if hedge else None
        known = work.known_skill if (work.known_skill or not hedge) else None
        if known is None and not hedge:
            known = self.guess(work)
        handle = self._l2 if work.stage > 1 else self._mean
        reader = self.reader
        return TicketFacts(
            id=ticket.id,
            priority=reader.priority(ticket) if reader else ticket.priority_level,
            created_at=at(ticket.arrival),
            required_skills=frozenset({known}) if known else frozenset(),
            group=reader.group(ticket) if reader else None,
            tier="L2" if work.stage > 1 else (reader.tier(ticket) if reader else "L1"),
            language=ticket.language,
            region=ticket.region,
            onsite=ticket.onsite,
            customer_id=ticket.customer_id,
            vip=ticket.vip,
            sla_due=None if work.responded else at(work.frt_due),
            expected_handle_s=handle.get(known, self._mean.get(known)) if known else None,
            skill_beliefs=beliefs if known is None else None,
            resolution_due=at(work.res_due),
            location=ticket.location,
            window=(at(ticket.window[0]), at(ticket.window[1])) if ticket.window else None,
        )

    def forget(self, work: Work) -> None:
        self._tickets.pop(work.key, None)

    def agent(self, agent: AgentLive) -> AgentState:
        spec = agent.spec
        version = (agent.busy, agent.online, agent.last_assigned, agent.where)
        cached = self._agents.get(spec.index)
        if cached is not None and cached[0] == version:
            return cached[1]
        state = AgentState(
            id=spec.id,
            skills=spec.skills,
            capacity=spec.capacity,
            load=agent.busy,
            available=agent.online,
            groups=frozenset({spec.team}),
            tier=spec.tier,
            languages=spec.languages,
            region=spec.region,
            field=spec.field,
            last_assigned_at=self.clock.at(agent.last_assigned) if agent.last_assigned is not None else None,
            location=agent.where,
        )
        self._agents[spec.index] = (version, state)
        return state
