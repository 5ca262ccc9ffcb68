"""POST /hooks/calls/: signed call events from a telephony system, their refusals, and their effects
on tickets (a note when an answered call ends, a call-back ticket when one is missed)."""

import json
import logging
import time
from typing import Any

import pytest
from django.test import Client

from dispatchdesk.accounts.models import User
from dispatchdesk.common import live
from dispatchdesk.common.signing import signature
from dispatchdesk.intake.models import Call, CallSource
from dispatchdesk.notifications.confirmation import confirmation_draft
from dispatchdesk.notifications.models import OutboundEmail
from dispatchdesk.tickets.models import Channel, EventKind, MessageKind, Status, Ticket
from tests.factories import ContactFactory, TicketFactory
from tests.intake.phone.calls import SECRET, event, post_call

pytestmark = pytest.mark.django_db


# --- refusals: nothing is recorded, and each is logged -------------------------------------------------


def test_an_event_signed_with_a_wrong_secret_is_refused_and_logged(
    client: Client, pbx: CallSource, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.WARNING):
        response = post_call(client, event("c1", "missed"), secret="guessed")

    assert response.status_code == 401
    assert response.json()["code"] == "unauthorized"
    assert not Call.objects.exists()
    assert "call event refused" in caplog.text


def test_an_event_without_a_signature_or_with_a_changed_body_is_refused(client: Client, pbx: CallSource) -> None:
    unsigned = client.post("/hooks/calls/", json.dumps(event("c1", "missed")), content_type="application/json")
    body = json.dumps(event("c1", "missed")).encode()
    header = signature(secret=SECRET, timestamp=int(time.time()), body=body)  # the header of one body ...
    forged = client.post(  # ... on another
        "/hooks/calls/",
        json.dumps(event("c2", "missed")),
        content_type="application/json",
        headers={"X-Dispatchdesk-Signature": header},
    )

    assert (unsigned.status_code, forged.status_code) == (401, 401)
    assert not Call.objects.exists()


def test_an_inactive_source_takes_no_events(client: Client, pbx: CallSource) -> None:
    CallSource.objects.filter(pk=pbx.pk).update(active=False)

    assert post_call(client, event("c1", "missed")).status_code == 401


@pytest.mark.parametrize("age", [-310, 310, 3600])
def test_an_old_or_future_signature_is_refused_as_a_replay(client: Client, pbx: CallSource, age: int) -> None:
    response = post_call(client, event("c1", "missed"), at=time.time() - age)

    assert response.status_code == 401
    assert response.json()["code"] == "stale_signature"
    assert not Call.objects.exists()


def test_an_unknown_event_is_refused_with_a_message(client: Client, pbx: CallSource) -> None:
    response = post_call(client, event("c1", "transferred"))

    assert response.status_code == 400
    assert response.json() == {
        "code": "invalid_call_event",
        "message": "Unknown event 'transferred': it must be ringing, answered, ended or missed.",
    }
    assert not Call.objects.exists()


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ([1, 2], "not a JSON object"),
        (event("", "missed"), "call_id must be text"),
        (event("c1", "missed", at="yesterday"), "at must be a moment"),
        (event("c1", "missed", at="2026-12-03T14:05:00"), "with its time zone"),
        (event("c1", "ended", duration=-4), "duration must be a whole number"),
        (event("c1", "ended", duration="4 min"), "duration must be a whole number"),
        ({"call_id": "c1", "event": "missed", "at": "2026-12-03T14:05:00Z"}, "from must be text"),
    ],
)
def test_a_malformed_event_is_refused_and_says_why(client: Client, pbx: CallSource, body: object, message: str) -> None:
    response = post_call(client, body)

    assert response.status_code == 400
    assert message in response.json()["message"]
    assert not Call.objects.exists()
    assert not Ticket.objects.exists()


def test_a_body_that_is_not_json_is_refused(client: Client, pbx: CallSource) -> None:
    response = post_call(client, None, raw=b"call_id=c1&event=missed")

    assert (response.status_code, response.json()["code"]) == (400, "invalid_call_event")


