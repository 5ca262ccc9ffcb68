"""The chat API as a widget on another website calls it: start, say, read, end; CORS for the widget's
origins only; refusals (empty, oversize, unknown token, ended chat) change nothing."""

import json
from collections.abc import Iterator
from typing import cast

import pytest
from django.test import Client

from dispatchdesk.accounts.models import SkillGroup
from dispatchdesk.intake.models import ChatSession, ChatState, ChatWidget
from dispatchdesk.tickets.models import Channel, Message, MessageKind, Ticket
from dispatchdesk.tickets.services.conversation import ticket_add_note, ticket_reply
from tests.factories import ContactFactory
from tests.intake.chat.conftest import SHOP, Visitor

pytestmark = pytest.mark.django_db


def test_start_opens_a_chat_ticket_in_the_widgets_group_with_its_skill_and_a_secret_token(
    visitor: Visitor, widget: ChatWidget, network: SkillGroup
) -> None:
    response = visitor.start("My order 1234 has not arrived.\nIt was due on Monday.")

    assert response.status_code == 201
    body = response.json()
    ticket = Ticket.objects.get()
    assert (ticket.channel, ticket.group, list(ticket.required_skills.all())) == (
        Channel.CHAT,
        network,
        [widget.skill],
    )
    assert ticket.subject == "Chat: My order 1234 has not arrived."
    assert ticket.customer.email == "vera@visitor.example"
    assert body["state"] == "open"
    assert body["ticket"] == ticket.number
    assert [line["text"] for line in body["messages"]] == ["My order 1234 has not arrived.\nIt was due on Monday."]
    assert body["messages"][0]["from"] == "visitor"
    assert body["messages"][0]["author"] == "Vera Visitor"
    session = ChatSession.objects.get()
    assert len(body["token"]) >= 40
    assert body["token"] not in session.token_digest


def test_a_known_email_address_chats_as_its_existing_contact(visitor: Visitor) -> None:
    known = ContactFactory(name="Vera V.", email="Vera@Visitor.example")

    visitor.start()

    assert Ticket.objects.get().customer == known


def test_the_visitor_says_more_and_reads_the_agents_answer_but_never_internal_notes(
    visitor: Visitor, alice: object
) -> None:
    visitor.start()
    ticket = Ticket.objects.get()

    said = visitor.say("Order 1234, shipped to Berlin.")
    ticket_add_note(ticket_id=ticket.pk, author=alice, body="Courier is DHL, internal.")  # type: ignore[arg-type]
    ticket_reply(ticket_id=ticket.pk, author=alice, body="Let me check that for you.")  # type: ignore[arg-type]

    assert said.status_code == 201
    assert said.json()["messages"][-1]["text"] == "Order 1234, shipped to Berlin."
    lines = visitor.read().json()["messages"]
    assert [(line["from"], line["author"], line["text"]) for line in lines] == [
        ("visitor", "Vera Visitor", "My order 1234 has not arrived."),
        ("visitor", "Vera Visitor", "Order 1234, shipped to Berlin."),
        ("agent", "Alice", "Let me check that for you."),
    ]
    assert Message.objects.filter(kind=MessageKind.REPLY, channel=Channel.CHAT).count() == 2  # the visitor's lines
    after = visitor.read(after=lines[1]["id"]).json()["messages"]
    assert [line["text"] for line in after] == ["Let me check that for you."]


@pytest.mark.parametrize(
    ("text", "status", "code"),
    [("", 422, "text_required"), ("   \n ", 422, "text_required"), ("x" * 5001, 413, "text_too_long")],
)
def test_an_empty_or_oversize_message_is_refused_and_nothing_is_written(
    visitor: Visitor, text: str, status: int, code: str
) -> None:
    visitor.start()
    before = Message.objects.count()

    response = visitor.say(text)

    assert (response.status_code, response.json()["code"]) == (status, code)
    assert response["Access-Control-Allow-Origin"] == SHOP  # the widget can read the refusal
    assert Message.objects.count() == before


def test_a_message_of_exactly_the_limit_is_taken(visitor: Visitor) -> None:
    visitor.start()

    assert visitor.say("x" * 5000).status_code == 201


@pytest.mark.parametrize(
    ("given", "code"),
    [
        ({"message": ""}, "text_required"),
        ({"message": "y" * 5001}, "text_too_long"),
        ({"email": "not-an-address"}, "email_invalid"),
        ({"name": " "}, "name_required"),
    ],
)
def test_a_start_that_is_refused_leaves_no_ticket_and_no_contact(
    visitor: Visitor, given: dict[str, str], code: str
) -> None:
    response = visitor.start(**given)

    assert response.status_code in (413, 422)
    assert response.json()["code"] == code
    assert not Ticket.objects.exists()
    assert not ChatSession.objects.exists()


def test_a_body_that_is_not_a_json_object_is_refused_clearly(visitor: Visitor) -> None:
    response = visitor.post(visitor.url("start/"), b"name=Vera")

    assert response.status_code == 422
    assert response.json() == {"code": "invalid_input", "message": "The request must be a JSON object."}


