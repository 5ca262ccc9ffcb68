"""The project's own check of an assignment log against its workload (docs/workload-format.md §5).

Given a workload with its hidden truth and an assignment log, the audit works out what every
assignment did from those two alone: which ticket stages were waiting (arrival, hand-back
after a misroute or an unplanned absence, an escalation once stage 1 is done), which slots
each agent had busy, where each field engineer stood. It never looks at the simulator's
state, so a simulator that keeps its books wrong (a slot freed too early, a requeue
forgotten, an engineer in the wrong place) logs `end` times the audit disagrees with.

The formula for one assignment (`physics`, `availability`, travel) is the project's single
statement of the rules and is shared with the simulator on purpose; what the audit redoes on
its own is everything between assignments. Findings come in three families: hard-rule
violations (§2.2, by kind), `not_waiting` (the stage could not be taken then) and
`physics_mismatch` (the logged `end` disagrees with the rules).
"""

from __future__ import annotations

import heapq
import json
import math
from collections import Counter
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Any

from dispatchdesk.simulation import metrics
from dispatchdesk.simulation.availability import Availability
from dispatchdesk.simulation.physics import Outcome, Physics
from dispatchdesk.simulation.simulator import LogRecord, Tally
from dispatchdesk.simulation.workload import AgentSpec, Point, TicketSpec, Workload

TOLERANCE_S = 2e-3  # a log may round its times to the millisecond
MISMATCH_S = 2 * TOLERANCE_S  # a logged `end` further than this from the rules' end is a mismatch


class Kind(StrEnum):
    """What a finding is about (docs/workload-format.md §5)."""

    UNKNOWN_ID = "unknown_id"
    SKILL = "skill_not_held"
    LANGUAGE = "language"
    TIER = "tier"
    FIELD = "field_desk"
    REGION = "region"
    OFFLINE = "agent_offline"
    CAPACITY = "no_free_slot"
    NOT_WAITING = "not_waiting"
    MISMATCH = "physics_mismatch"


HARD_RULES = frozenset(Kind) - {Kind.NOT_WAITING, Kind.MISMATCH}

# How each broken rule reads in a finding; filled from the facts of the record.
_DETAIL = {
    Kind.SKILL: "{agent} does not hold the routed skill {skill}",
    Kind.LANGUAGE: "{agent} does not speak {language}",
    Kind.TIER: "stage {stage} needs an L2 agent; {agent} is {tier}",
    Kind.FIELD: "{agent} is {agent_kind}, the ticket is {ticket_kind} work",
    Kind.REGION: "on-site work in {region} given to {agent} of {agent_region}",
    Kind.OFFLINE: "{agent} is not on line at this time",
    Kind.CAPACITY: "{agent} has all {capacity} slot(s) busy",
}


class LogError(ValueError):
    """The log cannot be read as assignment records; the message says where."""


@dataclass(frozen=True, slots=True)
class Entry:
    """One record of the log (§3); `line` is its place in the file, counted from 1."""

    line: int
    t: float
    ticket: str
    agent: str
    stage: int | None = None
    skill: str | None = None
    end: float | None = None


@dataclass(frozen=True, slots=True)
class Finding:
    line: int
    t: float
    ticket: str
    stage: int | None
    agent: str
    kind: Kind
    detail: str

    def __str__(self) -> str:
        stage = "" if self.stage is None else f"/{self.stage}"
        return f"line {self.line}: t={self.t:.3f} {self.ticket}{stage} -> {self.agent}: {self.kind}: {self.detail}"


@dataclass(frozen=True, slots=True)
class Audit:
    """The findings, and the outcomes recomputed from the log (first responses, resolutions, metrics)."""

    records: int
    findings: tuple[Finding, ...]
    tally: Tally  # keyed by ticket index, like the simulator's, so the two can be compared
    metrics: Mapping[str, Any]

    def kinds(self) -> Counter[Kind]:
        return Counter(f.kind for f in self.findings)

    @property
    def violations(self) -> dict[str, int]:
        return {str(k): n for k, n in sorted(self.kinds().items()) if k in HARD_RULES}

    @property
    def hard_violations(self) -> int:
        return sum(self.violations.values())

    @property
    def not_waiting(self) -> int:
        return self.kinds()[Kind.NOT_WAITING]

    @property
    def physics_mismatch(self) -> int:
        return self.kinds()[Kind.MISMATCH]

    @property
    def ok(self) -> bool:
        return not self.findings


# --------------------------------------------------------------------------- reading the log
def read_log(path: str | Path) -> list[Entry]:
    try:
        text = Path(path).read_text(encoding="utf-8")
    except OSError as error:
        raise LogError(f"cannot read {path}: {error.strerror}") from None
    return parse_log(text)


