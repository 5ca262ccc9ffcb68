"""The engine's vocabulary: what it knows of a ticket and of an agent, and what it answers."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime


@dataclass(frozen=True, slots=True)
class TicketFacts:
    id: int | str
    priority: int  # 1 urgent … 4 low
    created_at: datetime
    required_skills: frozenset[str] = frozenset()
    group: str | None = None
    tier: str = "L1"
    language: str = "en"
    region: str | None = None
    onsite: bool = False
    customer_id: int | str | None = None
    vip: bool = False
    sla_due: datetime | None = None  # first-response (or next) deadline, if an SLA applies
    expected_handle_s: float | None = None  # at proficiency 3, from history or the skill catalogue
    # Set when the skill is read from text and not certain: probability per skill (engine.classify).
    skill_beliefs: Mapping[str, float] | None = None
    resolution_due: datetime | None = None
    location: tuple[float, float] | None = None  # (lat, lon) of on-site work
    window: tuple[datetime, datetime] | None = None  # appointment window of on-site work


@dataclass(frozen=True, slots=True)
class AgentState:
    id: int | str
    skills: Mapping[str, int]  # skill -> proficiency 1..5
    capacity: int
    load: int  # open tickets in hand
    available: bool  # online and on shift, not away
    groups: frozenset[str] = frozenset()
    tier: str = "L1"
    languages: tuple[str, ...] = ("en",)  # first = the agent's first language
    region: str | None = None
    field: bool = False  # field engineers take only on-site jobs
    last_assigned_at: datetime | None = None
    recent_customers: frozenset[int | str] = frozenset()
    location: tuple[float, float] | None = None  # (lat, lon) where a field engineer is or will be next

    @property
    def free_slots(self) -> int:
        return self.capacity - self.load


@dataclass(frozen=True, slots=True)
class Factor:
    """One reason in a candidate's score: shown to dispatchers and stored with the decision."""

    name: str
    points: float
    detail: str = ""


@dataclass(frozen=True, slots=True)
class Candidate:
    agent_id: int | str
    score: float
    factors: tuple[Factor, ...] = field(default=())

    @property
    def reasons(self) -> tuple[str, ...]:
        return tuple(f"{f.name} {f.points:+.2f}" + (f" ({f.detail})" if f.detail else "") for f in self.factors)


@dataclass(frozen=True, slots=True)
class Refusal:
    """Why an agent was not a candidate: the first hard rule it failed."""

    agent_id: int | str
    rule: str


@dataclass(frozen=True, slots=True)
class Assignment:
    ticket_id: int | str
    agent_id: int | str
    candidate: Candidate
