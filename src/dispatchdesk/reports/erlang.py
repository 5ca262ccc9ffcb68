"""Erlang C: how many agents a stream of tickets needs to meet a service level (R5). Plain Python, no Django.

The model (A. K. Erlang, 1917; the textbook form, e.g. Koole, "Call Center Optimization", ch. 5):
tickets arrive at random (Poisson, `arrivals_per_hour`), each needs on average `handle_s` seconds
of one agent's time (exponentially distributed), `agents` work in parallel, one ticket at a time,
and a ticket that finds everyone busy waits in one queue, first come first served, **without
giving up** (no abandonment: a ticket waits until answered; Erlang A, with customers who give up,
is not modelled). The offered load is A = arrivals per second * handle time, in erlangs.

- `wait_probability` (Erlang C): the share of tickets that must wait at all,
  C(N, A) = N*B / (N - A*(1 - B)) with B the Erlang B blocking probability, computed by the stable
  recursion B(0) = 1, B(n) = A*B(n-1) / (n + A*B(n-1)). With A ≥ N the queue grows without end: 1.
- `service_level`: the share answered within `target_s`: 1 - C*exp(-(N - A)*target_s / handle_s).
- `agents_needed`: the fewest agents whose service level reaches the goal (0 when nothing arrives).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

MAX_AGENTS = 10_000  # a goal no staffing reaches (a share of 1.0 within 0 s) stops here


@dataclass(frozen=True, slots=True)
class ServiceGoal:
    """`share` of tickets (0 < share < 1) answered within `target_s` seconds, e.g. 80 % within an hour."""

    share: float
    target_s: float


def offered_load(arrivals_per_hour: float, handle_s: float) -> float:
    """The work arriving, in erlangs: agents that would be busy all the time to keep up."""
    return arrivals_per_hour / 3600.0 * handle_s


def erlang_b(agents: int, load: float) -> float:
    """The Erlang B blocking probability (the share lost if nobody could wait)."""
    blocked = 1.0
    for n in range(1, agents + 1):
        blocked = load * blocked / (n + load * blocked)
    return blocked


def wait_probability(agents: int, load: float) -> float:
    """Erlang C: the share of tickets that find every agent busy and wait."""
    if load <= 0:
        return 0.0
    if agents <= load:
        return 1.0  # more work arrives than the agents can do: everyone waits, ever longer
    blocked = erlang_b(agents, load)
    return agents * blocked / (agents - load * (1.0 - blocked))


def service_level(agents: int, arrivals_per_hour: float, handle_s: float, target_s: float) -> float:
    """The share of tickets answered within `target_s` seconds."""
    load = offered_load(arrivals_per_hour, handle_s)
    if load <= 0:
        return 1.0
    if agents <= load:
        return 0.0
    return 1.0 - wait_probability(agents, load) * math.exp(-(agents - load) * target_s / handle_s)


def average_wait_s(agents: int, arrivals_per_hour: float, handle_s: float) -> float:
    """The mean wait before an agent takes a ticket (infinite when the agents cannot keep up)."""
    load = offered_load(arrivals_per_hour, handle_s)
    if load <= 0:
        return 0.0
    if agents <= load:
        return math.inf
    return wait_probability(agents, load) * handle_s / (agents - load)


def agents_needed(arrivals_per_hour: float, handle_s: float, goal: ServiceGoal) -> int:
    """The fewest agents that answer `goal.share` of the tickets within `goal.target_s`."""
    if arrivals_per_hour < 0 or handle_s < 0:
        raise ValueError("arrivals and handle time cannot be negative")
    if not 0 < goal.share < 1 or goal.target_s < 0:
        raise ValueError("the goal is a share between 0 and 1 within a time of at least 0 s")
    load = offered_load(arrivals_per_hour, handle_s)
    if load <= 0:
        return 0
    agents = math.floor(load) + 1  # fewer cannot keep up at all
    while service_level(agents, arrivals_per_hour, handle_s, goal.target_s) < goal.share:
        agents += 1
        if agents > MAX_AGENTS:
            raise ValueError("no number of agents reaches this goal")
    return agents
