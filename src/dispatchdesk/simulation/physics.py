"""What happens once a ticket stage is given to an agent (docs/workload-format.md §2), and nothing else.

This module is the only reader of a ticket's `truth`, and only for an assignment already
made: how long the work takes, whether the agent must hand it back, where a field
engineer ends up. The formulas mirror the referee's operation by operation, so the `end`
we log equals the one it recomputes.
"""

from __future__ import annotations

from dataclasses import dataclass

from dispatchdesk.dispatch.engine.travel import TravelModel, travel_seconds
from dispatchdesk.simulation.availability import EPS, Availability
from dispatchdesk.simulation.workload import AgentSpec, Point, TicketSpec, TruthBook


@dataclass(frozen=True, slots=True)
class Outcome:
    """The fate of one assignment, fixed when it is made."""

    end: float  # the slot frees here
    finished: bool  # True: the stage is done at `end`; False: it returns to the queue at `end`
    misrouted: bool  # the agent lacked the true skill or language and only triaged it
    remaining: float  # work share left when it returns to the queue
    true_skill: str
    travel_s: float = 0.0
    work_start: float = 0.0
    window_missed: bool = False


class Physics:
    def __init__(self, truth: TruthBook, availability: Availability, travel: TravelModel | None, triage_s: float):
        self._truth = truth
        self._availability = availability
        self._travel = travel
        self._triage_s = triage_s

    def has_next_stage(self, ticket: TicketSpec, stage: int) -> bool:
        return self._truth.has_stage(ticket.index, stage + 1)

    def next_stage_skill(self, ticket: TicketSpec, stage: int) -> str:
        """The skill an escalation asks for: the handing-over agent names it in the escalation note."""
        return self._truth.stage(ticket.index, stage + 1).skill

    def assign(
        self, ticket: TicketSpec, stage: int, agent: AgentSpec, now: float, *, where: Point | None, remaining: float
    ) -> Outcome:
        truth = self._truth.stage(ticket.index, stage)
        stop = self._availability.next_preempt(agent.id, now)
        if truth.skill not in agent.skills or ticket.language not in agent.languages:
            end = min(now + self._triage_s, stop)
            return Outcome(end, False, True, remaining, truth.skill, work_start=now)
        work = truth.handle_s[agent.skills[truth.skill] - 1] * remaining
        work_start, travel_s = now, 0.0
        if ticket.onsite and ticket.location is not None and self._travel is not None and where is not None:
            travel_s = travel_seconds(where, ticket.location, self._travel)
            window_open = ticket.window[0] if ticket.window else now
            work_start = max(now + travel_s, window_open)
        end = work_start + work
        missed = ticket.window is not None and ticket.onsite and work_start > ticket.window[1] + EPS
        if stop < end:
            left = remaining * ((end - stop) / (end - work_start) if stop > work_start else 1.0)
            return Outcome(stop, False, False, left, truth.skill, travel_s, work_start, missed)
        return Outcome(end, True, False, 0.0, truth.skill, travel_s, work_start, missed)