def parse_log(text: str) -> list[Entry]:
    """JSON Lines, or one JSON array of records (§3)."""
    return [_entry(line, raw) for line, raw in _records(text)]


def _records(text: str) -> Iterator[tuple[int, Any]]:
    if text.lstrip().startswith("["):
        try:
            items = json.loads(text)
        except json.JSONDecodeError as error:
            raise LogError(f"the log is not a valid JSON array: {error}") from None
        yield from enumerate(items, start=1)
        return
    for number, line in enumerate(text.splitlines(), start=1):
        if line.strip():
            try:
                yield number, json.loads(line)
            except json.JSONDecodeError as error:
                raise LogError(f"line {number} is not JSON: {error.msg}") from None


def _entry(line: int, raw: Any) -> Entry:
    if not isinstance(raw, dict):
        raise LogError(f"record {line} is not a JSON object")
    try:
        end = raw.get("end")
        return Entry(
            line,
            _seconds(raw["t"], "t"),
            str(raw["ticket"]),
            str(raw["agent"]),
            _stage(raw.get("stage")),
            None if raw.get("skill") is None else str(raw["skill"]),
            None if end is None else _seconds(end, "end"),
        )
    except KeyError as error:
        raise LogError(f"record {line} lacks {error}") from None
    except ValueError as error:
        raise LogError(f"record {line}: {error}") from None


