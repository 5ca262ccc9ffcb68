"""The classic engine policy: queue by aged priority and SLA deadline, give each ticket to rank()'s best.

This is the reference policy "priority + deadline, best expected finish" (docs/benchmarks/simulator-sla.md):
`queue.urgency_key` orders the queue, `ranking.rank` (with the catalogue's handle time,
so faster agents score higher) chooses the agent. Only agents that pass the hard rules
are handed to rank(), which would drop the others anyway, so the choice is rank()'s own.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta
from typing import Any

from dispatchdesk.dispatch.engine.queue import urgency_key
from dispatchdesk.dispatch.engine.ranking import rank
from dispatchdesk.simulation.board import AgentLive, Board, Work
from dispatchdesk.simulation.dispatchers.baselines import QueueDispatcher

# urgency_key ages every waiting ticket at the same rate, so its order is the same at any
# moment after the arrivals: compute it once, at a moment later than any arrival.
ORDER_REFERENCE = timedelta(days=3650)


class PriorityDeadline(QueueDispatcher):
    name = "priority-deadline"

    def start(self, board: Board) -> None:
        super().start(board)
        self._reference = self.facts.clock.at(0) + ORDER_REFERENCE

    def order(self, work: Work) -> Any:
        return urgency_key(self.facts.ticket(work, hedge=False), self.policy, self._reference)

    def pick(self, work: Work, candidates: Sequence[AgentLive], now: float) -> AgentLive:
        by_id = {a.spec.id: a for a in candidates}
        states = [self.facts.agent(a) for a in candidates]
        best = rank(self.facts.ticket(work, hedge=False), states, self.policy, self.facts.clock.at(now))[0]
        return by_id[str(best.agent_id)]