# --- missed calls: one call-back ticket per caller while it is open -------------------------------------


def test_a_missed_call_from_a_known_contact_opens_a_call_back_ticket_through_the_front_door(
    client: Client, pbx: CallSource
) -> None:
    carla = ContactFactory(name="Carla Vip", email="carla@vip.example", phone="+49 30 1234567")

    response = post_call(client, event("c1", "missed", **{"from": "+49301234567"}))

    assert response.status_code == 200
    ticket = Ticket.objects.get()
    assert response.json() == {"call_id": "c1", "event": "missed", "duplicate": False, "ticket": ticket.number}
    assert (ticket.customer, ticket.channel) == (carla, Channel.PHONE)
    assert ticket.subject == "Call back Carla Vip (+49 30 1234567)"
    assert "Missed call from +49 30 1234567" in ticket.description
    assert EventKind.ROUTED in ticket.timeline.values_list("kind", flat=True)
    assert OutboundEmail.objects.filter(ticket=ticket, kind="confirmation").exists()


def test_a_missed_call_from_an_unknown_number_opens_a_ticket_for_a_new_contact_named_by_it(
    client: Client, pbx: CallSource
) -> None:
    post_call(client, event("c1", "missed", **{"from": "+44 20 7946 0958"}))

    ticket = Ticket.objects.select_related("customer").get()
    assert (ticket.customer.name, ticket.customer.phone) == ("+442079460958", "+442079460958")
    assert ticket.subject == "Call back +44 20 7946 0958"
    # The contact's email is a stand-in no mail is sent to.
    assert ticket.customer.email.endswith("@phone.invalid")
    assert confirmation_draft(ticket) is None


def test_a_second_missed_call_while_the_call_back_ticket_is_open_is_a_note_on_it(
    client: Client, pbx: CallSource
) -> None:
    post_call(client, event("c1", "missed"))
    post_call(client, event("c2", "missed", at="2026-12-03T14:20:00Z"))

    ticket = Ticket.objects.get()
    notes = ticket.messages.filter(kind=MessageKind.NOTE)
    assert [note.body for note in notes] == ["<p>Another missed call from +49 30 1234567.</p>"]
    assert set(Call.objects.values_list("ticket", flat=True)) == {ticket.pk}


def test_a_missed_call_after_the_call_back_ticket_was_resolved_opens_a_new_one(client: Client, pbx: CallSource) -> None:
    post_call(client, event("c1", "missed"))
    Ticket.objects.update(status=Status.RESOLVED)

    post_call(client, event("c2", "missed"))

    assert Ticket.objects.count() == 2
    assert Ticket.objects.get(status=Status.NEW).customer == Ticket.objects.get(status=Status.RESOLVED).customer


def test_a_missed_call_from_a_withheld_number_is_recorded_without_a_ticket(client: Client, pbx: CallSource) -> None:
    response = post_call(client, event("c1", "missed", **{"from": "anonymous"}))

    assert response.status_code == 200
    assert Call.objects.get().caller == "anonymous"
    assert not Ticket.objects.exists()


# --- idempotence -------------------------------------------------------------------------------------------


def test_the_same_event_posted_twice_counts_once(client: Client, pbx: CallSource) -> None:
    first = post_call(client, event("c1", "missed"))
    again = post_call(client, event("c1", "missed"))

    assert first.json()["duplicate"] is False
    assert again.status_code == 200
    assert again.json()["duplicate"] is True
    assert again.json()["ticket"] == first.json()["ticket"]
    assert Ticket.objects.count() == 1
    assert not Ticket.objects.get().messages.filter(kind=MessageKind.NOTE).exists()


def test_the_same_call_id_from_another_source_is_another_call(client: Client, pbx: CallSource) -> None:
    CallSource.objects.create(name="other")

    post_call(client, event("c1", "missed"))
    post_call(client, event("c1", "ringing"), secret="other-secret")

    assert Call.objects.count() == 2


# --- answered and ended: the call is noted on the caller's most recent open ticket ------------------------


