"""Simple reference policies: one queue order, one agent-choice rule, the likeliest skill as the tag.

They route each ticket on its single likeliest skill (no hedging), hold field work back
only until `dispatch_lead_s` before its window (the workload's stated habit), and check
every pairing with the engine's hard rules (`eligibility.is_eligible`).
"""

from __future__ import annotations

import heapq
from collections.abc import Sequence
from typing import Any

from dispatchdesk.dispatch.engine.eligibility import is_eligible
from dispatchdesk.dispatch.engine.policy import Policy
from dispatchdesk.simulation.board import AgentLive, Board, Decision, Work, ticket_pool
from dispatchdesk.simulation.dispatchers.common import FactsBook
from dispatchdesk.simulation.routing import TicketReader

QueueKey = tuple[str, tuple[bool, str | None], bool, str]  # (language, pool, escalation?, skill)


class QueueDispatcher:
    """First the queue order picks a ticket, then `pick` chooses among the free agents who may take it."""

    name = "fifo"

    def __init__(self, policy: Policy, reader: TicketReader | None) -> None:
        self.policy = policy
        self.reader = reader
        self.queues: dict[QueueKey, list[tuple[Any, int, Work]]] = {}
        self._held: list[tuple[float, int, Work]] = []  # field work waiting for its release time

    def start(self, board: Board) -> None:
        self.board = board
        self.facts = FactsBook(board.scenario, self.reader, self.policy)

    def wakeup(self, now: float) -> float | None:
        return self._held[0][0] if self._held else None

    def order(self, work: Work) -> Any:
        return (work.ready_at, work.key)

    def pick(self, work: Work, candidates: Sequence[AgentLive], now: float) -> AgentLive:
        """Choose among `candidates` (never empty, all eligible)."""
        raise NotImplementedError

    def dispatch(self, now: float, board: Board, new_work: list[Work], new_free: set[int]) -> list[Decision]:
        for work in new_work:
            release = self._release_at(work)
            if release > now:
                heapq.heappush(self._held, (release, work.key, work))
            else:
                self._enqueue(work)
        while self._held and self._held[0][0] <= now:
            self._enqueue(heapq.heappop(self._held)[2])
        slots = {i: board.agents[i].free_slots for i in board.free}
        decisions: list[Decision] = []
        while True:
            found = self._next(slots)
            if found is None:
                return decisions
            key, candidates = found
            _, _, work = heapq.heappop(self.queues[key])
            chosen = self.pick(work, candidates, now)
            slots[chosen.spec.index] -= 1
            decisions.append(Decision(work, chosen, key[3], 0.0))

    def _release_at(self, work: Work) -> float:
        """Field work is released for dispatch `dispatch_lead_s` before its window (the workload's habit)."""
        window, lead = work.ticket.window, self.board.scenario.dispatch_lead_s
        if not work.ticket.onsite or window is None or lead <= 0:
            return work.ready_at
        return window[0] - lead

    def _enqueue(self, work: Work) -> None:
        skill = self.facts.guess(work) or ""
        key = (work.ticket.language, ticket_pool(work.ticket), work.stage > 1, skill)
        heapq.heappush(self.queues.setdefault(key, []), (self.order(work), work.key, work))

    def _next(self, slots: dict[int, int]) -> tuple[QueueKey, list[AgentLive]] | None:
        """The queue whose head comes first among those some free agent may serve."""
        best: tuple[Any, QueueKey, list[AgentLive]] | None = None
        for key, heap in self.queues.items():
            while heap and not heap[0][2].waiting:
                heapq.heappop(heap)
            if not heap or (best is not None and heap[0][0] >= best[0]):
                continue
            candidates = self._candidates(key, heap[0][2], slots)
            if candidates:
                best = (heap[0][0], key, candidates)
        return None if best is None else (best[1], best[2])

    def _candidates(self, key: QueueKey, work: Work, slots: dict[int, int]) -> list[AgentLive]:
        language, pool, _, skill = key
        agents = self.board.agents
        members = sorted(i for i in self.board.free_for(language, pool, skill) if slots.get(i, 0) > 0)
        facts = self.facts.ticket(work, hedge=False)
        return [agents[i] for i in members if is_eligible(facts, self.facts.agent(agents[i]))]


class RoundRobin(QueueDispatcher):
    name = "round-robin"

    def __init__(self, policy: Policy, reader: TicketReader | None) -> None:
        super().__init__(policy, reader)
        self._last = -1

    def pick(self, work: Work, candidates: Sequence[AgentLive], now: float) -> AgentLive:
        after = [a for a in candidates if a.spec.index > self._last]
        chosen = (after or list(candidates))[0]
        self._last = chosen.spec.index
        return chosen


class LeastLoaded(QueueDispatcher):
    name = "least-loaded"

    def pick(self, work: Work, candidates: Sequence[AgentLive], now: float) -> AgentLive:
        return min(candidates, key=lambda a: (a.busy / a.spec.capacity, a.spec.index))


class LongestIdle(QueueDispatcher):
    name = "longest-idle"

    def pick(self, work: Work, candidates: Sequence[AgentLive], now: float) -> AgentLive:
        return min(candidates, key=lambda a: (a.last_assigned if a.last_assigned is not None else -1.0, a.spec.index))
