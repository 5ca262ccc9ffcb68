"""Event-driven replay of a workload on a simulated clock (heapq), driven by a dispatcher.

Arrivals, slot releases (done, misroute triage over, work handed back by an absence),
availability changes and dispatcher wake-ups are events. After the events of one instant
are applied, the dispatcher is asked for assignments; each is checked against the hard
rules, timed by `physics`, logged, and its release scheduled.
"""

from __future__ import annotations

import heapq
import math
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Protocol

from dispatchdesk.simulation.availability import Availability
from dispatchdesk.simulation.board import AgentLive, Board, Decision, Dispatcher, Work
from dispatchdesk.simulation.physics import Outcome, Physics
from dispatchdesk.simulation.workload import TicketSpec, Workload

RELEASE, AVAILABILITY, WAKE = 0, 1, 2
PROGRESS_STEP = 500  # arrivals between progress reports
Progress = Callable[[float], None]


class Observer(Protocol):
    """Watches a replay without steering it (benchmarks use it); it must not change what it is shown."""

    def arrived(self, now: float, work: Work, board: Board) -> None:
        """A ticket has just joined the waiting work; the dispatcher has not seen it yet."""

    def responded(self, now: float, work: Work, agent: AgentLive) -> None:
        """The ticket got its first response: stage 1 reached an agent holding its true skill."""


class Feedback(Protocol):
    """Hears a ticket's real skill once the work has shown it: what a live desk's agents record."""

    def skill_known(self, ticket: TicketSpec, skill: str) -> None:
        """Stage 1 of `ticket` came back from an agent (handed back after triage, or worked): it needs `skill`."""


class HardRuleError(RuntimeError):
    """A dispatcher proposed an assignment the rules forbid: a bug, never silently skipped."""


@dataclass(frozen=True, slots=True)
class LogRecord:
    t: float
    ticket: str
    stage: int
    agent: str
    skill: str
    end: float

    def as_dict(self) -> dict[str, object]:
        return {"t": self.t, "ticket": self.ticket, "stage": self.stage, "agent": self.agent,
                "skill": self.skill, "end": self.end}  # fmt: skip


@dataclass(slots=True)
class Tally:
    """What the metrics need, gathered while the replay runs."""

    log: list[LogRecord] = field(default_factory=list)
    first_response: dict[int, float] = field(default_factory=dict)
    resolved: dict[int, float] = field(default_factory=dict)
    busy_s: dict[str, float] = field(default_factory=dict)
    overtime_s: float = 0.0
    misrouted: int = 0
    travel_s: list[float] = field(default_factory=list)
    window_missed: int = 0
    onsite_jobs: int = 0


