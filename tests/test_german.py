"""German that reads like German (decision 0022): relative times and spans, the desk's reasons, and the
language a signed-in person chose winning over the browser's."""

import re
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import time_machine
from django.conf import settings
from django.test import Client
from django.utils import translation

from dispatchdesk.accounts.auth import api_token_create
from dispatchdesk.accounts.models import Presence, User
from dispatchdesk.common.durations import duration, elapsed
from dispatchdesk.common.figures import figure, percentage
from dispatchdesk.common.relative_times import ago, relative, since, until
from dispatchdesk.dispatch.wording import NO_AGENT_FREE, factor_words, reason_words, rule_label
from dispatchdesk.intake.services import ticket_import
from dispatchdesk.tickets.models import Channel, Ticket
from tests.conftest import login

GERMAN = {"Accept-Language": "de"}
ENGLISH = {"Accept-Language": "en"}
NOW = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)
DAY, HOUR, MINUTE = timedelta(days=1), timedelta(hours=1), timedelta(minutes=1)


@pytest.mark.parametrize(
    ("moment", "english", "german"),
    [
        (NOW - 4 * DAY, "4 days ago", "vor 4 Tagen"),
        (NOW - DAY, "24 hours ago", "vor 24 Stunden"),  # hours up to 35, as common.durations rounds
        (NOW - 3 * HOUR, "3 hours ago", "vor 3 Stunden"),
        (NOW - MINUTE, "1 minute ago", "vor 1 Minute"),
        (NOW - timedelta(seconds=10), "just now", "gerade eben"),
        (NOW + 2 * HOUR, "in 2 hours", "in 2 Stunden"),
        (NOW + 2 * DAY, "in 2 days", "in 2 Tagen"),
        (NOW + 3 * DAY, "in 3 days", "in 3 Tagen"),
    ],
)
def test_a_moment_reads_as_before_or_after_now(moment: datetime, english: str, german: str) -> None:
    assert relative(moment, now=NOW) == english
    with translation.override("de"):
        assert relative(moment, now=NOW) == german


def test_past_and_future_each_have_their_own_words() -> None:
    assert (ago(NOW - 4 * DAY, now=NOW), until(NOW + 2 * HOUR, now=NOW)) == ("4 days ago", "in 2 hours")
    with translation.override("de"):
        assert (ago(NOW - 4 * DAY, now=NOW), until(NOW + 2 * HOUR, now=NOW)) == ("vor 4 Tagen", "in 2 Stunden")


@pytest.mark.parametrize(
    ("moment", "english", "german"),
    [(NOW - 3 * DAY, "for 3 days", "seit 3 Tagen"), (NOW - MINUTE, "for 1 minute", "seit 1 Minute")],
)
def test_how_long_something_has_lasted(moment: datetime, english: str, german: str) -> None:
    assert since(moment, now=NOW) == english
    with translation.override("de"):
        assert since(moment, now=NOW) == german


@pytest.mark.parametrize(
    ("span", "english", "german"),
    [
        (DAY + HOUR, "1 day, 1 hour", "1 Tag, 1 Stunde"),
        (2 * DAY + 3 * HOUR, "2 days, 3 hours", "2 Tage, 3 Stunden"),
        (2 * DAY, "2 days", "2 Tage"),
        (HOUR + 5 * MINUTE, "1 hour, 5 minutes", "1 Stunde, 5 Minuten"),
        (DAY + 30 * MINUTE, "1 day", "1 Tag"),  # the two largest units only: minutes under days are left out
        (MINUTE, "1 minute", "1 Minute"),
    ],
)
def test_a_span_on_its_own_names_its_two_largest_units(span: timedelta, english: str, german: str) -> None:
    assert elapsed(span.total_seconds()) == english
    with translation.override("de"):
        assert elapsed(span.total_seconds()) == german


def test_a_rounded_span_is_declined_only_after_a_preposition() -> None:
    with translation.override("de"):
        assert duration(2 * 86_400) == "2 Tage"
        assert duration(2 * 86_400, after_preposition=True) == "2 Tagen"
    assert duration(2 * 86_400, after_preposition=True) == "2 days"


def test_no_template_uses_djangos_relative_time_filters() -> None:
    """naturaltime and timesince say "4 Tage her" and "1 Tage, 1 Stunde"; pages use `relative` instead."""
    package = Path(__file__).resolve().parents[1] / "src" / "dispatchdesk"
    offending = [
        str(path.relative_to(package))
        for path in package.rglob("*.html")
        if re.search(r"\|\s*(naturaltime|timesince|timeuntil)\b", path.read_text(encoding="utf-8"))
    ]
    assert offending == []


def test_the_ticket_list_says_how_long_ago_in_german(client: Client, bob: User, carol: User) -> None:
    with time_machine.travel(datetime.now(UTC) - 4 * DAY - 2 * HOUR, tick=False):
        ticket = _carols_ticket(carol)
    login(client, bob)

    page = client.get("/agent/tickets/", headers=GERMAN).content.decode()

    assert ticket.subject in page
    assert "vor 4 Tagen" in page
    assert "Tage her" not in page


