"""What the chat does over time: live announcements, the agent's answer ending the wait, the sweep
that turns an unanswered chat into an email ticket, and the visitor who leaves."""

from datetime import timedelta

import pytest
import time_machine
from django.test import Client

from dispatchdesk.accounts.models import User
from dispatchdesk.common import clock, live
from dispatchdesk.intake.channels.chat.services import chat_sweep, chat_topic
from dispatchdesk.intake.channels.chat.tasks import run_chat_sweep
from dispatchdesk.intake.models import ChatSession, ChatState
from dispatchdesk.notifications.models import OutboundEmail
from dispatchdesk.tickets.models import Channel, MessageKind, Ticket
from dispatchdesk.tickets.services.conversation import ticket_reply
from tests.conftest import Capture, Inbox
from tests.intake.chat.conftest import Visitor

pytestmark = pytest.mark.django_db


@pytest.fixture
def delivered(monkeypatch: pytest.MonkeyPatch) -> list[live.LiveMessage]:
    """Every live message this process delivers to its pages (whatever the ticket's id)."""
    heard: list[live.LiveMessage] = []
    deliver = live.hub.deliver

    def record(message: live.LiveMessage) -> None:
        heard.append(message)
        deliver(message)

    monkeypatch.setattr(live.hub, "deliver", record)
    return heard


def chat_events(delivered: list[live.LiveMessage]) -> list[dict[str, object]]:
    return [message.data | {"topics": sorted(message.topics)} for message in delivered if message.kind == "chat"]


@pytest.mark.django_db(transaction=True)  # each step commits, as each request does
def test_every_line_from_either_side_is_announced_to_the_chat_and_the_ticket(
    visitor: Visitor, alice: User, delivered: list[live.LiveMessage]
) -> None:
    visitor.start()
    session = ChatSession.objects.get()
    said = visitor.say("Hello?").json()["messages"][-1]["id"]
    answer = ticket_reply(ticket_id=session.ticket_id, author=alice, body="Hi Vera!")

    events = chat_events(delivered)

    topics = sorted({chat_topic(session.pk), live.ticket_topic(session.ticket_id)})
    assert [(event["message"], event["topics"]) for event in events] == [
        (None, topics),  # the chat opened
        (said, topics),
        (answer.pk, topics),
    ]
    assert all(event["ticket"] == session.ticket_id and event["state"] == "open" for event in events)
    assert {event["id"] for event in events} == {session.pk}


def test_an_agents_answer_ends_the_wait_and_the_visitors_next_line_starts_it_again(
    visitor: Visitor, alice: User
) -> None:
    visitor.start()
    session = ChatSession.objects.get()
    assert session.waiting_since is not None

    ticket_reply(ticket_id=session.ticket_id, author=alice, body="Looking into it.")
    assert ChatSession.objects.get().waiting_since is None

    with time_machine.travel(clock.now() + timedelta(minutes=1)):
        visitor.say("Thanks")
    waiting_since = ChatSession.objects.get().waiting_since
    assert waiting_since is not None
    assert waiting_since > session.started_at


def test_while_the_visitor_chats_an_agents_answer_is_not_emailed_but_after_the_chat_it_is(
    visitor: Visitor, alice: User
) -> None:
    visitor.start()
    ticket = Ticket.objects.get()

    ticket_reply(ticket_id=ticket.pk, author=alice, body="In the chat.")
    assert not OutboundEmail.objects.filter(kind="reply").exists()

    visitor.post(visitor.session_url("end/"), {})
    ticket_reply(ticket_id=ticket.pk, author=alice, body="After the chat.")
    assert OutboundEmail.objects.filter(kind="reply").count() == 1


def test_a_chat_nobody_answers_in_time_falls_back_to_email_with_a_note_and_the_channel_kept(
    visitor: Visitor, smtp: Inbox, immediate_tasks: None, django_capture_on_commit_callbacks: Capture
) -> None:
    visitor.start()
    session = ChatSession.objects.get()
    minutes = 5

    with time_machine.travel(clock.now() + timedelta(minutes=minutes) - timedelta(seconds=5)):
        early = chat_sweep()
    with (
        time_machine.travel(clock.now() + timedelta(minutes=minutes, seconds=1)),
        django_capture_on_commit_callbacks(execute=True),
    ):
        late = chat_sweep()
        again = chat_sweep()

    assert early == {"fallen_back": 0, "ended": 0}
    assert late == {"fallen_back": 1, "ended": 0}
    assert again == {"fallen_back": 0, "ended": 0}  # the sweep may run twice: one email, one note
    session.refresh_from_db()
    assert session.state == ChatState.FALLEN_BACK
    assert session.ended_at is not None
    ticket = Ticket.objects.get()
    assert ticket.channel == Channel.CHAT
    notes = list(ticket.messages.filter(kind=MessageKind.NOTE).values_list("body", flat=True))
    assert len(notes) == 1
    assert "Nobody answered the chat within 5 minutes" in notes[0]
    fallback = [mail for mail in smtp.messages if "We will answer by email" in str(mail["Subject"])]
    assert len(fallback) == 1
    assert fallback[0]["To"] == "vera@visitor.example"
    plain = fallback[0].get_body(preferencelist=("plain",))
    assert plain is not None
    assert f"your request {ticket.number} by email" in plain.get_content()


def test_the_fallback_time_is_a_setting(visitor: Visitor, settings: object) -> None:
    settings.DISPATCHDESK_CHAT_FALLBACK_MINUTES = 1  # type: ignore[attr-defined]
    visitor.start()

    with time_machine.travel(clock.now() + timedelta(seconds=61)):
        assert chat_sweep()["fallen_back"] == 1


def test_an_answered_chat_does_not_fall_back_however_long_the_visitor_reads(visitor: Visitor, alice: User) -> None:
    visitor.start()
    ticket_reply(ticket_id=Ticket.objects.get().pk, author=alice, body="Here you go.")

    with time_machine.travel(clock.now() + timedelta(minutes=20)):
        assert chat_sweep() == {"fallen_back": 0, "ended": 0}
    with time_machine.travel(clock.now() + timedelta(minutes=31)):
        assert chat_sweep() == {"fallen_back": 0, "ended": 1}  # silent for the idle time: it ends, no email
    assert ChatSession.objects.get().state == ChatState.ENDED
    assert not OutboundEmail.objects.filter(kind="chat-fallback").exists()


def test_a_visitor_who_leaves_unanswered_gets_the_email_at_once(visitor: Visitor) -> None:
    visitor.start()

    response = visitor.post(visitor.session_url("end/"), {})
    second = visitor.post(visitor.session_url("end/"), {})

    assert response.json()["state"] == ChatState.FALLEN_BACK
    assert second.json()["state"] == ChatState.FALLEN_BACK
    assert OutboundEmail.objects.filter(kind="chat-fallback").count() == 1
    note = Ticket.objects.get().messages.get(kind=MessageKind.NOTE)
    assert "left the chat before anyone answered" in note.body


def test_the_worker_task_runs_the_sweep(visitor: Visitor, immediate_tasks: None) -> None:
    visitor.start()

    with time_machine.travel(clock.now() + timedelta(minutes=6)):
        result = run_chat_sweep.enqueue()

    assert result.return_value == {"fallen_back": 1, "ended": 0}


def test_after_the_fallback_the_visitor_reads_the_state_and_may_not_write(client: Client, visitor: Visitor) -> None:
    visitor.start()
    with time_machine.travel(clock.now() + timedelta(minutes=6)):
        chat_sweep()

    assert visitor.read().json()["state"] == "fallen_back"
    assert visitor.say("Anyone?").status_code == 409
