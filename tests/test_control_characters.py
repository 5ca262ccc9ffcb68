"""Control characters never get past where text enters (docs/decisions/0018-control-characters.md).

A NUL byte gave a 500 on PostgreSQL and was stored as sent on SQLite, from where it reached email
headers. Each entry point issue 11's fuzzing named is checked here; the suite runs on SQLite and,
with DATABASE_URL, on PostgreSQL (`make test-postgres`), where a NUL that got through is a 500.
"""

import re
from typing import Any

import pytest
from django.core.cache import cache
from django.test import Client

from dispatchdesk.accounts.models import User
from dispatchdesk.common.sanitize import BIDI_CONTROLS, clean_text
from dispatchdesk.customers.models import Contact
from dispatchdesk.tickets.models import Ticket
from tests.conftest import login
from tests.factories import ContactFactory

# NUL, BEL, ESC, DEL and two C1 controls (NEL, CSI) between visible letters.
DIRTY = "a\x00b\x07c\x1bd\x7fe\x85f\x9bg"
CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def has_control(text: str) -> bool:
    return CONTROL.search(text) is not None


def post(client: Client, url: str, body: dict[str, Any]) -> Any:
    return client.post(url, body, content_type="application/json")


# --- the function ---


def test_clean_text_drops_c0_c1_and_del_but_keeps_tabs_and_line_breaks() -> None:
    assert clean_text(DIRTY) == "abcdefg"
    assert clean_text("one\ttwo\nthree") == "one\ttwo\nthree"


def test_clean_text_turns_every_line_break_into_a_newline() -> None:
    assert clean_text("a\r\nb\rc\n") == "a\nb\nc\n"


def test_clean_text_leaves_bidi_controls_and_letters_of_any_script_to_their_own_rules() -> None:
    assert clean_text("Grüße \u202e ٣ 日本") == "Grüße \u202e ٣ 日本"


# --- the API ---


def test_a_ticket_created_through_the_api_stores_no_control_character(client: Client, bob: User) -> None:
    contact = ContactFactory()

    response = post(
        login(client, bob),
        "/api/tickets",
        {"subject": f"VPN {DIRTY}\u202e", "description": f"Line\r\n{DIRTY}", "customer_id": contact.pk},
    )

    assert response.status_code == 201
    ticket = Ticket.objects.get()
    assert ticket.subject == "VPN abcdefg"  # the bidi control goes too (decision 0015)
    assert not has_control(ticket.description)
    assert "abcdefg" in ticket.description
    assert not has_control(ticket.messages.get().body)


def test_a_subject_of_nothing_but_control_characters_is_a_422_and_creates_nothing(client: Client, bob: User) -> None:
    contact = ContactFactory()

    response = post(
        login(client, bob), "/api/tickets", {"subject": "\x00\x1b", "description": "x", "customer_id": contact.pk}
    )

    assert response.status_code == 422
    assert "subject" in response.json()["message"]
    assert not Ticket.objects.exists()


def test_a_ticket_updated_through_the_api_stores_no_control_character(
    client: Client, bob: User, carols_ticket: Ticket
) -> None:
    response = login(client, bob).patch(
        f"/api/tickets/{carols_ticket.pk}", {"subject": DIRTY}, content_type="application/json"
    )

    assert response.status_code == 200
    carols_ticket.refresh_from_db()
    assert carols_ticket.subject == "abcdefg"


def test_a_reply_through_the_api_stores_no_control_character(
    client: Client, alice: User, carols_ticket: Ticket
) -> None:
    response = post(login(client, alice), f"/api/tickets/{carols_ticket.pk}/replies", {"body": DIRTY})

    assert response.status_code == 201
    assert not has_control(carols_ticket.messages.get(pk=response.json()["id"]).body)


def test_a_contact_created_through_the_api_stores_no_control_character(client: Client, bob: User) -> None:
    response = post(login(client, bob), "/api/contacts", {"name": f"Vera {DIRTY}", "email": "vera\x00@visitor.example"})

    assert response.status_code == 201
    contact = Contact.objects.get(pk=response.json()["id"])
    assert (contact.name, contact.email) == ("Vera abcdefg", "vera@visitor.example")


@pytest.mark.parametrize("path", ["/api/tickets", "/api/contacts", "/api/organisations"])
def test_a_nul_in_a_search_is_dropped_and_the_search_runs(
    client: Client, bob: User, carols_ticket: Ticket, path: str
) -> None:
    response = login(client, bob).get(path, {"q": "Carol\x00"})

    assert response.status_code == 200
    assert response.json()["count"] == (0 if path == "/api/organisations" else 1)


def test_a_nul_in_the_contacts_exact_filters_finds_nothing_and_breaks_nothing(client: Client, bob: User) -> None:
    response = login(client, bob).get("/api/contacts", {"email": "\x00", "phone": "\x00"})

    assert response.status_code == 200


# --- pages ---


def test_a_nul_in_an_access_key_is_a_404(client: Client, carols_ticket: Ticket) -> None:
    assert client.get(f"/t/{carols_ticket.access_key}%00/").status_code == 404
    assert client.get("/t/%00/").status_code == 404
    assert client.get(f"/t/{carols_ticket.access_key}/attachments/%00/").status_code == 404


def test_a_nul_in_an_agents_file_link_is_a_404(client: Client, alice: User) -> None:
    assert login(client, alice).get("/agent/attachments/%00/").status_code == 404


def test_the_public_web_form_stores_no_control_character(client: Client, db: None) -> None:
    cache.clear()  # the form's limits count in the cache

    response = client.post(
        "/request/",
        {"name": f"Vera {DIRTY}", "email": "vera@visitor.example", "subject": DIRTY, "body": f"Hello\r\n{DIRTY}"},
    )

    assert response.status_code == 302
    ticket = Ticket.objects.get()
    assert (ticket.subject, ticket.customer.name) == ("abcdefg", "Vera abcdefg")
    assert not has_control(ticket.description)


def test_a_customers_answer_on_the_ticket_page_stores_no_control_character(
    client: Client, carols_ticket: Ticket
) -> None:
    response = client.post(f"/t/{carols_ticket.access_key}/reply/", {"body": DIRTY})

    assert response.status_code == 302
    assert not has_control(carols_ticket.messages.order_by("-id").first().body)  # type: ignore[union-attr]


def test_a_nul_in_the_agents_ticket_search_is_dropped(client: Client, alice: User, carols_ticket: Ticket) -> None:
    response = login(client, alice).get("/agent/tickets/", {"q": "VPN\x00"})

    assert response.status_code == 200
    assert "VPN drops every hour" in response.text


def test_the_portal_lookup_takes_an_email_with_a_nul(client: Client, carol: User, carols_ticket: Ticket) -> None:
    cache.clear()

    response = client.post("/track/", {"number": str(carols_ticket.number), "email": "carol@customer.example\x00"})

    assert response.status_code == 302


def test_bidi_controls_are_still_stripped_beside_control_characters(client: Client, bob: User) -> None:
    response = post(login(client, bob), "/api/organisations", {"name": "Acme\x00\u202eCorp"})

    assert response.status_code == 201
    assert response.json()["name"] == "AcmeCorp"
    assert not BIDI_CONTROLS.intersection(response.json()["name"])
