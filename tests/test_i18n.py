"""German (O2): the catalogue is complete, and pages, API errors and domain errors speak it."""

import contextlib
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.conf import settings
from django.core.cache import cache
from django.core.management import call_command
from django.core.signals import setting_changed
from django.test import Client
from django.utils import translation

from dispatchdesk.accounts.models import User
from dispatchdesk.common.errors import DomainError
from dispatchdesk.tickets.models import Status, Ticket
from dispatchdesk.tickets.services import ticket_change_status
from tests.conftest import login
from tests.factories import TicketFactory

LOCALE_DIR = Path(settings.LOCALE_PATHS[0])
PO_FILE = LOCALE_DIR / "de" / "LC_MESSAGES" / "django.po"
MO_FILE = PO_FILE.with_suffix(".mo")
GERMAN = {"Accept-Language": "de"}
# %(name)s / %(count)d / %(seconds).1f / %s / %%, {name}, and HTML tags must survive translation unchanged.
PLACEHOLDER = re.compile(r"%(?:\([a-z_]+\))?[-+ #0]*\d*(?:\.\d+)?[sdfi%]|\{[a-z_]+\}|</?[a-z][^>]*>")


@pytest.fixture(scope="session", autouse=True)
def _compiled_german_catalogue() -> None:
    """The .mo is git-ignored: build it on a fresh clone, and rebuild it when the .po is newer."""
    if MO_FILE.exists() and MO_FILE.stat().st_mtime >= PO_FILE.stat().st_mtime:
        return
    # compilemessages searches below the working directory; start it at the package, not the venv.
    with contextlib.chdir(LOCALE_DIR.parent):
        call_command("compilemessages", locale=["de"], verbosity=0)
    # Another test may already have loaded (and cached) the catalogue that had no .mo yet.
    setting_changed.send(sender=type(settings), setting="LOCALE_PATHS", value=settings.LOCALE_PATHS, enter=False)


@dataclass
class Entry:
    msgid: str = ""
    msgid_plural: str = ""
    msgstrs: list[str] = field(default_factory=list)
    fuzzy: bool = False


def po_entries(path: Path) -> list[Entry]:
    """The catalogue's entries, header excluded; enough of the PO format for the checks below."""
    entries: list[Entry] = []
    current = Entry()
    target: str | None = None
    for line in [*path.read_text(encoding="utf-8").splitlines(), ""]:
        if not line.strip():
            if current.msgid:
                entries.append(current)
            current, target = Entry(), None
        elif line.startswith("#,"):
            current.fuzzy = "fuzzy" in line
        elif line.startswith(("msgid ", "msgid_plural ", "msgstr")):
            keyword, _, text = line.partition(" ")
            target = keyword
            if keyword.startswith("msgstr"):
                current.msgstrs.append("")
            _extend(current, target, text)
        elif line.startswith('"') and target:
            _extend(current, target, line)
    return entries


def _extend(entry: Entry, target: str, quoted: str) -> None:
    text = quoted.strip()[1:-1].replace('\\"', '"').replace("\\n", "\n").replace("\\\\", "\\")
    if target == "msgid":
        entry.msgid += text
    elif target == "msgid_plural":
        entry.msgid_plural += text
    else:
        entry.msgstrs[-1] += text


@pytest.fixture(scope="module")
def entries() -> list[Entry]:
    return po_entries(PO_FILE)


def test_the_german_catalogue_has_hundreds_of_entries(entries: list[Entry]) -> None:
    assert len(entries) > 300
    assert any(entry.msgid == "Internal note" for entry in entries)


def test_every_german_entry_is_translated(entries: list[Entry]) -> None:
    untranslated = [entry.msgid for entry in entries if not entry.msgstrs or not all(entry.msgstrs)]

    assert untranslated == []


def test_no_german_entry_is_left_fuzzy(entries: list[Entry]) -> None:
    assert [entry.msgid for entry in entries if entry.fuzzy] == []


def test_plural_entries_have_both_german_forms(entries: list[Entry]) -> None:
    plurals = [entry for entry in entries if entry.msgid_plural]

    assert plurals
    assert all(len(entry.msgstrs) == 2 for entry in plurals)


def test_every_translation_keeps_the_placeholders_and_tags_of_its_source(entries: list[Entry]) -> None:
    broken = [
        (entry.msgid, text)
        for entry in entries
        for text in entry.msgstrs
        if sorted(PLACEHOLDER.findall(text)) != sorted(PLACEHOLDER.findall(entry.msgid_plural or entry.msgid))
    ]

    assert broken == []


