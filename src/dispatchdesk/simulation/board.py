"""The live state a dispatcher looks at: waiting work and agents, as the simulated clock runs.

Nothing here holds a ticket's truth. A stage's true skill appears in `Work.known_skill`
only once an agent has handled it (triage after a misroute, or work interrupted by an
absence) or when it is an escalation, whose note names the skill it needs.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol

from dispatchdesk.simulation.workload import AgentSpec, Point, Scenario, TicketSpec


@dataclass(slots=True, eq=False)
class Work:
    """One ticket stage waiting for, or held by, an agent."""

    key: int  # unique and increasing: the order stages first became waiting
    ticket: TicketSpec
    stage: int
    ready_at: float
    frt_due: float  # first-response deadline (wall time)
    res_due: float  # resolution deadline (wall time)
    remaining: float = 1.0
    known_skill: str | None = None
    responded: bool = False  # a first response happened (stage 1 reached a qualified agent)
    waiting: bool = True
    tags: dict[str, float] = field(default_factory=dict)  # dispatcher's skill beliefs, free to use

    @property
    def due(self) -> float:
        """The next deadline this stage can still help meet."""
        return self.res_due if self.responded else self.frt_due


@dataclass(slots=True, eq=False)
class AgentLive:
    spec: AgentSpec
    where: Point | None
    busy: int = 0
    online: bool = False
    last_assigned: float | None = None
    free_since: float = 0.0
    assigned: int = 0
    jobs: dict[int, float] = field(default_factory=dict)  # work key -> the dispatcher's expected end

    @property
    def free_slots(self) -> int:
        return self.spec.capacity - self.busy if self.online else 0


@dataclass(frozen=True, slots=True)
class Decision:
    work: Work
    agent: AgentLive
    skill: str  # the skill the dispatcher routed on (it must be one of the agent's)
    expected_s: float = 0.0  # the dispatcher's estimate of the slot's occupancy, for later decisions


Pool = tuple[bool, str | None]  # (field work?, region of field work)


def ticket_pool(ticket: TicketSpec) -> Pool:
    return (True, ticket.region) if ticket.onsite else (False, None)


def agent_pool(spec: AgentSpec) -> Pool:
    return (True, spec.region) if spec.field else (False, None)


class Board:
    def __init__(self, scenario: Scenario, agents: list[AgentLive]) -> None:
        self.scenario = scenario
        self.agents = agents
        self.waiting: dict[int, Work] = {}
        self.free: set[int] = set()  # indexes of agents on line with a free slot
        self.free_by_key: dict[tuple[str, Pool, str], set[int]] = {}  # (language, pool, skill) -> free agents
        self.free_holders: dict[tuple[str | None, str], int] = {}  # (field region or None, skill) -> free agents
        self.new_work: list[Work] = []
        self.new_free: set[int] = set()
        self.now = 0.0

    def add_waiting(self, work: Work) -> None:
        work.waiting = True
        self.waiting[work.key] = work
        self.new_work.append(work)

    def refresh_agent(self, agent: AgentLive, *, gained: bool = False) -> None:
        """Keep the free-agent indexes in step; `gained`: a slot freed or the agent came on line."""
        index = agent.spec.index
        is_free = agent.online and agent.busy < agent.spec.capacity
        if is_free and gained:
            self.new_free.add(index)
        elif not is_free:
            self.new_free.discard(index)
        if is_free == (index in self.free):
            return
        spec, step = agent.spec, 1 if is_free else -1
        (self.free.add if is_free else self.free.discard)(index)
        pool = agent_pool(spec)
        for skill in spec.skills:
            holder = (spec.region if spec.field else None, skill)
            self.free_holders[holder] = self.free_holders.get(holder, 0) + step
            for language in spec.languages:
                members = self.free_by_key.setdefault((language, pool, skill), set())
                (members.add if is_free else members.discard)(index)

    def free_for(self, language: str, pool: Pool, skill: str) -> set[int]:
        return self.free_by_key.get((language, pool, skill), _EMPTY)

    def take_changes(self) -> tuple[list[Work], set[int]]:
        work, free = self.new_work, self.new_free
        self.new_work, self.new_free = [], set()
        return work, free


_EMPTY: set[int] = set()


class Dispatcher(Protocol):
    """A routing policy: it reads the board and proposes assignments for `now`."""

    name: str

    def start(self, board: Board) -> None: ...

    def dispatch(self, now: float, board: Board, new_work: list[Work], new_free: set[int]) -> list[Decision]: ...

    def wakeup(self, now: float) -> float | None:
        """When to be called again even if nothing changes (None: only on changes)."""
        ...
