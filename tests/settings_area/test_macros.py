"""Macros: managed in the settings area, inserted into the reply box filled in for the ticket."""

import pytest
from django.test import Client

from dispatchdesk.accounts.models import User
from dispatchdesk.tickets.models import Macro, Ticket
from tests.conftest import login

HX = {"HX-Request": "true"}
GREETING = "Hello {{customer_name}}, about ticket {{ticket_number}}: {{agent_name}} here."


@pytest.fixture
def greeting(db: None) -> Macro:
    return Macro.objects.create(name="Greeting", body=GREETING, language="en")


def test_a_manager_creates_a_shared_macro(client: Client, dave: User) -> None:
    body = {"name": "Greeting", "language": "en", "body": GREETING}

    response = login(client, dave).post("/manage/settings/macros/new/", body)

    assert response.status_code == 302
    macro = Macro.objects.get()
    assert (macro.name, macro.body, macro.owner) == ("Greeting", GREETING, None)


def test_a_macro_can_be_personal_to_an_agent(client: Client, dave: User, alice: User, greeting: Macro) -> None:
    body = {"name": "Mine", "language": "de", "owner": alice.pk, "body": "Hallo {{customer_name}}"}

    login(client, dave).post(f"/manage/settings/macros/{greeting.pk}/", body)

    greeting.refresh_from_db()
    assert (greeting.name, greeting.language, greeting.owner) == ("Mine", "de", alice)


def test_an_unknown_placeholder_is_refused_on_the_text_and_nothing_changes(
    client: Client, dave: User, greeting: Macro
) -> None:
    body = {"name": "Greeting", "language": "en", "body": "Dear {{customer_nmae}}"}

    response = login(client, dave).post(f"/manage/settings/macros/{greeting.pk}/", body)

    assert response.status_code == 200
    assert "Unknown placeholder: {{customer_nmae}}." in response.content.decode()
    greeting.refresh_from_db()
    assert greeting.body == GREETING


def test_a_manager_deletes_a_macro(client: Client, dave: User, greeting: Macro) -> None:
    login(client, dave).post(f"/manage/settings/macros/{greeting.pk}/delete/")

    assert not Macro.objects.exists()


def test_the_list_shows_who_uses_each_macro(client: Client, dave: User, alice: User, greeting: Macro) -> None:
    Macro.objects.create(name="Alice's sign-off", body="Cheers", owner=alice)

    page = login(client, dave).get("/manage/settings/macros/").content.decode()

    assert "Everyone" in page
    assert "Alice Agent" in page


# --- in the reply composer -------------------------------------------------------------------------


def test_the_ticket_page_offers_the_shared_and_own_macros(
    client: Client, alice: User, mallory: User, carols_ticket: Ticket, greeting: Macro
) -> None:
    Macro.objects.create(name="Mallory's own", body="x", owner=mallory)

    page = login(client, alice).get(f"/agent/tickets/{carols_ticket.pk}/").content.decode()

    assert "Insert macro" in page
    assert f"/agent/tickets/{carols_ticket.pk}/macros/{greeting.pk}/" in page
    assert "Mallory&#x27;s own" not in page


def test_inserting_fills_the_reply_box_with_the_text_for_this_ticket(
    client: Client, alice: User, carols_ticket: Ticket, greeting: Macro
) -> None:
    response = login(client, alice).get(f"/agent/tickets/{carols_ticket.pk}/macros/{greeting.pk}/", headers=HX)

    html = response.content.decode()
    assert response.status_code == 200
    assert f"Hello Carol Customer, about ticket {carols_ticket.number}: Alice Agent here." in html
    assert '<textarea name="reply-body"' in html  # the editable reply box itself


def test_someone_elses_personal_macro_and_an_invisible_ticket_are_not_found(
    client: Client, alice: User, mallory: User, carols_ticket: Ticket, greeting: Macro
) -> None:
    theirs = Macro.objects.create(name="Mallory's own", body="x", owner=mallory)

    assert login(client, alice).get(f"/agent/tickets/{carols_ticket.pk}/macros/{theirs.pk}/").status_code == 404
    assert login(client, mallory).get(f"/agent/tickets/{carols_ticket.pk}/macros/{greeting.pk}/").status_code == 404