def test_the_login_page_speaks_german_to_a_german_browser(client: Client) -> None:
    page = client.get("/accounts/login/", headers=GERMAN).content.decode()

    assert '<html lang="de">' in page
    assert "Bei Dispatchdesk anmelden" in page
    assert "Verfolgen Sie Ihr Ticket ohne Anmeldung" in page


def test_the_login_page_stays_english_without_a_language_choice(client: Client) -> None:
    page = client.get("/accounts/login/").content.decode()

    assert "Sign in to Dispatchdesk" in page
    assert "Bei Dispatchdesk anmelden" not in page


def test_choosing_german_in_the_language_switch_keeps_the_pages_german(client: Client) -> None:
    response = client.post("/i18n/setlang/", {"language": "de", "next": "/accounts/login/"})

    assert response.status_code == 302
    page = client.get("/accounts/login/").content.decode()
    assert "Bei Dispatchdesk anmelden" in page
    assert "Warten Sie auf eine Antwort zu Ihrer Anfrage?" in page


def test_bob_sees_the_ticket_list_in_german(client: Client, bob: User, carols_ticket: Ticket) -> None:
    login(client, bob)

    page = client.get("/agent/tickets/", headers=GERMAN).content.decode()

    assert carols_ticket.subject in page
    assert "Offene Tickets" in page
    assert "Warteschlange" in page
    assert "Betreff" in page
    assert re.search(r">\s*1 Ticket\s*<", page)


def test_the_customer_lookup_page_is_german(client: Client) -> None:
    page = client.get("/track/", headers=GERMAN).content.decode()

    assert "Ihr Ticket verfolgen" in page
    assert "Ticketnummer" in page
    assert "Mein Ticket anzeigen" in page


@pytest.fixture
def _fresh_lookup_counters() -> Iterator[None]:
    # The lookup limit counts in the cache, which outlives a test's database transaction.
    cache.clear()
    yield
    cache.clear()


@pytest.mark.usefixtures("_fresh_lookup_counters")
def test_a_failed_lookup_is_explained_in_german(client: Client, carols_ticket: Ticket) -> None:
    response = client.post("/track/", {"number": carols_ticket.number, "email": "someone@else.example"}, headers=GERMAN)

    assert "Wir konnten kein Ticket mit dieser Nummer und E-Mail-Adresse finden." in response.content.decode()


def test_an_unknown_ticket_is_not_found_in_german_through_the_api(client: Client, bob: User) -> None:
    login(client, bob)

    response = client.get("/api/tickets/999999", headers=GERMAN)

    assert response.status_code == 404
    assert response.json() == {"code": "not_found", "message": "Nicht gefunden."}


def test_the_api_answers_in_english_when_no_language_is_asked_for(client: Client, bob: User) -> None:
    login(client, bob)

    response = client.get("/api/tickets/999999")

    assert response.json()["message"] == "Not found."


def test_an_illegal_transition_through_the_api_is_refused_in_german(client: Client, bob: User) -> None:
    ticket = TicketFactory(status=Status.CLOSED)
    login(client, bob)

    response = client.post(
        f"/api/tickets/{ticket.pk}/transition", {"status": "new"}, content_type="application/json", headers=GERMAN
    )

    assert response.status_code == 409
    assert response.json()["message"] == (
        "Ein Ticket im Status „Geschlossen“ kann nicht auf „Neu“ gesetzt werden (erlaubt: keine)."
    )
    ticket.refresh_from_db()
    assert ticket.status == Status.CLOSED


def test_the_workflow_refuses_an_illegal_transition_in_german_and_changes_nothing(bob: User) -> None:
    ticket = TicketFactory(status=Status.RESOLVED, assignee=bob)

    with translation.override("de"), pytest.raises(DomainError) as refused:
        ticket_change_status(ticket_id=ticket.pk, to=Status.AWAITING_CUSTOMER, actor=bob)

    assert refused.value.code == "illegal_transition"
    assert refused.value.message == (
        "Ein Ticket im Status „Gelöst“ kann nicht auf „Wartet auf Kunden“ gesetzt werden "
        "(erlaubt: Neu, In Bearbeitung, Geschlossen)."
    )
    ticket.refresh_from_db()
    assert ticket.status == Status.RESOLVED
    assert not ticket.timeline.exists()