def test_an_answered_call_that_ends_is_noted_on_the_callers_most_recent_open_ticket(
    client: Client, pbx: CallSource, alice: User
) -> None:
    carla = ContactFactory(name="Carla Vip", email="carla@vip.example", phone="+49 30 1234567")
    TicketFactory(customer=carla, subject="Older")
    recent = TicketFactory(customer=carla, subject="Printer jams")
    TicketFactory(customer=carla, subject="Closed", status=Status.CLOSED)

    post_call(client, event("c1", "ringing", agent="alice", at="2026-12-03T14:00:00Z"))
    post_call(client, event("c1", "answered", agent="alice", at="2026-12-03T14:00:10Z"))
    response = post_call(client, event("c1", "ended", at="2026-12-03T14:05:10Z"))

    assert response.json()["ticket"] == recent.number
    note = recent.messages.get(kind=MessageKind.NOTE)
    assert note.body == "<p>Phone call with +49 30 1234567, answered by Alice Agent: 5 minutes.</p>"
    assert note.author is None
    assert recent.timeline.filter(kind=EventKind.NOTE, public=False, actor_label="pbx").exists()
    call = Call.objects.get()
    assert (call.agent, call.duration_seconds, call.contact) == (alice, 300, carla)


def test_the_sources_duration_wins_and_an_agent_may_be_named_by_email(
    client: Client, pbx: CallSource, alice: User, settings: Any
) -> None:
    settings.DISPATCHDESK_PHONE_REGION = "DE"
    carla = ContactFactory(phone="030 1234567")  # typed by staff in national form, as said in Germany
    ticket = TicketFactory(customer=carla)
    alice.email = "alice@desk.example"
    alice.save()

    post_call(client, event("c1", "answered", agent="ALICE@desk.example"))
    post_call(client, event("c1", "ended", duration=4000))

    assert "answered by Alice Agent: 1 hour, 7 minutes" in ticket.messages.get().body


def test_an_ended_call_of_a_caller_without_an_open_ticket_leaves_no_trace_on_tickets(
    client: Client, pbx: CallSource
) -> None:
    ContactFactory(phone="+49301234567")

    post_call(client, event("c1", "answered"))
    response = post_call(client, event("c1", "ended", duration=60))

    assert response.json()["ticket"] is None
    assert not Ticket.objects.exists()
    assert Call.objects.get().duration_seconds == 60


def test_a_call_that_ends_unanswered_is_not_noted(client: Client, pbx: CallSource) -> None:
    TicketFactory(customer=ContactFactory(phone="+49301234567"))

    post_call(client, event("c1", "ringing"))
    post_call(client, event("c1", "ended"))

    assert not Ticket.objects.get().messages.exists()


# --- ringing and answered: the agent's pages hear of it ----------------------------------------------------


@pytest.mark.django_db(transaction=True)  # each request commits, as in production, and its page is told then
def test_ringing_and_answered_tell_the_named_agents_pages_only(
    client: Client, pbx: CallSource, alice: User, mallory: User
) -> None:
    alices_page = live.hub.subscribe({live.user_topic(alice.pk)})
    mallorys_page = live.hub.subscribe({live.user_topic(mallory.pk)})
    try:
        post_call(client, event("c1", "ringing", agent="alice"))
        post_call(client, event("c1", "answered", agent="alice"))

        call = Call.objects.get()
        heard = [alices_page.next(timeout=1), alices_page.next(timeout=1)]
        assert [(m.kind, m.data) for m in heard if m] == [
            ("call", {"id": call.pk, "event": "ringing"}),
            ("call", {"id": call.pk, "event": "answered"}),
        ]
        assert mallorys_page.next(timeout=0.05) is None
    finally:
        live.hub.unsubscribe(alices_page)
        live.hub.unsubscribe(mallorys_page)


def test_an_unknown_agent_is_logged_and_the_call_still_recorded(
    client: Client, pbx: CallSource, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.WARNING):
        response = post_call(client, event("c1", "answered", agent="nobody"))

    assert response.status_code == 200
    assert Call.objects.get().agent is None
    assert "unknown agent 'nobody'" in caplog.text
