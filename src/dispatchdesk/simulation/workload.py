"""Read a workload file (docs/workload-format.md §1) into typed, frozen values.

The hidden `truth` objects are split off at load time into a `TruthBook` that only the
physics receives: the dispatcher's view (`Scenario`) has no field that could hold them.
"""

from __future__ import annotations

import hashlib
import json
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, NamedTuple

from dispatchdesk.dispatch.engine.travel import TravelModel
from dispatchdesk.simulation.calendar import SlaCalendar

SCHEMA_VERSION = "1.0"
DEFAULT_EPOCH = datetime(2025, 1, 6, tzinfo=UTC)  # a Monday 00:00 UTC, as the format requires
PRIORITIES = ("P1", "P2", "P3", "P4")


class WorkloadError(ValueError):
    """The workload file cannot be simulated; the message says where and why."""


class Point(NamedTuple):
    lat: float
    lon: float


@dataclass(frozen=True, slots=True)
class SkillInfo:
    mean_handle_s: float
    cv: float = 1.0
    l2_mean_handle_s: float | None = None


@dataclass(frozen=True, slots=True)
class AgentSpec:
    index: int
    id: str
    tier: str
    team: str
    skills: Mapping[str, int]
    languages: tuple[str, ...]
    region: str | None
    home: Point | None
    field: bool
    capacity: int
    shifts: tuple[tuple[float, float], ...]


@dataclass(frozen=True, slots=True)
class TicketSpec:
    """What the dispatcher may know about a ticket: everything but its truth."""

    index: int
    id: str
    arrival: float
    channel: str
    priority: str
    language: str
    region: str | None
    onsite: bool
    location: Point | None
    window: tuple[float, float] | None
    customer_id: str
    vip: bool
    subject: str
    description: str

    @property
    def priority_level(self) -> int:
        return PRIORITIES.index(self.priority) + 1


@dataclass(frozen=True, slots=True)
class AvailabilityEvent:
    t: float
    agent: str
    kind: str  # "offline" | "online"
    requeue: bool = True


@dataclass(frozen=True, slots=True)
class SlaTarget:
    first_response_s: float
    resolution_s: float


@dataclass(frozen=True, slots=True)
class Scenario:
    """The dispatcher's view of a workload."""

    name: str
    horizon_s: float
    warmup_s: float
    calendar: SlaCalendar
    targets: Mapping[str, SlaTarget]
    misroute_triage_s: float
    travel: TravelModel | None
    skill_catalog: Mapping[str, SkillInfo]
    agents: tuple[AgentSpec, ...]
    events: tuple[AvailabilityEvent, ...]
    tickets: tuple[TicketSpec, ...]
    proficiency_factor: tuple[float, ...] = (1.6, 1.3, 1.0, 0.85, 0.7)
    epoch: datetime = DEFAULT_EPOCH
    dispatch_lead_s: float = 0.0  # the baselines' habit: release field work this long before its window
    meta: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class StageTruth:
    skill: str
    handle_s: tuple[float, ...]  # true work seconds at proficiency 1..5


@dataclass(frozen=True, slots=True)
class TruthBook:
    """Hidden facts, by ticket index: stage 1 and, when the ticket escalates, stage 2."""

    stages: tuple[tuple[StageTruth, ...], ...]
    categories: tuple[str, ...] = ()

    def stage(self, ticket_index: int, stage: int) -> StageTruth:
        return self.stages[ticket_index][stage - 1]

    def has_stage(self, ticket_index: int, stage: int) -> bool:
        return stage <= len(self.stages[ticket_index])


@dataclass(frozen=True, slots=True)
class Workload:
    scenario: Scenario
    truth: TruthBook
    raw_fingerprint: str = ""


def load_workload(path: str | Path) -> Workload:
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except OSError as error:
        raise WorkloadError(f"cannot read {path}: {error.strerror}") from None
    except json.JSONDecodeError as error:
        raise WorkloadError(f"{path} is not valid JSON: {error}") from None
    return parse_workload(data)


