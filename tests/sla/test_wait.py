"""The expected wait to first response (S5), from queue counts: each basis, and the properties of any estimate."""

from __future__ import annotations

import math
from dataclasses import replace
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dispatchdesk.sla.wait import (
    ANY,
    DEFAULT_PICKUP_S,
    DEFAULT_RESPONSES_PER_AGENT_HOUR,
    HISTORY_S,
    MAX_WINDOW_S,
    MIN_PACE_SHARE,
    MIN_SIMILAR,
    NO_HISTORY,
    THIN_HISTORY,
    Estimate,
    Experience,
    QueueSnapshot,
    Similar,
    estimate_wait,
    lesson,
    similar_bands,
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

    assert (found.seconds, found.low, found.high, found.basis, found.figure) == (90.0, 0.0, 270.0, "free_agent", 90.0)


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
    appointment_in_s=st.none() | seconds,
)
waits = st.lists(seconds, max_size=3 * MIN_SIMILAR)


@given(snapshot=snapshots, seen=waits)
def test_the_range_holds_the_estimate_and_everything_is_finite(snapshot: QueueSnapshot, seen: list[float]) -> None:
    model = estimate_wait(snapshot)
    experience = dict.fromkeys(model.similar, seen) if model else {}

    found = estimate_wait(snapshot, known(experience))

    if found is None:
        assert snapshot.appointment_in_s is None
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


# Calibration on experience: what tickets with a similar figure waited once answered.
QUEUED = replace(BUSY_DESK, recent_median_pickup_s=600.0)  # model: 10th in line at 30 an hour, 20 minutes


def known(table: dict[Similar, list[float]]) -> Experience:
    return lambda band: table.get(band, [])


def experience_for(snapshot: QueueSnapshot, waits: list[float], *, closest: bool = True) -> dict[Similar, list[float]]:
    fine, coarse = estimate(snapshot).similar
    return {fine if closest else coarse: waits}


def test_with_enough_similar_answers_the_estimate_is_their_median_and_range_their_5_to_95_percent() -> None:
    waits = [60.0 * minute for minute in range(1, 101)]  # 1..100 minutes

    found = estimate(QUEUED)
    calibrated = estimate_wait(QUEUED, known(experience_for(QUEUED, waits)))

    assert found.figure == pytest.approx(20 * MINUTE)
    assert calibrated is not None
    assert (calibrated.seconds, calibrated.low, calibrated.high) == (51 * MINUTE, 6 * MINUTE, 95 * MINUTE)
    assert (calibrated.basis, calibrated.figure) == ("queue_rate", found.figure)  # the figure is kept to learn from


def test_the_bands_are_the_figure_and_the_groups_recent_median_wait_then_the_figure_alone() -> None:
    fine, coarse = estimate(QUEUED).similar

    assert fine == ("queue_rate", 6, 5)  # 20 min is 30 s x 2^5.3; 10 min is 30 s x 2^4.3
    assert coarse == ("queue_rate", 6, ANY)
    assert similar_bands("free_agent", 10.0, None) == (("free_agent", 0, NO_HISTORY), ("free_agent", 0, ANY))


def test_too_few_answers_in_the_closest_band_fall_back_on_the_figure_band_alone() -> None:
    few = {estimate(QUEUED).similar[0]: [0.0] * (MIN_SIMILAR - 1)}
    enough = experience_for(QUEUED, [300.0] * MIN_SIMILAR, closest=False)

    found = estimate_wait(QUEUED, known(few | enough))

    assert found is not None
    assert found.seconds == 300.0


def test_too_few_similar_answers_anywhere_leave_the_queue_model_alone() -> None:
    found = estimate_wait(QUEUED, known(experience_for(QUEUED, [0.0] * (MIN_SIMILAR - 1))))

    assert found == estimate(QUEUED)
    assert found.seconds == pytest.approx(20 * MINUTE)


def test_a_booked_appointment_is_the_wait_whatever_the_queue() -> None:
    found = estimate(replace(BUSY_DESK, agents_on_shift=0, appointment_in_s=3 * 3600.0))

    assert found.basis == "appointment"
    assert found.seconds == 3 * 3600.0
    assert found.low < found.seconds < found.high


def test_an_anchored_figure_keeps_its_anchor_and_learns_how_long_after_it_answers_came() -> None:
    overnight = QueueSnapshot(ahead=0, free_slots=0, agents_on_shift=0, next_shift_in_s=13 * 3600.0)
    model = estimate(overnight)  # the shift's start plus the default pickup
    after_start = [60.0 * minute for minute in range(31)]  # 0 to 30 minutes after the shift began

    found = estimate_wait(overnight, known({model.similar[0]: after_start}))

    assert found is not None
    assert found.seconds == model.figure + 15 * MINUTE
    assert (found.low, found.high) == (model.figure + 2 * MINUTE, model.figure + 28 * MINUTE)


def test_a_lesson_is_the_wait_or_for_an_anchored_figure_the_time_after_it() -> None:
    assert lesson("queue_rate", 100.0, 160.0) == 160.0
    assert lesson("next_shift", 100.0, 160.0) == 60.0
    assert lesson("appointment", 100.0, 40.0) == -60.0  # dispatched before the window opened
