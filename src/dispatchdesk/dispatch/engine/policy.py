"""Scoring weights and queue settings an admin can tune; the defaults are the product's."""

from __future__ import annotations

from dataclasses import dataclass

# Handle-time multipliers by proficiency 1..5 (docs/workload-format.md §1.1, meta.proficiency_factor).
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
    # Batch assignment (engine.batch): what giving a ticket to an agent now is worth.
    response_weight: float = 2.0  # the first-response target can still be met
    resolution_weight: float = 0.5  # it cannot, but the resolution target can
    late_weight: float = 0.25  # both targets are lost; the ticket still has to be served
    # Late work gains this much urgency per length of its own target it is overdue: with the weights above it
    # ranks with in-time work after (2.0 - 0.5) / 0.16 = 9.4 lengths (a 20-second target: about 3 minutes'
    # wait). The smallest weight that keeps every sample's 99th-percentile wait within 1.5 times the best
    # first-come policy's (docs/benchmarks/simulator-sla.md; docs/decisions/0013-live-batch-dispatch.md).
    aging_weight: float = 0.16
    urgency_scale_s: float = 60.0  # a target this close doubles the urgency bonus
    occupancy_weight: float = 1.0  # cost per typical handle time the slot will be busy
    min_value: float = 0.0  # offers worth less wait for a better agent (late work never waits)
    min_match: float = 0.3  # lowest chance the agent holds the skill while a response can still be in time
    misroute_cost_s: float = 300.0  # an agent without the skill triages this long before handing back
    dispatch_lead_s: float = 1800.0  # field: commit an engineer at most this long before the window opens
    reserve_slack_s: float | None = 7200.0  # work with this much slack leaves each skill one free holder

    def __post_init__(self) -> None:
        for name in ("proficiency_weight", "spare_capacity_weight", "fairness_weight", "finish_weight"):
            if getattr(self, name) < 0:
                raise ValueError(f"{name} must not be negative")
        if self.fairness_cap_minutes <= 0:
            raise ValueError("fairness_cap_minutes must be positive")
        if not 0 <= self.min_match <= 1:
            raise ValueError("min_match must lie between 0 and 1")
        if self.aging_weight < 0:
            raise ValueError("aging_weight must not be negative")
        if self.urgency_scale_s <= 0:
            raise ValueError("urgency_scale_s must be positive")


DEFAULT_POLICY = Policy()
