"""Spans of time in words: whole units for customers, one decimal for side-by-side figures."""

import pytest
from django.utils import translation

from dispatchdesk.common.durations import duration, shown, span


@pytest.mark.parametrize(
    ("seconds", "words"),
    [(30, "1 minute"), (25 * 60, "25 minutes"), (2 * 3600, "2 hours"), (40 * 3600, "2 days")],
)
def test_a_duration_is_rounded_to_the_unit_a_person_would_use(seconds: float, words: str) -> None:
    assert duration(seconds) == words


@pytest.mark.parametrize(
    ("seconds", "words"),
    [(45, "45 s"), (750, "12.5 min"), (3.2 * 3600, "3.2 h"), (187_457, "2.2 days")],
)
def test_a_span_keeps_one_decimal_so_figures_can_be_compared(seconds: float, words: str) -> None:
    assert span(seconds) == words


def test_spans_are_in_the_readers_language() -> None:
    with translation.override("de"):
        assert span(187_457) == "2,2 Tage"


@pytest.mark.parametrize(
    ("seconds", "expected"), [(44.6, 45), (301.0, 300.0), (7_260.0, 7_200.0), (190_000.0, 190_080.0)]
)
def test_shown_is_the_figure_span_prints(seconds: float, expected: float) -> None:
    assert shown(seconds) == pytest.approx(expected)