def parse_workload(data: Any) -> Workload:
    if not isinstance(data, dict):
        raise WorkloadError("a workload is a JSON object")
    if str(data.get("schema_version")) != SCHEMA_VERSION:
        raise WorkloadError(f"schema_version must be {SCHEMA_VERSION!r}, not {data.get('schema_version')!r}")
    try:
        return _parse(data)
    except WorkloadError:
        raise
    except (KeyError, TypeError, ValueError, IndexError) as error:
        raise WorkloadError(f"malformed workload: {type(error).__name__}: {error}") from None


def _parse(data: dict[str, Any]) -> Workload:
    meta = data["meta"]
    tickets_raw = data["tickets"]
    tickets = tuple(_ticket(i, raw) for i, raw in enumerate(tickets_raw))
    _check_order(tickets)
    agents = tuple(_agent(i, raw) for i, raw in enumerate(data["agents"]))
    if len({a.id for a in agents}) != len(agents):
        raise WorkloadError("agent ids must be unique")
    known = {a.id for a in agents}
    events = tuple(_event(raw, known) for raw in data.get("events") or [])
    sla = data["sla_policy"]
    epoch = _epoch(meta.get("epoch"))
    scenario = Scenario(
        name=str(meta.get("name", "workload")),
        horizon_s=float(meta["horizon_s"]),
        warmup_s=float(meta.get("warmup_s", 0.0)),
        calendar=SlaCalendar.from_policy(sla, epoch),
        targets=_targets(sla["targets"]),
        misroute_triage_s=float(data.get("misroute_triage_s", 300.0)),
        travel=_travel(data.get("field")),
        skill_catalog={k: _skill(v) for k, v in (data.get("skill_catalog") or {}).items()},
        agents=agents,
        events=events,
        tickets=tickets,
        proficiency_factor=tuple(float(x) for x in meta.get("proficiency_factor") or (1.6, 1.3, 1.0, 0.85, 0.7)),
        epoch=epoch,
        dispatch_lead_s=float((data.get("field") or {}).get("dispatch_lead_s", 0.0)),
        meta={k: v for k, v in meta.items() if k != "analytic"},
    )
    truth = TruthBook(
        stages=tuple(_truth(raw) for raw in tickets_raw),
        categories=tuple(str((raw.get("truth") or {}).get("category", "")) for raw in tickets_raw),
    )
    _check_targets(scenario)
    return Workload(scenario, truth, fingerprint(tickets))


def fingerprint(tickets: Sequence[TicketSpec]) -> str:
    """A short id of a workload's tickets, so a classifier never learns from the file it is scored on."""
    digest = hashlib.sha256()
    for t in tickets:
        digest.update(f"{t.id}|{t.arrival!r}|{t.subject}\n".encode())
    return digest.hexdigest()[:16]


def _ticket(index: int, raw: Mapping[str, Any]) -> TicketSpec:
    priority = str(raw.get("priority", "P3"))
    if priority not in PRIORITIES:
        raise WorkloadError(f"ticket {raw.get('id')}: priority must be one of {PRIORITIES}")
    arrival = float(raw["arrival"])
    if not math.isfinite(arrival):
        raise WorkloadError(f"ticket {raw.get('id')}: arrival must be a number")
    window = raw.get("window")
    onsite = bool(raw.get("onsite"))
    location = _point(raw.get("location"))
    if onsite and location is None:
        raise WorkloadError(f"ticket {raw['id']}: an on-site ticket needs a location")
    customer = raw.get("customer") or {}
    return TicketSpec(
        index=index,
        id=str(raw["id"]),
        arrival=arrival,
        channel=str(raw.get("channel", "")),
        priority=priority,
        language=str(raw.get("language", "en")),
        region=raw.get("region"),
        onsite=onsite,
        location=location,
        window=(window[0], window[1]) if window else None,
        customer_id=str(customer.get("id", "")),
        vip=customer.get("tier") == "vip",
        subject=str(raw.get("subject", "")),
        description=str(raw.get("description", "")),
    )


