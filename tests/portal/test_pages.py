"""The customer's side: lookup by number and email, and the ticket page behind the access key."""

import io
from collections.abc import Iterator

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from PIL import Image

from dispatchdesk.accounts.models import User
from dispatchdesk.intake.services import ticket_import
from dispatchdesk.portal.views import LOOKUP_LIMIT
from dispatchdesk.tickets.models import Channel, Status, Ticket
from dispatchdesk.tickets.services import (
    ticket_accept,
    ticket_add_note,
    ticket_assign,
    ticket_change_status,
    ticket_reply,
)
from tests.conftest import login
from tests.factories import ContactFactory

NOT_FOUND = "We could not find a ticket with this number and email address."


@pytest.fixture(autouse=True)
def _fresh_lookup_counters() -> Iterator[None]:
    # The lookup limit counts in the cache, which outlives a test's database transaction.
    cache.clear()
    yield
    cache.clear()


def png_upload(name: str = "photo.png") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "green").save(buffer, format="PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def page_of(ticket: Ticket) -> str:
    return f"/t/{ticket.access_key}/"


# --- lookup ----------------------------------------------------------------------------------


def test_the_right_number_and_email_open_the_ticket_whatever_the_case_of_the_email(
    client: Client, carols_ticket: Ticket
) -> None:
    response = client.post("/track/", {"number": f"#{carols_ticket.number}", "email": "Carol@Customer.EXAMPLE"})

    assert response.status_code == 302
    assert response["Location"] == page_of(carols_ticket)


def test_a_wrong_email_and_an_unknown_number_get_the_same_answer(
    client: Client, carols_ticket: Ticket, erin: User
) -> None:
    wrong_email = client.post("/track/", {"number": carols_ticket.number, "email": "erin@other.example"})
    unknown_number = client.post("/track/", {"number": carols_ticket.number + 1, "email": "carol@customer.example"})

    assert wrong_email.status_code == unknown_number.status_code == 200
    assert NOT_FOUND in wrong_email.text
    assert NOT_FOUND in unknown_number.text
    assert wrong_email.context["form"].errors == unknown_number.context["form"].errors
    assert carols_ticket.access_key not in wrong_email.text


def test_a_number_that_is_not_a_number_is_explained(client: Client, db: None) -> None:
    response = client.post("/track/", {"number": "abc", "email": "carol@customer.example"})

    assert response.status_code == 200
    assert "Enter the ticket number from your confirmation" in response.text


def test_lookups_are_limited_per_address(client: Client, carols_ticket: Ticket) -> None:
    for _attempt in range(LOOKUP_LIMIT):
        client.post("/track/", {"number": 1, "email": "guess@example.com"})

    response = client.post("/track/", {"number": carols_ticket.number, "email": "carol@customer.example"})
    elsewhere = client.post(
        "/track/", {"number": carols_ticket.number, "email": "carol@customer.example"}, REMOTE_ADDR="10.0.0.9"
    )

    assert response.status_code == 200
    assert "Too many lookups" in response.text
    assert elsewhere.status_code == 302


# --- the ticket page -------------------------------------------------------------------------


def test_the_ticket_page_shows_status_handler_and_public_messages(
    client: Client, alice: User, carols_ticket: Ticket
) -> None:
    ticket_reply(ticket_id=carols_ticket.pk, author=alice, body="Please restart the router.")

    response = client.get(page_of(carols_ticket))

    assert response.status_code == 200
    assert "VPN drops every hour" in response.text
    assert "Since Monday the VPN disconnects." in response.text
    assert "Please restart the router." in response.text
    assert "the Network team" in response.text
    assert response["Referrer-Policy"] == "same-origin"  # never to another site; the page's own forms keep their origin


def test_the_handler_is_the_assignees_first_name(client: Client, alice: User, carols_ticket: Ticket) -> None:
    ticket_assign(ticket_id=carols_ticket.pk, agent_id=alice.pk, actor=alice)

    response = client.get(page_of(carols_ticket))

    handler = response.text.split('class="fw-medium handler">')[1].split("</div>")[0]
    assert handler.strip() == "Alice"


def test_a_ticket_without_group_or_assignee_is_waiting_in_the_queue(client: Client, db: None) -> None:
    ticket = ticket_import(customer=ContactFactory(), subject="Hello", description="Anyone?", channel=Channel.WEB)

    response = client.get(page_of(ticket))

    assert "our support team" in response.text


def test_the_ticket_page_never_shows_internal_notes_or_internal_events(
    client: Client, alice: User, carols_ticket: Ticket
) -> None:
    ticket_add_note(ticket_id=carols_ticket.pk, author=alice, body="Customer is difficult", files=[png_upload()])
    ticket_assign(ticket_id=carols_ticket.pk, agent_id=alice.pk, actor=alice)
    ticket_accept(ticket_id=carols_ticket.pk, actor=alice)
    ticket_change_status(
        ticket_id=carols_ticket.pk, to=Status.AWAITING_CUSTOMER, actor=alice, reason="Secret internal reason"
    )

    response = client.get(page_of(carols_ticket))

    assert "Customer is difficult" not in response.text
    assert "Internal note" not in response.text
    assert "Secret internal reason" not in response.text
    assert "Accepted" not in response.text
    assert "Now: Waiting for your answer" in response.text  # the status in the customer's words
    assert "Pending acceptance" not in response.text
    assert "System" not in response.text


def test_an_unknown_access_key_is_404(client: Client, carols_ticket: Ticket) -> None:
    response = client.get("/t/not-a-real-key/")

    assert response.status_code == 404


def test_public_attachments_download_through_the_access_key_but_note_files_do_not(
    client: Client, alice: User, carols_ticket: Ticket
) -> None:
    reply = ticket_reply(ticket_id=carols_ticket.pk, author=alice, body="Photo", files=[png_upload()])
    note = ticket_add_note(ticket_id=carols_ticket.pk, author=alice, body="Inside", files=[png_upload()])
    reply_token, note_token = reply.attachments.get().token, note.attachments.get().token

    page = client.get(page_of(carols_ticket))
    public = client.get(f"{page_of(carols_ticket)}attachments/{reply_token}/")
    internal = client.get(f"{page_of(carols_ticket)}attachments/{note_token}/")

    assert f"/t/{carols_ticket.access_key}/attachments/{reply_token}/" in page.text
    assert public.status_code == 200
    assert public["Content-Type"] == "image/png"
    assert internal.status_code == 404


def test_an_access_key_does_not_open_another_tickets_files(client: Client, alice: User, carols_ticket: Ticket) -> None:
    other = ticket_import(
        customer=ContactFactory(), subject="Other", description="x", files=[png_upload()], channel=Channel.WEB
    )
    token = other.messages.get().attachments.get().token

    response = client.get(f"{page_of(carols_ticket)}attachments/{token}/")

    assert response.status_code == 404


# --- signed-in customers ---------------------------------------------------------------------


def test_carol_sees_her_tickets_and_erin_does_not(
    client: Client, carol: User, erin: User, carols_ticket: Ticket
) -> None:
    carols_list = login(Client(), carol).get("/portal/")
    erins_list = login(client, erin).get("/portal/")

    assert page_of(carols_ticket) in carols_list.text
    assert "VPN drops every hour" not in erins_list.text
    assert page_of(carols_ticket) not in erins_list.text


def test_the_customers_list_says_the_status_in_her_words(
    client: Client, carol: User, alice: User, carols_ticket: Ticket
) -> None:
    Ticket.objects.filter(pk=carols_ticket.pk).update(status=Status.AWAITING_CUSTOMER, assignee=alice)

    listing = login(client, carol).get("/portal/").text

    assert "Waiting for your answer" in listing
    assert "Awaiting customer" not in listing


def test_erin_cannot_reach_carols_ticket(client: Client, erin: User, carols_ticket: Ticket) -> None:
    login(client, erin)

    agent_page = client.get(f"/agent/tickets/{carols_ticket.pk}/")
    lookup = client.post("/track/", {"number": carols_ticket.number, "email": "erin@other.example"})

    assert agent_page.status_code == 404
    assert NOT_FOUND in lookup.text


def test_staff_opening_the_portal_list_go_to_their_ticket_list(client: Client, alice: User) -> None:
    response = login(client, alice).get("/portal/")

    assert response.status_code == 302
    assert response["Location"] == "/agent/tickets/"