def test_the_portal_says_when_a_request_was_opened_in_german(client: Client, carol: User) -> None:
    with time_machine.travel(datetime.now(UTC) - 3 * HOUR, tick=False):
        _carols_ticket(carol)
    login(client, carol)

    page = client.get("/portal/", headers=GERMAN).content.decode()

    assert "vor 3 Stunden" in page


def _carols_ticket(carol: User) -> Ticket:
    return ticket_import(
        customer=carol.contact,
        subject="VPN drops every hour",
        description="Since Monday.",
        actor=carol,
        channel=Channel.WEB,
    )


@pytest.mark.parametrize(
    ("name", "detail", "german"),
    [
        ("idle time", "2880 min", "seit 2 Tagen frei"),
        ("expected finish", "2880 min", "in etwa 2 Tagen fertig"),
        ("expected busy", "2880 min", "etwa 2 Tage beschäftigt"),
        ("proficiency", "3.5/5", "Kenntnisstand 3,5/5"),
        ("spare capacity", "1/6", "1 von 6 Tickets in Arbeit"),
        ("skill match", "80% likely (vpn)", "Kompetenz: vpn, mit 80 % Wahrscheinlichkeit"),
        (
            "urgency",
            "late, waiting 2.5 times its target",
            "Dringlichkeit: verspätet: schon das 2,5-Fache der Zielzeit gewartet",
        ),
        ("first language", "de", "Erstsprache ist die des Kunden"),
    ],
)
def test_each_reason_reads_as_a_german_phrase(name: str, detail: str, german: str) -> None:
    with translation.override("de"):
        assert factor_words({"name": name, "points": 1.0, "detail": detail}) == german


def test_the_desks_own_reasons_are_sentences_and_a_persons_stay_as_written() -> None:
    with translation.override("de"):
        assert reason_words(NO_AGENT_FREE) == (
            "Kein geeigneter Agent war frei, daher wartet das Ticket in der Warteschlange."
        )
        assert reason_words("Not accepted in time") == (  # older rows hold the outcome's English label
            "Der Agent hat nicht rechtzeitig angenommen, daher ging das Ticket zurück in die Warteschlange."
        )
        assert reason_words("knows the site") == "knows the site"
        assert rule_label("missing_skill") == "ohne nötige Kompetenz"


def test_the_assign_list_gives_reasons_in_german(client: Client, bob: User, alice: User, carols_ticket: Ticket) -> None:
    alice.agent.presence = Presence.ONLINE
    alice.agent.save()
    login(client, bob)

    page = client.get(f"/agent/tickets/{carols_ticket.pk}/", headers=GERMAN).content.decode()

    option = re.search(r"<option[^>]*>\s*Alice Agent: ([^<]+)</option>", page)
    assert option is not None
    assert option.group(1) == "Kenntnisstand 3,0/5, 0 von 5 Tickets in Arbeit"
    assert not re.search(r"idle time|spare capacity|in the ticket's group|proficiency", page)


def test_the_profile_language_wins_over_browser_and_cookie(client: Client, alice: User) -> None:
    alice.language = "de"
    alice.save()
    login(client, alice)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"

    page = client.get("/agent/tickets/", headers=ENGLISH)

    assert page["Content-Language"] == "de"
    assert "Offene Tickets" in page.content.decode()


def test_without_a_profile_language_the_browser_decides(client: Client, alice: User) -> None:
    login(client, alice)

    assert client.get("/agent/tickets/", headers=GERMAN)["Content-Language"] == "de"
    assert client.get("/agent/tickets/", headers=ENGLISH)["Content-Language"] == "en"


def test_the_profile_language_wins_through_an_api_token(client: Client, bob: User) -> None:
    bob.language = "de"
    bob.save()
    _token, raw = api_token_create(user=bob, name="test")

    response = client.get("/api/tickets/999999", headers={**ENGLISH, "Authorization": f"Bearer {raw}"})

    assert response.status_code == 404
    assert response.json()["message"] == "Nicht gefunden."


def test_anonymous_visitors_keep_their_browsers_language(client: Client) -> None:
    assert "Ihr Ticket verfolgen" in client.get("/track/", headers=GERMAN).content.decode()
    assert "Track your ticket" in client.get("/track/", headers=ENGLISH).content.decode()


def test_a_customer_reads_the_portal_in_the_browsers_language_until_they_choose(client: Client, carol: User) -> None:
    login(client, carol)
    assert client.get("/portal/", headers=GERMAN)["Content-Language"] == "de"

    client.post("/i18n/setlang/", {"language": "en", "next": "/portal/"})

    assert client.get("/portal/", headers=GERMAN)["Content-Language"] == "en"


def test_shares_and_figures_take_the_readers_decimal_mark() -> None:
    assert (percentage(0.913, decimals=1), figure(0.5934, decimals=3)) == ("91.3%", "0.593")
    with translation.override("de"):
        assert (percentage(0.913, decimals=1), figure(0.5934, decimals=3)) == ("91,3 %", "0,593")
