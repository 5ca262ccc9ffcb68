"""The engine's reasons as a dispatcher reads them: words in their language, durations in hours and days."""

import pytest
from django.utils import translation

from dispatchdesk.dispatch.wording import factor_words, refusal_for, rule_label


@pytest.mark.parametrize(
    ("name", "detail", "words"),
    [
        ("idle time", "130 min", "idle for 2 hours"),
        ("spare capacity", "1/5", "1 of 5 tickets in hand"),
        ("proficiency", "4.0/5", "proficiency 4.0/5"),
        ("expected finish", "45 min", "done in about 45 minutes"),
        ("urgency", "response", "urgency: first response still in time"),
        (
            "urgency",
            "response late, waiting 12.5 times its target",
            "urgency: first response late, waited 12.5 times its target",
        ),
        ("knows the customer", "", "helped this customer lately"),
        ("something new", "7", "something new 7"),  # an unknown reason is shown as the engine says it
    ],
)
def test_each_reason_reads_as_words(name: str, detail: str, words: str) -> None:
    assert factor_words({"name": name, "points": 1.0, "detail": detail}) == words


def test_reasons_and_rules_are_in_the_readers_language() -> None:
    with translation.override("de"):
        assert factor_words({"name": "idle time", "points": 0.5, "detail": "130 min"}) == "seit 2 Stunden frei"
        assert rule_label("missing_skill") == "ohne nötige Kompetenz"
        assert refusal_for("language", "Alice") == "Alice spricht die Sprache des Tickets nicht."
