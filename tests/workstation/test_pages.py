"""Agent pages: what each persona sees, and every action through its own URL."""

import io
from collections.abc import Callable
from typing import Any, cast

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from PIL import Image

from dispatchdesk.accounts.models import DispatchMode, Presence, SkillGroup, User
from dispatchdesk.intake.services import ticket_import, ticket_submit
from dispatchdesk.tickets.models import Attachment, Channel, EventKind, Message, Priority, Status, Ticket
from dispatchdesk.tickets.services import ticket_add_note, ticket_assign, ticket_reply
from dispatchdesk.tickets.services.fields import TicketFields
from tests.conftest import PASSWORD, login
from tests.factories import ContactFactory

HX = {"HX-Request": "true"}


def png_upload(name: str = "screen.png") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "blue").save(buffer, format="PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def detail_url(ticket: Ticket, action: str = "") -> str:
    return f"/agent/tickets/{ticket.pk}/{action + '/' if action else ''}"


def state(ticket: Ticket) -> tuple[str, int | None, int, int]:
    """What an action could change: status, assignee, messages and timeline events."""
    ticket.refresh_from_db()
    return ticket.status, ticket.assignee_id, ticket.messages.count(), ticket.timeline.count()


@pytest.fixture
def network_ticket_factory(network: SkillGroup) -> Callable[..., Ticket]:
    def make(subject: str = "Printer jams", priority: int = Priority.NORMAL, **fields: Any) -> Ticket:
        return ticket_import(
            customer=ContactFactory(),
            subject=subject,
            description="Details",
            priority=priority,
            fields=cast(TicketFields, {"group": network, **fields}),
            channel=Channel.WEB,
        )

    return make


# --- who sees what ---------------------------------------------------------------------------


def test_alice_sees_tickets_of_her_group_in_the_list(client: Client, alice: User, carols_ticket: Ticket) -> None:
    response = login(client, alice).get("/agent/tickets/")

    assert response.status_code == 200
    assert f"#{carols_ticket.number}" in response.text
    assert "VPN drops every hour" in response.text
    assert "Carol Customer" in response.text


def test_bob_the_dispatcher_sees_every_ticket(client: Client, bob: User, carols_ticket: Ticket) -> None:
    response = login(client, bob).get("/agent/tickets/")

    assert "VPN drops every hour" in response.text


def test_mallory_does_not_see_another_groups_ticket_in_the_list(
    client: Client, mallory: User, carols_ticket: Ticket
) -> None:
    response = login(client, mallory).get("/agent/tickets/")

    assert response.status_code == 200
    assert "VPN drops every hour" not in response.text


@pytest.mark.parametrize("persona", ["alice", "bob"])
def test_the_ticket_page_shows_fields_customer_conversation_and_timeline(
    client: Client, request: pytest.FixtureRequest, persona: str, carols_ticket: Ticket
) -> None:
    response = login(client, request.getfixturevalue(persona)).get(detail_url(carols_ticket))

    assert response.status_code == 200
    assert "VPN drops every hour" in response.text
    assert "carol@customer.example" in response.text
    assert "Since Monday the VPN disconnects." in response.text
    assert "Network" in response.text
    assert "Created the ticket" in response.text


@pytest.mark.parametrize(
    "call",
    [
        ("get", "", {}),
        ("post", "reply", {"reply-body": "Hello from Mallory"}),
        ("post", "note", {"note-body": "Mallory was here"}),
        ("post", "status", {"status": Status.RESOLVED}),
        ("post", "assign", {"agent": "MALLORY"}),
        ("post", "accept", {}),
    ],
    ids=["detail", "reply", "note", "status", "assign", "accept"],
)
def test_mallory_gets_404_on_every_url_of_carols_ticket_and_changes_nothing(
    client: Client, mallory: User, carols_ticket: Ticket, call: tuple[str, str, dict[str, str]]
) -> None:
    method, action, data = call
    data = {key: str(mallory.pk) if value == "MALLORY" else value for key, value in data.items()}
    before = state(carols_ticket)

    response = getattr(login(client, mallory), method)(detail_url(carols_ticket, action), data)

    assert response.status_code == 404
    assert state(carols_ticket) == before


def test_mallory_cannot_download_an_attachment_of_carols_ticket(
    client: Client, alice: User, mallory: User, carols_ticket: Ticket
) -> None:
    message = ticket_reply(ticket_id=carols_ticket.pk, author=alice, body="See picture", files=[png_upload()])
    token = message.attachments.get().token

    response = login(client, mallory).get(f"/agent/attachments/{token}/")

    assert response.status_code == 404


@pytest.mark.parametrize("url", ["/agent/tickets/", "TICKET"])
def test_customers_get_no_agent_pages(client: Client, carol: User, carols_ticket: Ticket, url: str) -> None:
    response = login(client, carol).get(detail_url(carols_ticket) if url == "TICKET" else url)

    assert response.status_code == 404


def test_a_visitor_who_is_not_signed_in_is_sent_to_the_login_page(client: Client, carols_ticket: Ticket) -> None:
    response = client.get(detail_url(carols_ticket))

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=")


@pytest.mark.parametrize(
    ("persona", "target"), [("alice", "/agent/tickets/?open=on"), ("carol", "/portal/"), (None, "/accounts/login/")]
)
def test_home_sends_each_role_to_its_start_page(
    client: Client, request: pytest.FixtureRequest, persona: str | None, target: str
) -> None:
    if persona:
        login(client, request.getfixturevalue(persona))

    response = client.get("/")

    assert response.status_code == 302
    assert response["Location"] == target


# --- the list --------------------------------------------------------------------------------


def test_filters_narrow_the_list(client: Client, bob: User, network_ticket_factory: Callable[..., Ticket]) -> None:
    network_ticket_factory(subject="Router on fire", priority=Priority.URGENT)
    network_ticket_factory(subject="Mouse squeaks", priority=Priority.LOW)
    login(client, bob)

    urgent = client.get("/agent/tickets/", {"priority": Priority.URGENT})
    searched = client.get("/agent/tickets/", {"q": "squeak"})

    assert "Router on fire" in urgent.text
    assert "Mouse squeaks" not in urgent.text
    assert "Mouse squeaks" in searched.text
    assert "Router on fire" not in searched.text


def test_assignee_filter_tells_my_tickets_from_the_queue(
    client: Client, alice: User, network_ticket_factory: Callable[..., Ticket]
) -> None:
    mine = network_ticket_factory(subject="Mine to fix")
    network_ticket_factory(subject="Nobody's yet")
    ticket_assign(ticket_id=mine.pk, agent_id=alice.pk, actor=alice)
    login(client, alice)

    my_list = client.get("/agent/tickets/", {"assignee": "me"})
    queue = client.get("/agent/tickets/", {"assignee": "unassigned"})

    assert "Mine to fix" in my_list.text
    assert "Nobody&#x27;s yet" not in my_list.text
    assert "Nobody&#x27;s yet" in queue.text
    assert "Mine to fix" not in queue.text


def test_an_unknown_filter_value_is_reported_and_the_rest_still_applies(
    client: Client, bob: User, network_ticket_factory: Callable[..., Ticket]
) -> None:
    network_ticket_factory(subject="Router on fire")

    response = login(client, bob).get("/agent/tickets/", {"status": "exploded", "q": "router"})

    assert response.status_code == 200
    assert "Select a valid choice" in response.text
    assert "Router on fire" in response.text


def test_the_list_is_paginated(
    client: Client, bob: User, settings: Any, network_ticket_factory: Callable[..., Ticket]
) -> None:
    settings.DISPATCHDESK_PAGE_SIZE = 2
    for number in range(3):
        network_ticket_factory(subject=f"Ticket number {number}")
    login(client, bob)

    first = client.get("/agent/tickets/")
    second = client.get("/agent/tickets/", {"page": 2})

    assert first.text.count("Ticket number") == 2
    assert second.text.count("Ticket number") == 1
    assert "2 of 2" in second.text


def test_htmx_gets_only_the_results_fragment(client: Client, bob: User, carols_ticket: Ticket) -> None:
    response = login(client, bob).get("/agent/tickets/", {"q": "VPN"}, headers=HX)

    assert 'id="ticket-results"' in response.text
    assert "<html" not in response.text
    assert "VPN drops every hour" in response.text
    assert "HX-Request" in response["Vary"]


def test_the_list_needs_the_same_few_queries_for_many_tickets(
    client: Client,
    bob: User,
    alice: User,
    network_ticket_factory: Callable[..., Ticket],
    django_assert_max_num_queries: Any,
) -> None:
    for number in range(12):
        ticket = network_ticket_factory(subject=f"Ticket {number}", tags=["vpn", f"tag-{number}"])
        if number % 3 == 0:  # four: Alice's capacity is five
            ticket_assign(ticket_id=ticket.pk, agent_id=alice.pk, actor=bob)
    login(client, bob)

    with django_assert_max_num_queries(8):  # incl. the navbar's unread count and the agent's availability
        response = client.get("/agent/tickets/")

    assert response.text.count("Alice Agent") == 4


def test_the_ticket_page_needs_the_same_few_queries_however_long_its_history(
    client: Client, bob: User, alice: User, carols_ticket: Ticket, django_assert_max_num_queries: Any
) -> None:
    for number in range(6):
        ticket_add_note(ticket_id=carols_ticket.pk, author=alice, body=f"Checked line {number}.")
        ticket_reply(ticket_id=carols_ticket.pk, author=alice, body=f"Answer {number}.", files=[png_upload()])
    login(client, bob)

    # 25 with the assignment options a dispatcher sees on an open ticket; the timeline reads no messages
    with django_assert_max_num_queries(25):
        response = client.get(detail_url(carols_ticket))

    assert response.text.count("Checked line") == 6
    assert response.text.count("Wrote a public reply") == 6


# --- conversation ----------------------------------------------------------------------------


def test_a_reply_with_an_image_stores_the_file_and_shows_it_inline(
    client: Client, alice: User, carols_ticket: Ticket
) -> None:
    login(client, alice)

    response = client.post(
        detail_url(carols_ticket, "reply"), {"reply-body": "Here is the fix", "reply-attachments": [png_upload()]}
    )
    page = client.get(detail_url(carols_ticket))

    attachment = Attachment.objects.get(message__ticket=carols_ticket)
    assert response.status_code == 302
    assert response["Location"] == detail_url(carols_ticket)
    assert attachment.filename == "screen.png"
    assert f'<img src="/agent/attachments/{attachment.token}/"' in page.text
    assert "Your reply was sent." in page.text


def test_an_image_is_served_inline_and_other_files_as_downloads(
    client: Client, alice: User, carols_ticket: Ticket
) -> None:
    text_file = SimpleUploadedFile("log.txt", b"error 42", content_type="text/plain")
    message = ticket_reply(ticket_id=carols_ticket.pk, author=alice, body="Files", files=[png_upload(), text_file])
    image, log = message.attachments.order_by("id")
    login(client, alice)

    image_response = client.get(f"/agent/attachments/{image.token}/")
    log_response = client.get(f"/agent/attachments/{log.token}/")

    assert image_response["Content-Disposition"].startswith("inline")
    assert image_response["Content-Type"] == "image/png"
    assert log_response["Content-Disposition"].startswith("attachment")
    assert log_response.getvalue() == b"error 42"
    assert log_response["X-Content-Type-Options"] == "nosniff"


def test_htmx_reply_returns_the_refreshed_ticket_fragment(client: Client, alice: User, carols_ticket: Ticket) -> None:
    response = login(client, alice).post(detail_url(carols_ticket, "reply"), {"reply-body": "On it!"}, headers=HX)

    assert response.status_code == 200
    assert response.text.lstrip().startswith('<div id="ticket"')
    assert "On it!" in response.text
    assert "HX-Request" in response["Vary"]
    assert carols_ticket.messages.filter(body__contains="On it!").exists()


def test_notes_are_set_apart_from_replies(client: Client, alice: User, carols_ticket: Ticket) -> None:
    ticket_add_note(ticket_id=carols_ticket.pk, author=alice, body="Customer is on the old client")

    response = login(client, alice).get(detail_url(carols_ticket))

    assert "message-note" in response.text
    assert "Customer is on the old client" in response.text


def test_an_empty_reply_is_refused_and_nothing_is_stored(client: Client, alice: User, carols_ticket: Ticket) -> None:
    before = state(carols_ticket)

    response = login(client, alice).post(detail_url(carols_ticket, "reply"), {"reply-body": "   "}, headers=HX)

    assert response.status_code == 200
    assert "This field is required." in response.text
    assert state(carols_ticket) == before


@pytest.mark.parametrize(
    "refused",
    [
        (SimpleUploadedFile("page.html", b"<script>alert(1)</script>", content_type="text/html"), "not accepted"),
        (SimpleUploadedFile("big.txt", b"x" * 2048, content_type="text/plain"), "larger than"),
        (SimpleUploadedFile("fake.png", b"not an image", content_type="image/png"), "not a readable image"),
    ],
    ids=["wrong-type", "too-large", "broken-image"],
)
def test_a_refused_file_shows_the_error_keeps_the_text_and_stores_nothing(
    client: Client, alice: User, carols_ticket: Ticket, settings: Any, refused: tuple[SimpleUploadedFile, str]
) -> None:
    upload, error = refused
    settings.DISPATCHDESK_MAX_ATTACHMENT_BYTES = 1024
    before = state(carols_ticket)

    response = login(client, alice).post(
        detail_url(carols_ticket, "note"), {"note-body": "My carefully typed note", "note-attachments": [upload]}
    )

    assert response.status_code == 200
    assert error in response.text
    assert "My carefully typed note</textarea>" in response.text
    assert state(carols_ticket) == before
    assert not Attachment.objects.exists()


def test_customers_cannot_download_files_of_internal_notes(
    client: Client, alice: User, carol: User, carols_ticket: Ticket
) -> None:
    note = ticket_add_note(ticket_id=carols_ticket.pk, author=alice, body="Internal", files=[png_upload()])
    reply = ticket_reply(ticket_id=carols_ticket.pk, author=alice, body="Public", files=[png_upload()])
    login(client, carol)

    note_response = client.get(f"/agent/attachments/{note.attachments.get().token}/")
    reply_response = client.get(f"/agent/attachments/{reply.attachments.get().token}/")

    assert note_response.status_code == 404
    assert reply_response.status_code == 200


# --- status and assignment -------------------------------------------------------------------


def test_an_illegal_status_change_is_explained_keeps_the_reason_and_changes_nothing(
    client: Client, alice: User, carols_ticket: Ticket
) -> None:
    before = state(carols_ticket)

    response = login(client, alice).post(
        detail_url(carols_ticket, "status"), {"status": Status.CLOSED, "reason": "Customer said thanks"}, headers=HX
    )

    assert response.status_code == 200
    assert "cannot become Closed" in response.text
    assert 'value="Customer said thanks"' in response.text
    assert state(carols_ticket) == before


def test_the_status_select_offers_only_allowed_targets(client: Client, alice: User, carols_ticket: Ticket) -> None:
    response = login(client, alice).get(detail_url(carols_ticket))

    form = response.context["status_form"]
    offered = {value for value, _label in form.fields["status"].widget.choices}
    assert offered == {"", Status.PENDING_ACCEPTANCE, Status.IN_PROGRESS, Status.RESOLVED}


def test_alice_takes_accepts_and_then_waits_for_the_customer(
    client: Client, alice: User, carols_ticket: Ticket
) -> None:
    login(client, alice)

    client.post(detail_url(carols_ticket, "assign"), {"agent": alice.pk})
    page = client.get(detail_url(carols_ticket))
    client.post(detail_url(carols_ticket, "accept"))
    client.post(detail_url(carols_ticket, "status"), {"status": Status.AWAITING_CUSTOMER, "reason": "Asked for logs"})

    carols_ticket.refresh_from_db()
    assert "Accept this ticket" in page.text
    assert carols_ticket.assignee == alice
    assert carols_ticket.status == Status.AWAITING_CUSTOMER
    assert carols_ticket.timeline.filter(kind=EventKind.ACCEPTED).exists()


def test_an_agent_cannot_hand_work_to_someone_else(
    client: Client, alice: User, bob: User, carols_ticket: Ticket
) -> None:
    before = state(carols_ticket)

    response = login(client, alice).post(detail_url(carols_ticket, "assign"), {"agent": bob.pk})

    assert response.status_code == 200
    assert "Only dispatchers and leads may assign tickets to others." in response.text
    assert state(carols_ticket) == before


def test_the_dispatcher_sees_who_is_eligible_and_confirms_an_override(
    client: Client, alice: User, bob: User, carols_ticket: Ticket
) -> None:
    login(client, bob)

    page = client.get(detail_url(carols_ticket)).text
    unconfirmed = client.post(detail_url(carols_ticket, "assign"), {"agent": alice.pk}, headers=HX)
    carols_ticket.refresh_from_db()
    assert carols_ticket.assignee is None  # Alice is offline: the dispatcher is asked first
    confirmed = client.post(detail_url(carols_ticket, "assign"), {"agent": alice.pk, "confirm": "on"}, headers=HX)

    assert '<option value="" selected>Choose an agent…</option>' in page  # nobody preselected
    assert '<optgroup label="Not eligible now">' in page
    assert f'<option value="{alice.pk}">Alice Agent: not available</option>' in page
    assert "Alice Agent is not eligible now (not available). Tick to assign anyway." in unconfirmed.text
    carols_ticket.refresh_from_db()
    assert carols_ticket.assignee == alice
    assert "Assigned to Alice Agent" in confirmed.text


def test_the_engines_first_choice_needs_no_confirmation(
    client: Client, alice: User, bob: User, carols_ticket: Ticket
) -> None:
    alice.agent.presence = Presence.ONLINE
    alice.agent.save()
    login(client, bob)

    page = client.get(detail_url(carols_ticket)).text
    client.post(detail_url(carols_ticket, "assign"), {"agent": alice.pk}, headers=HX)

    assert '<optgroup label="Eligible, best first">' in page
    carols_ticket.refresh_from_db()
    assert carols_ticket.assignee == alice


def test_only_the_assignee_may_accept(client: Client, alice: User, bob: User, carols_ticket: Ticket) -> None:
    ticket_assign(ticket_id=carols_ticket.pk, agent_id=alice.pk, actor=bob)
    before = state(carols_ticket)

    response = login(client, bob).post(detail_url(carols_ticket, "accept"), headers=HX)

    assert "Only the assigned agent can accept this ticket." in response.text
    assert state(carols_ticket) == before
    assert Message.objects.filter(ticket=carols_ticket).count() == 1


def test_signing_in_leads_to_the_start_page_of_the_role(client: Client, alice: User) -> None:
    form = client.get("/accounts/login/")

    response = client.post("/accounts/login/", {"username": "alice", "password": PASSWORD})

    assert 'name="password"' in form.text
    assert 'action="/i18n/setlang/"' in form.text
    assert response.status_code == 302
    assert response["Location"] == "/"


def test_the_why_card_names_the_agents_left_out_in_words(client: Client, alice: User, network: SkillGroup) -> None:
    network.mode = DispatchMode.AUTOMATIC
    network.save()
    alice.agent.presence = Presence.OFFLINE
    alice.agent.save()
    ticket = ticket_submit(
        customer=ContactFactory(), subject="VPN", description="down", channel=Channel.WEB, fields={"group": network}
    )
    login(client, alice)

    page = client.get(f"/agent/tickets/{ticket.pk}/").content.decode()

    assert "1 not available" in page
    assert "unavailable 1" not in page