def _seconds(value: Any, name: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise ValueError(f"{name} must be a number of seconds, not {value!r}")
    return float(value)


def _stage(value: Any) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError(f"stage must be a whole number, not {value!r}")
    return int(value)


# --------------------------------------------------------------------------- replaying it
@dataclass(slots=True)
class _Stage:
    """Where one ticket stands: its current stage, whether an agent holds it, how much work is left.

    A stage waits from its ticket's arrival (stage 1) or from the release that made it ready
    (hand-back, or stage 1 done for stage 2); releases are applied as the log's clock passes them.
    """

    spec: TicketSpec
    stage: int = 1
    remaining: float = 1.0
    held: bool = False
    done: bool = False


class _Books:
    """The audit's own state, rebuilt record by record from the log and the workload."""

    def __init__(self, workload: Workload) -> None:
        scenario = workload.scenario
        self.truth = workload.truth
        self.availability = Availability(scenario.agents, scenario.events)
        self.physics = Physics(workload.truth, self.availability, scenario.travel, scenario.misroute_triage_s)
        self.horizon = scenario.horizon_s
        self.agents = {a.id: a for a in scenario.agents}
        self.tickets = {t.id: _Stage(t) for t in scenario.tickets}
        self.slots: dict[str, list[float]] = {a.id: [] for a in scenario.agents}  # ends of the work in hand
        self.where: dict[str, Point | None] = {a.id: a.home for a in scenario.agents}
        self.releases: list[tuple[float, int, str, Outcome]] = []
        self.tally = Tally(busy_s={a.id: 0.0 for a in scenario.agents})
        self.findings: list[Finding] = []

    def feed(self, entry: Entry) -> None:
        self._settle(entry.t)
        agent, state = self.agents.get(entry.agent), self.tickets.get(entry.ticket)
        if agent is None or state is None:
            unknown = entry.agent if agent is None else entry.ticket
            self._find(entry, Kind.UNKNOWN_ID, f"the workload has no {unknown}")
            return
        stage = state.stage if entry.stage is None else entry.stage
        why = self._not_waiting(state, stage, entry.t)
        if why is not None:
            self._find(entry, Kind.NOT_WAITING, why)  # rejected: it changes nothing
            return
        for kind, detail in self._broken_rules(entry, agent, state.spec, stage):
            self._find(entry, kind, detail)  # still applied, so the rest of the log can be judged
        outcome = self.physics.assign(
            state.spec, stage, agent, entry.t, where=self.where[agent.id], remaining=state.remaining
        )
        self._apply(entry, agent, state, stage, outcome)
        if entry.end is not None and abs(entry.end - outcome.end) > MISMATCH_S:
            self._find(
                entry, Kind.MISMATCH, f"the log says it ends at {entry.end:.3f}, the rules say {outcome.end:.3f}"
            )

    def finish(self) -> None:
        """Let all work in hand run out, so the last completions and resolutions are counted."""
        self._settle(math.inf)

    def _find(self, entry: Entry, kind: Kind, detail: str) -> None:
        self.findings.append(Finding(entry.line, entry.t, entry.ticket, entry.stage, entry.agent, kind, detail))

    def _settle(self, until: float) -> None:
        """Apply every hand-back, completion and escalation due by `until`, in time order."""
        while self.releases and self.releases[0][0] <= until + TOLERANCE_S:
            _, _, ticket_id, outcome = heapq.heappop(self.releases)
            self._release(self.tickets[ticket_id], outcome)

    def _release(self, state: _Stage, outcome: Outcome) -> None:
        state.held = False
        if not outcome.finished:
            state.remaining = outcome.remaining
        elif self.truth.has_stage(state.spec.index, state.stage + 1):
            state.stage, state.remaining = state.stage + 1, 1.0
        else:
            state.done = True
            self.tally.resolved[state.spec.index] = outcome.end

    def _not_waiting(self, state: _Stage, stage: int, t: float) -> str | None:
        """Why the stage could not be taken at `t`, or None when it was waiting."""
        if state.done:
            return "the ticket is already resolved"
        if stage != state.stage:
            return self._wrong_stage(state, stage)
        if state.held:
            return "the stage is already assigned (double assignment)"
        if t + TOLERANCE_S < state.spec.arrival:
            return f"the ticket arrives only at {state.spec.arrival:.3f}"
        return None

    def _wrong_stage(self, state: _Stage, stage: int) -> str:
        if stage < 1 or not self.truth.has_stage(state.spec.index, stage):
            return f"the ticket has no stage {stage}"
        if stage < state.stage:
            return f"stage {stage} is already over"
        return f"stage {state.stage} has not finished yet"

    def _broken_rules(self, entry: Entry, agent: AgentSpec, ticket: TicketSpec, stage: int) -> list[tuple[Kind, str]]:
        skill = entry.skill or self.truth.stage(ticket.index, stage).skill  # §3: no skill means the true one
        broken = [
            kind
            for kind, bad in (
                (Kind.SKILL, skill not in agent.skills),
                (Kind.LANGUAGE, ticket.language not in agent.languages),
                (Kind.TIER, stage > 1 and agent.tier != "L2"),
                (Kind.FIELD, agent.field != ticket.onsite),
                (Kind.REGION, ticket.onsite and agent.region != ticket.region),
                (Kind.OFFLINE, not self.availability.is_online(agent.id, entry.t)),
                (Kind.CAPACITY, self._in_hand(agent.id, entry.t) >= agent.capacity),
            )
            if bad
        ]
        return [(kind, _DETAIL[kind].format(**_facts(agent, ticket, stage, skill))) for kind in broken]

    def _in_hand(self, agent_id: str, t: float) -> int:
        ends = self.slots[agent_id]
        while ends and ends[0] <= t + TOLERANCE_S:
            heapq.heappop(ends)
        return len(ends)

    def _apply(self, entry: Entry, agent: AgentSpec, state: _Stage, stage: int, outcome: Outcome) -> None:
        state.held = True
        heapq.heappush(self.releases, (outcome.end, len(self.tally.log), state.spec.id, outcome))
        heapq.heappush(self.slots[agent.id], outcome.end)
        skill = entry.skill or outcome.true_skill
        self.tally.log.append(LogRecord(entry.t, state.spec.id, stage, agent.id, skill, outcome.end))
        self._count(entry.t, agent, state.spec, stage, outcome)

    def _count(self, t: float, agent: AgentSpec, ticket: TicketSpec, stage: int, outcome: Outcome) -> None:
        tally = self.tally
        if outcome.misrouted:
            tally.misrouted += 1
        else:
            if ticket.onsite:
                tally.onsite_jobs += 1
                tally.travel_s.append(outcome.travel_s)
                tally.window_missed += outcome.window_missed
                self.where[agent.id] = ticket.location
            if stage == 1:
                tally.first_response.setdefault(ticket.index, t)
        start, end = min(t, self.horizon), min(outcome.end, self.horizon)
        inside = self.availability.online_seconds(agent.id, start, end)
        tally.busy_s[agent.id] += inside
        tally.overtime_s += max(0.0, end - start - inside)


def _facts(agent: AgentSpec, ticket: TicketSpec, stage: int, skill: str) -> dict[str, object]:
    return {
        "agent": agent.id,
        "skill": skill,
        "language": ticket.language,
        "stage": stage,
        "tier": agent.tier,
        "agent_kind": "a field engineer" if agent.field else "a desk agent",
        "ticket_kind": "on-site" if ticket.onsite else "desk",
        "region": ticket.region,
        "agent_region": agent.region,
        "capacity": agent.capacity,
    }


# --------------------------------------------------------------------------- entry points
def audit_entries(workload: Workload, entries: Sequence[Entry]) -> Audit:
    """Audit log records in time order (ties keep the log's order), whatever order they came in."""
    books = _Books(workload)
    for entry in sorted(entries, key=lambda e: e.t):
        books.feed(entry)
    books.finish()
    result = metrics.compute(workload.scenario, books.tally, books.availability)
    return Audit(len(entries), tuple(books.findings), books.tally, result)


def audit_file(workload: Workload, path: str | Path) -> Audit:
    return audit_entries(workload, read_log(path))
