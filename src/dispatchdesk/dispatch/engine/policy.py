"""Scoring weights and queue settings an admin can tune; the defaults are the product's."""

from __future__ import annotations

from dataclasses import dataclass

# Handle-time multipliers by proficiency 1..5 (SIMULATION.md, meta.proficiency_factor).
PROFICIENCY_SPEED = (1.6, 1.3, 1.0, 0.85, 0.7)


@dataclass(frozen=True, slots=True)
class Policy:
    proficiency_weight: float = 3.0  # times mean proficiency over required skills, scaled 0..1
    spare_capacity_weight: float = 1.0  # times share of free slots
    fairness_weight: float = 1.0  # times idle time since the last assignment, capped
    fairness_cap_minutes: float = 120.0
    region_bonus: float = 0.5
    language_bonus: float = 0.25  # the ticket's language is the agent's first language
    affinity_bonus: float = 0.75  # the agent recently helped this customer
    group_bonus: float = 1.0  # the agent belongs to the group the ticket was routed to
    finish_weight: float = 1.0  # penalty per expected hour of work (slower agents score lower)
    aging_per_hour: float = 0.25  # queue: a waiting ticket gains this many priority levels an hour
    acceptance_timeout_s: int = 900  # unaccepted work returns to the queue after this long

    def __post_init__(self) -> None:
        for name in ("proficiency_weight", "spare_capacity_weight", "fairness_weight", "finish_weight"):
            if getattr(self, name) < 0:
                raise ValueError(f"{name} must not be negative")
        if self.fairness_cap_minutes <= 0:
            raise ValueError("fairness_cap_minutes must be positive")


DEFAULT_POLICY = Policy()
