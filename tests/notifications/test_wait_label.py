"""The expected wait in the customer's words: a span while agents are at work, a moment when they are not."""

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from django.utils import translation

from dispatchdesk.notifications.confirmation import moment_label, wait_label
from dispatchdesk.sla.wait import Estimate

TUESDAY_EVENING = datetime(2026, 11, 24, 20, 0, tzinfo=UTC)
FRIDAY_EVENING = datetime(2026, 11, 27, 20, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def _desk_in_utc(settings: Any) -> None:
    settings.TIME_ZONE = "UTC"


def next_shift(seconds: float) -> Estimate:
    return Estimate(seconds, seconds - 300, seconds + 900, "next_shift", seconds)


@pytest.mark.parametrize(
    ("asked_at", "after", "said"),
    [
        (TUESDAY_EVENING, timedelta(hours=2, minutes=1), "today, around 22:00"),
        (TUESDAY_EVENING, timedelta(hours=13, minutes=32), "next business day, around 09:30"),
        (FRIDAY_EVENING, timedelta(days=2, hours=13, minutes=33), "next business day, around 09:35"),
        (FRIDAY_EVENING, timedelta(hours=14), "on Saturday November 28, around 10:00"),
    ],
)
def test_the_moment_is_named_by_day_and_rounded_to_five_minutes(
    asked_at: datetime, after: timedelta, said: str
) -> None:
    assert moment_label(asked_at + after, asked_at) == said


def test_nobody_on_duty_names_the_moment_in_the_customers_language() -> None:
    estimate = next_shift(timedelta(hours=13, minutes=30).total_seconds())

    with translation.override("de"):
        german = wait_label(estimate, TUESDAY_EVENING)

    assert german.endswith("am nächsten Werktag gegen 09:30 Uhr.")
    assert "Nobody who can take your request is on duty right now" in wait_label(estimate, TUESDAY_EVENING)


def test_while_agents_are_at_work_the_wait_is_a_span_with_its_range() -> None:
    estimate = Estimate(25 * 60.0, 10 * 60.0, 45 * 60.0, "queue_rate", 20 * 60.0)

    assert wait_label(estimate, TUESDAY_EVENING) == (
        "Expected first response in about 25 minutes (between 10 minutes and 45 minutes)."
    )
