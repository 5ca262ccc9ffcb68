"""The expected wait to first response (S5), from queue counts: each basis, and the properties of any estimate."""

from __future__ import annotations

import math
from dataclasses import replace
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dispatchdesk.sla.wait import (
    DEFAULT_PICKUP_S,
    DEFAULT_RESPONSES_PER_AGENT_HOUR,
    HISTORY_S,
    MAX_WINDOW_S,
    MIN_PACE_SHARE,
    THIN_HISTORY,
    Estimate,
    QueueSnapshot,
    estimate_wait,
)

MINUTE = 60.0
HOURS = HISTORY_S / 3600
# tenth in line, nobody free, 30 answers an hour over the last hours
BUSY_DESK = QueueSnapshot(ahead=9, free_slots=0, agents_on_shift=5, recent_first_responses=round(30 * HOURS))


def estimate(snapshot: QueueSnapshot) -> Estimate:
    found = estimate_wait(snapshot)
    assert found is not None
    return found


def test_a_free_agent_and_nobody_ahead_means_the_usual_pickup() -> None:
    snapshot = replace(BUSY_DESK, ahead=0, free_slots=2, recent_median_pickup_s=90.0)

    found = estimate(snapshot)

    assert found == Estimate(90.0, 0.0, 270.0, "free_agent")


def test_a_free_agent_is_never_promised_slower_than_the_groups_next_answer() -> None:
    # recent waits were long (a queue just cleared), but the group answers every two minutes
    snapshot = replace(BUSY_DESK, ahead=0, free_slots=1, recent_median_pickup_s=3600.0)

    assert estimate(snapshot).seconds == pytest.approx(2 * MINUTE)


def test_without_history_a_free_agent_takes_the_default_pickup() -> None:
    snapshot = QueueSnapshot(ahead=0, free_slots=1, agents_on_shift=1)

    found = estimate(snapshot)

    assert found.basis == "free_agent"
    assert found.seconds == DEFAULT_PICKUP_S


def test_a_queued_ticket_waits_for_its_place_at_the_groups_recent_pace() -> None:
    found = estimate(BUSY_DESK)

    assert found.basis == "queue_rate"
    assert found.seconds == pytest.approx(20 * MINUTE)
    assert found.low < 15 * MINUTE
    assert found.high > 25 * MINUTE


def test_free_slots_serve_the_first_tickets_in_line() -> None:
    assert estimate(replace(BUSY_DESK, free_slots=4)).seconds == pytest.approx(12 * MINUTE)


def test_more_urgent_newcomers_slow_the_queue_down_for_this_ticket() -> None:
    half_taken = replace(BUSY_DESK, recent_more_urgent=round(15 * HOURS))
    swamped = replace(BUSY_DESK, recent_more_urgent=round(100 * HOURS))

    assert estimate(half_taken).seconds == pytest.approx(40 * MINUTE)
    # aging lets every ticket through in the end: the queue keeps a share of the pace for it
    assert estimate(swamped).seconds == pytest.approx(20 * MINUTE / MIN_PACE_SHARE)


def test_thin_history_falls_back_on_what_the_staff_on_shift_should_manage() -> None:
    snapshot = QueueSnapshot(ahead=3, free_slots=0, agents_on_shift=2, recent_first_responses=THIN_HISTORY - 1)

    found = estimate(snapshot)

    assert found.basis == "queue_staffing"
    assert found.seconds == pytest.approx(4 / (2 * DEFAULT_RESPONSES_PER_AGENT_HOUR) * 3600)


def test_enough_history_is_believed_even_when_slower_than_the_staffing_guess() -> None:
    snapshot = QueueSnapshot(ahead=3, free_slots=0, agents_on_shift=5, recent_first_responses=THIN_HISTORY)
    enough = THIN_HISTORY / HOURS  # answers an hour

    found = estimate(snapshot)

    assert enough < 5 * DEFAULT_RESPONSES_PER_AGENT_HOUR
    assert found.basis == "queue_rate"
    assert found.seconds == pytest.approx(4 / enough * 3600)


@pytest.mark.parametrize(("answers", "window_s"), [(0, HISTORY_S), (THIN_HISTORY - 1, MAX_WINDOW_S)])
def test_no_recent_answers_at_all_still_gives_a_finite_wait(answers: int, window_s: float) -> None:
    snapshot = QueueSnapshot(
        ahead=5, free_slots=0, agents_on_shift=1, recent_first_responses=answers, window_s=window_s
    )

    found = estimate(snapshot)

    assert found.basis == "queue_staffing"
    assert math.isfinite(found.high)
    assert found.seconds > 0


def test_with_nobody_on_shift_the_wait_runs_to_the_next_shift() -> None:
    snapshot = QueueSnapshot(
        ahead=4, free_slots=0, agents_on_shift=0, recent_median_pickup_s=120.0, next_shift_in_s=7200.0
    )

    found = estimate(snapshot)

    assert found.basis == "next_shift"
    assert found.seconds == 7200.0 + 120.0
    assert found.low == 7200.0
    assert found.high > found.seconds


def test_with_nobody_on_shift_and_no_shift_planned_there_is_no_estimate() -> None:
    assert estimate_wait(QueueSnapshot(ahead=0, free_slots=0, agents_on_shift=0)) is None


@pytest.mark.parametrize(
    "values",
    [
        {"ahead": -1},
        {"free_slots": -1},
        {"recent_more_urgent": -1},
        {"recent_median_pickup_s": math.inf},
        {"window_s": 0.0},
        {"window_s": MAX_WINDOW_S + 1},
        {"next_shift_in_s": math.nan},
    ],
)
def test_impossible_counts_are_refused(values: dict[str, Any]) -> None:
    with pytest.raises(ValueError, match=r"cannot be negative|must be finite|history window"):
        replace(BUSY_DESK, **values)


counts = st.integers(min_value=0, max_value=500)
history = st.integers(min_value=0, max_value=5000)
seconds = st.floats(min_value=0.0, max_value=1e6)
snapshots = st.builds(
    QueueSnapshot,
    ahead=counts,
    free_slots=st.integers(min_value=0, max_value=50),
    agents_on_shift=st.integers(min_value=0, max_value=50),
    recent_first_responses=history,
    recent_more_urgent=history,
    recent_median_pickup_s=st.none() | seconds,
    window_s=st.floats(min_value=60.0, max_value=MAX_WINDOW_S),
    next_shift_in_s=st.none() | seconds,
)


@given(snapshot=snapshots)
def test_the_range_holds_the_estimate_and_everything_is_finite(snapshot: QueueSnapshot) -> None:
    found = estimate_wait(snapshot)

    if found is None:
        assert snapshot.agents_on_shift == 0
        assert snapshot.next_shift_in_s is None
        return
    assert 0 <= found.low <= found.seconds <= found.high
    assert math.isfinite(found.high)


@given(snapshot=snapshots, more=st.integers(min_value=1, max_value=200))
def test_more_tickets_ahead_never_shorten_the_wait(snapshot: QueueSnapshot, more: int) -> None:
    shorter, longer = estimate_wait(snapshot), estimate_wait(replace(snapshot, ahead=snapshot.ahead + more))

    if shorter is None or longer is None:
        assert shorter is None
        assert longer is None
        return
    assert shorter.seconds <= longer.seconds
    assert shorter.low <= longer.low
    assert shorter.high <= longer.high
