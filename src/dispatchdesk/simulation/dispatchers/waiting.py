"""Waiting work and free agents, indexed the way the other side looks for them.

Waiting work is indexed the way agents look for it: by language, pool and skill, most urgent first.

Each bucket keeps three heaps: work whose first response can still be in time (earliest
response deadline first), work that can only still be resolved in time (earliest
resolution deadline first) and overdue work, ordered by the moment its aging makes up the
gap to in-time work (`engine.batch.aged_overdue`): its deadline plus that many lengths of
its own target, so the most aged come first whatever their targets. Work moves on lazily,
when it reaches the top past its deadline: past the response deadline it joins both the
resolution and the overdue heap (work already answered joins the overdue heap when its
resolution deadline passes). A freed agent reads the top few of each bucket it can serve,
instead of scanning the whole queue.
"""

from __future__ import annotations

import heapq
import math
from collections.abc import Iterable
from dataclasses import dataclass, field

from dispatchdesk.dispatch.engine.batch import MIN_TARGET_S
from dispatchdesk.simulation.board import AgentLive, Board, Pool, Work, agent_pool, ticket_pool

UNSURE = "?"  # bucket for work whose likeliest skill is below the confidence bar
RESPONSE, RESOLUTION, OVERDUE = 0, 1, 2
Entry = tuple[float, int, int]  # (order time, work key, version)
BucketKey = tuple[str, Pool, bool, str]  # (language, pool, escalation?, skill)


@dataclass(slots=True)
class Bucket:
    heaps: tuple[list[Entry], list[Entry], list[Entry]] = field(default_factory=lambda: ([], [], []))


class WaitingIndex:
    def __init__(self, confident: float = 0.6, aged_overdue: float = math.inf) -> None:
        self.confident = confident
        self.aged_overdue = aged_overdue if aged_overdue < math.inf else 0.0  # no aging: earliest deadline first
        self.buckets: dict[BucketKey, Bucket] = {}
        self._works: dict[int, tuple[Work, int]] = {}
        self._version = 0

    def add(self, work: Work, beliefs: dict[str, float] | None) -> None:
        self._version += 1
        self._works[work.key] = (work, self._version)
        key = (
            work.ticket.language,
            ticket_pool(work.ticket),
            work.stage > 1,
            _skill_key(work, beliefs, self.confident),
        )
        bucket = self.buckets.setdefault(key, Bucket())
        if not work.responded:
            heapq.heappush(bucket.heaps[RESPONSE], (work.frt_due, work.key, self._version))
        else:
            heapq.heappush(bucket.heaps[RESOLUTION], (work.res_due, work.key, self._version))

    def discard(self, work: Work) -> None:
        self._works.pop(work.key, None)

    def keys_for(self, agent: AgentLive) -> list[BucketKey]:
        spec = agent.spec
        pool = agent_pool(spec)
        stages = (False, True) if spec.tier == "L2" else (False,)
        skills = [*sorted(spec.skills), UNSURE]
        found = []
        for language in spec.languages:
            for escalation in stages:
                for skill in skills:
                    key = (language, pool, escalation, skill)
                    if key in self.buckets:
                        found.append(key)
        return found

    def top(self, key: BucketKey, now: float, counts: tuple[int, int, int]) -> list[Work]:
        """The most urgent few of one bucket, per class; stale entries are dropped on the way."""
        bucket = self.buckets[key]
        self._advance(bucket, now)
        out: list[Work] = []
        for heap, count in zip(bucket.heaps, counts, strict=True):
            out.extend(self._peek(heap, count))
        return out

    def _advance(self, bucket: Bucket, now: float) -> None:
        response, resolution, overdue = bucket.heaps
        while response and response[0][0] <= now:
            _, key, version = heapq.heappop(response)
            if self._valid(key, version):
                work = self._works[key][0]
                heapq.heappush(resolution, (work.res_due, key, version))
                heapq.heappush(overdue, (self._aged_at(work, work.frt_due), key, version))
        while resolution and resolution[0][0] <= now:
            _, key, version = heapq.heappop(resolution)
            if self._valid(key, version):
                work = self._works[key][0]
                if work.responded:  # unanswered work is in the overdue heap already
                    heapq.heappush(overdue, (self._aged_at(work, work.res_due), key, version))

    def _aged_at(self, work: Work, due: float) -> float:
        """When aging lifts this work to in-time work: the overdue heap's order (engine.batch.aged_overdue)."""
        return due + self.aged_overdue * max(due - work.ticket.arrival, MIN_TARGET_S)

    def _peek(self, heap: list[Entry], count: int) -> list[Work]:
        taken: list[Entry] = []
        while heap and len(taken) < count:
            entry = heapq.heappop(heap)
            if self._valid(entry[1], entry[2]):
                taken.append(entry)
        for entry in taken:
            heapq.heappush(heap, entry)
        return [self._works[e[1]][0] for e in taken]

    def _valid(self, key: int, version: int) -> bool:
        held = self._works.get(key)
        return held is not None and held[1] == version and held[0].waiting

    def __len__(self) -> int:
        return len(self._works)

    def all_waiting(self) -> Iterable[Work]:
        return (work for work, _ in self._works.values() if work.waiting)


def _skill_key(work: Work, beliefs: dict[str, float] | None, confident: float) -> str:
    if work.known_skill is not None:
        return work.known_skill
    if not beliefs:
        return UNSURE
    best = min(beliefs, key=lambda s: (-beliefs[s], s))
    return best if beliefs[best] >= confident else UNSURE


class FreeRanking:
    """Free agents per (language, pool, skill), strongest in the skill first, then longest idle.

    Entries go stale when the agent takes work; they are dropped when met at the top.
    """

    def __init__(self, board: Board) -> None:
        self.board = board
        self.heaps: dict[tuple[str, Pool, str], list[tuple[int, float, int]]] = {}

    def push(self, agent: AgentLive) -> None:
        spec = agent.spec
        pool = agent_pool(spec)
        for skill, level in spec.skills.items():
            for language in spec.languages:
                heapq.heappush(
                    self.heaps.setdefault((language, pool, skill), []), (-level, agent.free_since, spec.index)
                )

    def best(self, key: tuple[str, Pool, str], count: int) -> list[int]:
        heap = self.heaps.get(key)
        if not heap:
            return []
        taken: list[tuple[int, float, int]] = []
        seen: set[int] = set()
        while heap and len(taken) < count:
            entry = heapq.heappop(heap)
            index = entry[2]
            if index in self.board.free and self.board.agents[index].free_since == entry[1] and index not in seen:
                taken.append(entry)
                seen.add(index)
        for entry in taken:
            heapq.heappush(heap, entry)
        return [e[2] for e in taken]