def _check_order(tickets: Sequence[TicketSpec]) -> None:
    if len({t.id for t in tickets}) != len(tickets):
        raise WorkloadError("ticket ids must be unique")


def _agent(index: int, raw: Mapping[str, Any]) -> AgentSpec:
    skills = {str(k): int(v) for k, v in raw["skills"].items()}
    if any(not 1 <= level <= 5 for level in skills.values()):  # noqa: PLR2004 - proficiency scale
        raise WorkloadError(f"agent {raw['id']}: proficiency must be 1..5")
    capacity = int(raw.get("capacity", 1))
    if capacity < 1:
        raise WorkloadError(f"agent {raw['id']}: capacity must be at least 1")
    return AgentSpec(
        index=index,
        id=str(raw["id"]),
        tier=str(raw.get("tier", "L1")),
        team=str(raw.get("team", "")),
        skills=skills,
        languages=tuple(raw.get("languages") or ("en",)),
        region=raw.get("region"),
        home=_point(raw.get("home")),
        field=bool(raw.get("field")),
        capacity=capacity,
        shifts=tuple((s[0], s[1]) for s in raw.get("shifts") or ()),
    )


def _event(raw: Mapping[str, Any], known: set[str]) -> AvailabilityEvent:
    if raw["agent"] not in known:
        raise WorkloadError(f"event at t={raw.get('t')} names unknown agent {raw['agent']!r}")
    if raw["type"] not in ("offline", "online"):
        raise WorkloadError(f"event type must be offline or online, not {raw['type']!r}")
    return AvailabilityEvent(raw["t"], str(raw["agent"]), str(raw["type"]), bool(raw.get("requeue", True)))


def _truth(raw: Mapping[str, Any]) -> tuple[StageTruth, ...]:
    truth = raw.get("truth")
    if not truth:
        raise WorkloadError(f"ticket {raw.get('id')}: the simulator needs its truth (skill, handle_s)")
    stages = [StageTruth(str(truth["skill"]), tuple(truth["handle_s"]))]
    if truth.get("escalation"):
        esc = truth["escalation"]
        stages.append(StageTruth(str(esc["skill"]), tuple(esc["handle_s"])))
    for stage in stages:
        if len(stage.handle_s) != 5:  # noqa: PLR2004 - one time per proficiency level
            raise WorkloadError(f"ticket {raw.get('id')}: handle_s needs five values")
    return tuple(stages)


def _targets(raw: Mapping[str, Any]) -> dict[str, SlaTarget]:
    return {p: SlaTarget(float(v["first_response_s"]), float(v["resolution_s"])) for p, v in raw.items()}


def _check_targets(scenario: Scenario) -> None:
    missing = {t.priority for t in scenario.tickets} - set(scenario.targets)
    if missing:
        raise WorkloadError(f"sla_policy.targets lacks {sorted(missing)}")


def _travel(raw: Mapping[str, Any] | None) -> TravelModel | None:
    if not raw:
        return None
    return TravelModel(float(raw["speed_kmh"]), float(raw["detour_factor"]), float(raw["fixed_s"]))


def _skill(raw: Mapping[str, Any]) -> SkillInfo:
    l2 = raw.get("l2_mean_handle_s")
    return SkillInfo(float(raw["mean_handle_s"]), float(raw.get("cv", 1.0)), None if l2 is None else float(l2))


def _epoch(raw: Any) -> datetime:
    if raw is None:
        return DEFAULT_EPOCH
    moment = datetime.fromisoformat(str(raw).replace("Z", "+00:00"))
    if moment.tzinfo is None:
        raise WorkloadError("meta.epoch needs a time zone (e.g. 2025-01-06T00:00:00Z)")
    if moment.weekday() != 0 or (moment.hour, moment.minute, moment.second) != (0, 0, 0):
        raise WorkloadError("meta.epoch must be a Monday 00:00")
    return moment


def _point(raw: Mapping[str, Any] | None) -> Point | None:
    return None if not raw else Point(raw["lat"], raw["lon"])
