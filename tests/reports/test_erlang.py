"""Erlang C against the textbook: the closed form with factorials, computed here independently of the
module's recursion, and the widely published worked example (100 calls in 30 minutes, 180 s handle
time, 80 % answered within 20 s: 10 erlangs, 14 agents, 17.4 % wait, 88.8 % within 20 s)."""

import math

import pytest

from dispatchdesk.reports import erlang
from dispatchdesk.reports.erlang import ServiceGoal


def closed_form_wait(agents: int, load: float) -> float:
    """C(N, A) = (A^N/N! * N/(N-A)) / (Σ_{k<N} A^k/k! + A^N/N! * N/(N-A))."""
    top = load**agents / math.factorial(agents) * agents / (agents - load)
    return top / (sum(load**k / math.factorial(k) for k in range(agents)) + top)


def test_the_published_example() -> None:
    arrivals, handle = 200.0, 180.0  # 100 in 30 minutes
    assert erlang.offered_load(arrivals, handle) == pytest.approx(10.0)
    assert erlang.wait_probability(14, 10.0) == pytest.approx(0.1741, abs=5e-5)
    assert erlang.service_level(14, arrivals, handle, 20) == pytest.approx(0.8884, abs=5e-5)
    assert erlang.service_level(13, arrivals, handle, 20) == pytest.approx(0.7956, abs=5e-5)
    assert erlang.average_wait_s(14, arrivals, handle) == pytest.approx(7.8, abs=0.05)
    assert erlang.agents_needed(arrivals, handle, ServiceGoal(0.8, 20)) == 14


@pytest.mark.parametrize(("agents", "load"), [(1, 0.5), (3, 2.0), (5, 4.9), (12, 7.3), (40, 33.0), (80, 70.5)])
def test_the_recursion_equals_the_closed_form(agents: int, load: float) -> None:
    assert erlang.wait_probability(agents, load) == pytest.approx(closed_form_wait(agents, load), rel=1e-9)


def test_a_small_case_by_hand() -> None:
    # N = 3, A = 2: (8/6 * 3) / (1 + 2 + 2 + 4) = 4/9; the wait is 4/9 * h / (N - A).
    assert erlang.wait_probability(3, 2.0) == pytest.approx(4 / 9)
    assert erlang.average_wait_s(3, 2 * 3600 / 600, 600) == pytest.approx(4 / 9 * 600)
    # Within 10 minutes: 1 - 4/9 * e^(-(3 - 2) * 600/600).
    assert erlang.service_level(3, 12, 600, 600) == pytest.approx(1 - 4 / 9 * math.exp(-1))


def test_the_fewest_agents_that_reach_the_goal_and_not_one_more() -> None:
    goal = ServiceGoal(0.9, 300)
    for arrivals, handle in [(3, 1200), (12.5, 900), (60, 420), (0.4, 3600)]:
        needed = erlang.agents_needed(arrivals, handle, goal)
        assert erlang.service_level(needed, arrivals, handle, goal.target_s) >= goal.share
        assert erlang.service_level(needed - 1, arrivals, handle, goal.target_s) < goal.share


def test_nothing_arriving_needs_nobody() -> None:
    assert erlang.agents_needed(0, 600, ServiceGoal(0.8, 60)) == 0
    assert erlang.agents_needed(5, 0, ServiceGoal(0.8, 60)) == 0
    assert erlang.wait_probability(0, 0.0) == 0.0
    assert erlang.service_level(0, 0, 600, 60) == 1.0


def test_a_load_the_agents_cannot_carry_waits_forever() -> None:
    # 6 tickets an hour of an hour each are 6 erlangs: 6 agents never catch up, 7 can.
    assert erlang.wait_probability(6, 6.0) == 1.0
    assert erlang.service_level(6, 6, 3600, 600) == 0.0
    assert erlang.average_wait_s(5, 6, 3600) == math.inf
    assert erlang.agents_needed(6, 3600, ServiceGoal(0.01, 0)) == 7


def test_an_impossible_goal_is_refused() -> None:
    with pytest.raises(ValueError, match="share"):
        erlang.agents_needed(5, 600, ServiceGoal(1.0, 60))
    with pytest.raises(ValueError, match="negative"):
        erlang.agents_needed(-1, 600, ServiceGoal(0.8, 60))
