"""The product's policy: SLA-aware global batch assignment (engine.batch) on skills read from text.

At each instant the dispatcher gathers the few tickets and free agents that could pair
up (new tickets with the free agents holding a plausible skill, freed agents with the
most urgent work of each queue they serve, and work whose situation changed with the
clock), and lets `engine.batch.assign_batch` choose. Candidate gathering only narrows
the search; every decision and its value come from the engine.
"""

from __future__ import annotations

import heapq
import math

from dispatchdesk.dispatch.engine.batch import LIKELY_PER_SKILL, aged_overdue, assign_batch, next_change
from dispatchdesk.dispatch.engine.policy import Policy
from dispatchdesk.simulation.board import Board, Decision, Work, ticket_pool
from dispatchdesk.simulation.dispatchers.common import FactsBook, desk_for
from dispatchdesk.simulation.dispatchers.waiting import FreeRanking, WaitingIndex
from dispatchdesk.simulation.routing import TicketReader

DESK_TOP = (4, 2, 2)  # per bucket: response, resolution, overdue candidates a freed desk agent considers
FIELD_TOP = (16, 8, 8)  # field queues are short but held work sits on top: look deeper
MAX_PUSH_AGENTS = LIKELY_PER_SKILL  # free agents offered to one new ticket per likely skill, as live dispatch
PLAUSIBLE = 0.05  # skills less likely than this do not bring their holders into the batch
REVIEW_S = 60.0  # how often held field work close to its window is looked at again
STALE_REVIEW_S = 900.0  # work refused for no clock-driven reason is still looked at again this often
FIELD_RELEASE_HORIZON_S = 3 * 3600.0  # field work this close to its window is reviewed every REVIEW_S


class SlaBatchDispatcher:
    name = "sla-batch"

    def __init__(self, policy: Policy, reader: TicketReader | None) -> None:
        self.policy = policy
        self.reader = reader
        self.index = WaitingIndex(aged_overdue=aged_overdue(policy))
        self._reviews: list[tuple[float, int, Work]] = []
        self._pending: dict[int, float] = {}  # work key -> its earliest scheduled review

    def start(self, board: Board) -> None:
        self.board = board
        self.facts = FactsBook(board.scenario, self.reader, self.policy)
        self.desk = desk_for(board.scenario, board)
        self.free_agents = FreeRanking(board)

    def wakeup(self, now: float) -> float | None:
        while self._reviews and not self._reviews[0][2].waiting:
            heapq.heappop(self._reviews)
        return self._reviews[0][0] if self._reviews else None

    def dispatch(self, now: float, board: Board, new_work: list[Work], new_free: set[int]) -> list[Decision]:
        for i in new_free:
            self.free_agents.push(board.agents[i])
        for work in new_work:
            self.index.add(work, dict(self.facts.beliefs(work) or {}))
        tickets: dict[int, Work] = {}
        agents: set[int] = set()
        for work in [*new_work, *self._due_reviews(now)]:
            tickets[work.key] = work
            agents |= self._free_candidates(work)
        for i in sorted(new_free & board.free):
            agents.add(i)
            for key in self.index.keys_for(board.agents[i]):
                top = FIELD_TOP if key[1][0] else DESK_TOP
                tickets.update((w.key, w) for w in self.index.top(key, now, top))
        if not tickets or not agents:
            return []
        decisions = self._decide(now, sorted(tickets.values(), key=lambda w: w.key), sorted(agents))
        self._schedule_reviews(now, tickets, decisions)
        return decisions

    def _decide(self, now: float, works: list[Work], agent_ids: list[int]) -> list[Decision]:
        by_id = {w.ticket.id: w for w in works}
        lives = {self.board.agents[i].spec.id: self.board.agents[i] for i in agent_ids}
        facts = [self.facts.ticket(w) for w in works]
        states = [self.facts.agent(lives[a]) for a in lives]
        offers = assign_batch(facts, states, self.policy, self.facts.clock.at(now), self.desk)
        decisions = []
        for offer in offers:
            work = by_id[str(offer.ticket_id)]
            self.index.discard(work)
            decisions.append(Decision(work, lives[str(offer.agent_id)], offer.skill, offer.busy_s))
        return decisions

    def _free_candidates(self, work: Work) -> set[int]:
        """Free agents worth offering this work: the strongest, longest-idle holders of its plausible skills."""
        ticket = work.ticket
        pool = ticket_pool(ticket)
        found: set[int] = set()
        for skill in self._plausible(work):
            if pool[0]:  # field pools are small: every free holder is worth a look
                found |= self.board.free_for(ticket.language, pool, skill)
            else:
                found.update(self.free_agents.best((ticket.language, pool, skill), MAX_PUSH_AGENTS))
        if work.stage > 1:
            found = {i for i in found if self.board.agents[i].spec.tier == "L2"}
        return found

    def _any_free_candidate(self, work: Work, busy: frozenset[int]) -> bool:
        ticket, agents = work.ticket, self.board.agents
        pool = ticket_pool(ticket)
        for skill in self._plausible(work):
            for i in self.board.free_for(ticket.language, pool, skill):
                if i not in busy and (work.stage == 1 or agents[i].spec.tier == "L2"):
                    return True
        return False

    def _plausible(self, work: Work) -> list[str]:
        beliefs = self.facts.beliefs(work)
        if beliefs is None:
            return [work.known_skill] if work.known_skill else []
        return [skill for skill, p in beliefs.items() if p >= PLAUSIBLE]

    def _due_reviews(self, now: float) -> list[Work]:
        due = []
        while self._reviews and self._reviews[0][0] <= now:
            at, key, work = heapq.heappop(self._reviews)
            if self._pending.get(key) == at:
                del self._pending[key]
            if work.waiting:
                due.append(work)
        return due

    def _schedule_reviews(self, now: float, tickets: dict[int, Work], decisions: list[Decision]) -> None:
        """Work left waiting beside free agents who could take it: look again when the clock changes its offers."""
        used: dict[int, int] = {}
        for decision in decisions:
            index = decision.agent.spec.index
            used[index] = used.get(index, 0) + 1
        busy = frozenset(i for i, n in used.items() if n >= self.board.agents[i].free_slots)
        if not self.board.free - busy:
            return
        taken = {d.work.key for d in decisions}
        for key, work in tickets.items():
            pending = self._pending.get(key, math.inf)
            # a pending review is never later than a fresh one, except for field work near its window
            if key in taken or pending <= now + REVIEW_S or (pending < math.inf and not work.ticket.onsite):
                continue
            if not self._any_free_candidate(work, busy):
                continue
            at = self._review_at(now, work)
            if at < self._pending.get(key, math.inf):
                self._pending[key] = at
                heapq.heappush(self._reviews, (at, key, work))

    def _review_at(self, now: float, work: Work) -> float:
        clock = self.facts.clock
        change = next_change(self.facts.ticket(work), self.policy, clock.at(now))
        at = (change - clock.epoch).total_seconds() if change is not None else math.inf
        window = work.ticket.window
        if work.ticket.onsite and window is not None and window[0] - now <= FIELD_RELEASE_HORIZON_S:
            at = min(at, now + REVIEW_S)  # close to its window: the moment to commit depends on travel
        return at if at < math.inf else now + STALE_REVIEW_S
