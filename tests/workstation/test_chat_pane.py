"""The chat pane on a chat ticket's page: shown for chat tickets only, its log and its reply box."""

import pytest
from django.test import Client

from dispatchdesk.accounts.models import User
from dispatchdesk.intake.models import ChatSession, ChatWidget
from dispatchdesk.tickets.models import Channel, MessageKind, Ticket
from dispatchdesk.tickets.services.conversation import ticket_add_note
from tests.conftest import login
from tests.intake.chat.conftest import Visitor, chat_skill, widget  # noqa: F401 - fixtures

pytestmark = pytest.mark.django_db


@pytest.fixture
def chat_ticket(client: Client, widget: ChatWidget) -> Ticket:  # noqa: F811 - the fixture
    Visitor(Client(), widget).start("Where is my parcel?")
    return Ticket.objects.get()


def test_a_chat_tickets_page_has_the_pane_and_another_ticket_has_none(
    client: Client, alice: User, chat_ticket: Ticket, carols_ticket: Ticket
) -> None:
    login(client, alice)

    chat_page = client.get(f"/agent/tickets/{chat_ticket.pk}/").content.decode()
    other_page = client.get(f"/agent/tickets/{carols_ticket.pk}/").content.decode()

    assert 'id="chat-log"' in chat_page
    assert f"live-chat[detail.ticket=={chat_ticket.pk}]" in chat_page
    assert 'id="chat-log"' not in other_page


def test_the_log_shows_the_visitor_the_state_and_notes_marked(client: Client, alice: User, chat_ticket: Ticket) -> None:
    ticket_add_note(ticket_id=chat_ticket.pk, author=alice, body="Check the courier.")
    login(client, alice)

    log = client.get(f"/agent/tickets/{chat_ticket.pk}/chat/").content.decode()

    assert "Where is my parcel?" in log
    assert "Vera Visitor is waiting for an answer" in log
    assert "Check the courier." in log
    assert "Internal note" in log


def test_an_agents_chat_line_is_a_public_reply_and_the_box_comes_back_empty(
    client: Client, alice: User, chat_ticket: Ticket
) -> None:
    login(client, alice)

    response = client.post(
        f"/agent/tickets/{chat_ticket.pk}/chat/reply/",
        {"chat-body": "It is on its way."},
        headers={"HX-Request": "true"},
    )

    assert response.status_code == 200
    assert response["HX-Trigger"] == "chat-sent"
    assert "It is on its way." not in response.content.decode()
    assert 'name="chat-body"' in response.content.decode()
    reply = chat_ticket.messages.get(author=alice)
    assert (reply.kind, reply.channel) == (MessageKind.REPLY, Channel.CHAT)
    assert ChatSession.objects.get().waiting_since is None


def test_an_empty_chat_line_is_refused_and_changes_nothing(client: Client, alice: User, chat_ticket: Ticket) -> None:
    login(client, alice)
    before = chat_ticket.messages.count()

    response = client.post(
        f"/agent/tickets/{chat_ticket.pk}/chat/reply/", {"chat-body": ""}, headers={"HX-Request": "true"}
    )

    assert response.status_code == 200
    assert "is-invalid" in response.content.decode()
    assert chat_ticket.messages.count() == before


def test_an_agent_who_may_not_see_the_ticket_gets_no_pane(client: Client, mallory: User, chat_ticket: Ticket) -> None:
    login(client, mallory)

    assert client.get(f"/agent/tickets/{chat_ticket.pk}/chat/").status_code == 404
    assert client.post(f"/agent/tickets/{chat_ticket.pk}/chat/reply/", {"chat-body": "Hi"}).status_code == 404