def test_an_unknown_token_or_another_widgets_token_opens_nothing(
    client: Client, visitor: Visitor, widget: ChatWidget
) -> None:
    visitor.start()
    other = ChatWidget.objects.create(name="Other", allowed_origins=SHOP)
    stranger = Visitor(client, other)
    stranger.token = visitor.token

    assert stranger.read().status_code == 404
    visitor.token = "guessed"
    assert visitor.read().status_code == 404
    assert visitor.say("hello").status_code == 404


def test_an_unknown_or_inactive_widget_is_not_found(client: Client, widget: ChatWidget) -> None:
    widget.active = False
    widget.save()

    response = Visitor(client, widget).start()

    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


def test_an_ended_chat_takes_no_more_messages(visitor: Visitor, alice: object) -> None:
    visitor.start()
    ticket_reply(ticket_id=Ticket.objects.get().pk, author=alice, body="Sorted!")  # type: ignore[arg-type]

    ended = visitor.post(visitor.session_url("end/"), {})
    refused = visitor.say("One more thing")

    assert ended.json()["state"] == ChatState.ENDED
    assert (refused.status_code, refused.json()["code"]) == (409, "chat_ended")
    assert "email" in refused.json()["message"]


# --- CORS -----------------------------------------------------------------------------------------


def test_an_allowed_origin_gets_its_own_origin_back_and_vary(visitor: Visitor) -> None:
    response = visitor.start()

    assert response["Access-Control-Allow-Origin"] == SHOP
    assert "Origin" in response["Vary"]
    assert "Access-Control-Allow-Credentials" not in response  # no cookies: the token is the credential


def test_an_origin_is_matched_whatever_its_case_and_trailing_slash(client: Client, widget: ChatWidget) -> None:
    assert Visitor(client, widget, origin="HTTP://LOCALHOST:8080").start().status_code == 201


@pytest.mark.parametrize(
    "origin", ["https://evil.example", "https://shop.example.evil.example", "http://shop.example", ""]
)
def test_another_origin_is_refused_with_a_clear_message_and_no_cors_headers(
    client: Client, widget: ChatWidget, origin: str
) -> None:
    response = Visitor(client, widget, origin=origin).start()

    assert response.status_code == 403
    assert response.json() == {"code": "origin_refused", "message": "This website may not use this chat."}
    assert "Access-Control-Allow-Origin" not in response
    assert not Ticket.objects.exists()


def test_a_preflight_from_an_allowed_origin_names_the_methods_and_headers(client: Client, widget: ChatWidget) -> None:
    response = client.options(
        f"/chat/api/{widget.key}/start/",
        headers={
            "Origin": SHOP,
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "content-type",
        },
    )

    assert response.status_code == 204
    assert response["Access-Control-Allow-Origin"] == SHOP
    assert response["Access-Control-Allow-Methods"] == "POST, OPTIONS"
    assert response["Access-Control-Allow-Headers"] == "Content-Type"
    assert int(response["Access-Control-Max-Age"]) > 0


def test_a_preflight_from_another_origin_is_refused(client: Client, widget: ChatWidget) -> None:
    response = client.options(
        f"/chat/api/{widget.key}/start/",
        headers={"Origin": "https://evil.example", "Access-Control-Request-Method": "POST"},
    )

    assert response.status_code == 403
    assert "Access-Control-Allow-Origin" not in response


def test_a_method_the_endpoint_does_not_take_is_refused(visitor: Visitor) -> None:
    response = visitor.get(visitor.url("start/"))

    assert response.status_code == 405
    assert response["Access-Control-Allow-Origin"] == SHOP


def test_the_event_stream_speaks_server_sent_events_to_the_allowed_origin(visitor: Visitor) -> None:
    visitor.start()

    response = visitor.get(visitor.session_url("events/"))

    assert response.status_code == 200
    assert response["Content-Type"] == "text/event-stream"
    assert response["Access-Control-Allow-Origin"] == SHOP
    assert next(iter(cast(Iterator[bytes], response.streaming_content))).startswith(b"retry:")
    response.close()


# --- the script ------------------------------------------------------------------------------------


def test_the_widget_script_carries_its_words_in_the_visitors_language(client: Client) -> None:
    english = client.get("/chat/widget.js")
    german = client.get("/chat/widget.js", headers={"Accept-Language": "de"})

    assert english["Content-Type"].startswith("text/javascript")
    text = english.content.decode()
    assert text.startswith("var TEXT = ")
    assert json.loads(text.splitlines()[0][len("var TEXT = ") : -1])["launcher"] == "Chat with us"
    assert "attachShadow" in text
    assert json.loads(german.content.decode().splitlines()[0][len("var TEXT = ") : -1])["launcher"] != "Chat with us"


def test_a_session_stays_one_to_one_with_its_ticket(visitor: Visitor) -> None:
    visitor.start()
    visitor.say("Hello?")

    assert ChatSession.objects.get().ticket == Ticket.objects.get()