class Simulator:
    def __init__(
        self,
        workload: Workload,
        dispatcher: Dispatcher,
        progress: Progress | None = None,
        observer: Observer | None = None,
        feedback: Feedback | None = None,
    ) -> None:
        scenario = workload.scenario
        self.scenario = scenario
        self.dispatcher = dispatcher
        self.progress = progress
        self.observer = observer
        self.feedback = feedback
        self.availability = Availability(scenario.agents, scenario.events)
        self.physics = Physics(workload.truth, self.availability, scenario.travel, scenario.misroute_triage_s)
        agents = [AgentLive(spec, spec.home) for spec in scenario.agents]
        self.board = Board(scenario, agents)
        self.tally = Tally(busy_s={a.id: 0.0 for a in scenario.agents})
        self._heap: list[tuple[float, int, int, object]] = []
        self._seq = 0
        self._keys = 0
        self._arrivals = sorted(scenario.tickets, key=lambda t: (t.arrival, t.index))

    def run(self) -> Tally:
        for agent in self.board.agents:
            for t in self.availability.changes(agent.spec.id):
                self._push(t, AVAILABILITY, agent)
        self.dispatcher.start(self.board)
        next_arrival, total, reported = 0, max(1, len(self._arrivals)), 0
        while True:
            now = min(self._heap[0][0] if self._heap else math.inf, self._arrival_time(next_arrival))
            if now == math.inf:
                break
            self.board.now = now
            while next_arrival < len(self._arrivals) and self._arrivals[next_arrival].arrival <= now:
                self._arrive(next_arrival)
                next_arrival += 1
            woken = self._apply_events(now)
            if self.board.new_work or self.board.new_free or woken:
                self._dispatch(now)
            if self.progress is not None and next_arrival >= reported + PROGRESS_STEP:
                reported = next_arrival
                self.progress(next_arrival / total)
        if self.progress is not None:
            self.progress(1.0)
        return self.tally

    def _arrival_time(self, i: int) -> float:
        return self._arrivals[i].arrival if i < len(self._arrivals) else math.inf

    def _push(self, t: float, kind: int, payload: object) -> None:
        self._seq += 1
        heapq.heappush(self._heap, (t, kind, self._seq, payload))

    def _arrive(self, i: int) -> None:
        ticket = self._arrivals[i]
        target = self.scenario.targets[ticket.priority]
        calendar = self.scenario.calendar
        self._keys += 1
        work = Work(
            self._keys,
            ticket,
            1,
            ticket.arrival,
            calendar.due(ticket.arrival, target.first_response_s),
            calendar.due(ticket.arrival, target.resolution_s),
        )
        self.board.add_waiting(work)
        if self.observer is not None:
            self.observer.arrived(ticket.arrival, work, self.board)

    def _apply_events(self, now: float) -> bool:
        woken = False
        while self._heap and self._heap[0][0] <= now:
            _, kind, _, payload = heapq.heappop(self._heap)
            if kind == RELEASE:
                self._release(*payload)  # type: ignore[misc]
            elif kind == AVAILABILITY:
                assert isinstance(payload, AgentLive)  # noqa: S101 - internal invariant
                payload.online = self.availability.is_online(payload.spec.id, now)
                self.board.refresh_agent(payload, gained=payload.online)
            else:
                woken = True
        return woken

    def _dispatch(self, now: float) -> None:
        new_work, new_free = self.board.take_changes()
        for decision in self.dispatcher.dispatch(now, self.board, new_work, new_free):
            self._assign(now, decision)
        wake = self.dispatcher.wakeup(now)
        if wake is not None and wake > now:
            self._push(wake, WAKE, None)

    def _assign(self, now: float, decision: Decision) -> None:
        work, agent = decision.work, decision.agent
        self._check(now, decision)
        outcome = self.physics.assign(
            work.ticket, work.stage, agent.spec, now, where=agent.where, remaining=work.remaining
        )
        del self.board.waiting[work.key]
        work.waiting = False
        agent.busy += 1
        agent.assigned += 1
        agent.last_assigned = now
        agent.jobs[work.key] = now + decision.expected_s
        self.board.refresh_agent(agent)
        self._record(now, decision, outcome)
        self._push(outcome.end, RELEASE, (agent, work, outcome))

    def _record(self, now: float, decision: Decision, outcome: Outcome) -> None:
        work, agent, tally = decision.work, decision.agent, self.tally
        ticket = work.ticket
        tally.log.append(LogRecord(now, ticket.id, work.stage, agent.spec.id, decision.skill, outcome.end))
        if outcome.misrouted:
            tally.misrouted += 1
        else:
            if ticket.onsite:
                tally.onsite_jobs += 1
                tally.travel_s.append(outcome.travel_s)
                tally.window_missed += outcome.window_missed
                agent.where = ticket.location
            if work.stage == 1 and ticket.index not in tally.first_response:
                tally.first_response[ticket.index] = now
                if self.observer is not None:
                    self.observer.responded(now, work, agent)
            work.responded = True
        horizon = self.scenario.horizon_s
        inside = self.availability.online_seconds(agent.spec.id, min(now, horizon), min(outcome.end, horizon))
        tally.busy_s[agent.spec.id] += inside
        tally.overtime_s += max(0.0, min(outcome.end, horizon) - min(now, horizon) - inside)

    def _release(self, agent: AgentLive, work: Work, outcome: Outcome) -> None:
        agent.busy -= 1
        agent.jobs.pop(work.key, None)
        agent.free_since = outcome.end
        self.board.refresh_agent(agent, gained=True)
        if work.stage == 1 and self.feedback is not None:  # known only now, after the work
            self.feedback.skill_known(work.ticket, outcome.true_skill)
        if not outcome.finished:
            work.remaining = outcome.remaining
            work.known_skill = outcome.true_skill  # the agent who held it says what it needs
            work.ready_at = outcome.end
            self.board.add_waiting(work)
        elif self.physics.has_next_stage(work.ticket, work.stage):
            self._escalate(work, outcome.end)
        else:
            self.tally.resolved[work.ticket.index] = outcome.end

    def _escalate(self, work: Work, now: float) -> None:
        self._keys += 1
        nxt = Work(self._keys, work.ticket, work.stage + 1, now, work.frt_due, work.res_due, responded=True)
        nxt.known_skill = self.physics.next_stage_skill(work.ticket, work.stage)
        self.board.add_waiting(nxt)

    def _check(self, now: float, decision: Decision) -> None:
        work, agent = decision.work, decision.agent
        spec, ticket = agent.spec, work.ticket
        problems = [
            (not work.waiting or work.key not in self.board.waiting, "the stage is not waiting"),
            (agent.busy >= spec.capacity, "the agent has no free slot"),
            (not self.availability.is_online(spec.id, now), "the agent is off line"),
            (decision.skill not in spec.skills, "the agent lacks the routed skill"),
            (ticket.language not in spec.languages, "the agent lacks the language"),
            (work.stage > 1 and spec.tier != "L2", "escalations need an L2 agent"),
            (spec.field != ticket.onsite, "desk and field work do not mix"),
            (ticket.onsite and spec.region != ticket.region, "field work stays in its region"),
        ]
        broken = [why for bad, why in problems if bad]
        if broken:
            raise HardRuleError(f"{ticket.id} stage {work.stage} -> {spec.id} at {now}: {'; '.join(broken)}")
