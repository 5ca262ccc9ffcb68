"""Email in (I2) through a real Dovecot: new tickets, threaded replies, bounces, loops refused,
broken emails quarantined, and nothing flagged on the server before its ticket is committed."""

from datetime import timedelta
from typing import Any

import pytest

from dispatchdesk.accounts.models import Role
from dispatchdesk.common import clock
from dispatchdesk.common.clock import frozen_at
from dispatchdesk.customers.models import Contact, Organisation
from dispatchdesk.intake.channels.email.adapter import ticket_numbers
from dispatchdesk.intake.channels.email.poll import mailbox_poll, mailboxes_poll
from dispatchdesk.intake.channels.email.receive import email_receive, inbound_discard, inbound_retry
from dispatchdesk.intake.models import InboundEmail, InboundState, Mailbox
from dispatchdesk.intake.services import ticket_submit
from dispatchdesk.notifications.customer_mail import new_message_id, reply_address, thread_id
from dispatchdesk.tickets.models import Channel, EventKind, Message, MessageKind, Status, Ticket
from dispatchdesk.tickets.services import ticket_change_status
from tests.conftest import Capture
from tests.factories import ContactFactory, UserFactory
from tests.intake.email.conftest import eml
from tests.intake.email.dovecot import Imap

pytestmark = pytest.mark.django_db


def _ticket_for_hanna() -> Ticket:
    organisation = Organisation.objects.create(name="ACME Logistics", domain="acme-logistics.example")
    hanna = ContactFactory(email="hanna.berger@acme-logistics.example", organisation=organisation)
    return ticket_submit(customer=hanna, subject="VPN disconnects", description="Drops.", channel=Channel.WEB)


def test_a_new_email_becomes_a_routed_ticket_for_a_new_contact_in_the_domains_organisation(
    imap: Imap, mailbox: Mailbox, django_capture_on_commit_callbacks: Capture
) -> None:
    acme = Organisation.objects.create(name="ACME Logistics", domain="acme-logistics.example")
    imap.append(eml("thunderbird-new.eml"))

    with django_capture_on_commit_callbacks(execute=True):
        taken = mailbox_poll(mailbox)

    ticket = Ticket.objects.get()
    assert taken == 1
    assert ticket.channel == Channel.EMAIL
    assert ticket.subject == "VPN disconnects every 10 minutes"
    assert ticket.customer.email == "hanna.berger@acme-logistics.example"
    assert ticket.customer.name == "Hanna Berger"
    assert ticket.customer.organisation == acme
    body = ticket.messages.get().body
    assert "peer not responding" in body
    assert "Tel. +49" not in body  # the signature is trimmed; the source keeps it
    assert b"Tel. +49" in bytes(InboundEmail.objects.get(ticket=ticket).raw)
    assert imap.seen_count() == (1, 1)


def test_the_same_message_id_delivered_twice_makes_one_ticket(imap: Imap, mailbox: Mailbox) -> None:
    imap.append(eml("thunderbird-new.eml"))
    imap.append(eml("thunderbird-new.eml"))

    assert mailbox_poll(mailbox) == 2

    assert Ticket.objects.count() == 1
    assert InboundEmail.objects.count() == 1
    assert imap.seen_count() == (2, 2)


def test_a_poll_that_fails_before_commit_leaves_the_email_unseen_for_the_next(
    imap: Imap, mailbox: Mailbox, monkeypatch: pytest.MonkeyPatch
) -> None:
    imap.append(eml("thunderbird-new.eml"))
    monkeypatch.setenv("TEST_MAILBOX_PASSWORD", "wrong")

    assert mailboxes_poll() == {"taken": 0, "failed": 1}

    mailbox.refresh_from_db()
    assert "AUTHENTICATIONFAILED" in mailbox.last_error or "Authentication" in mailbox.last_error
    assert imap.seen_count() == (1, 0)
    assert not Ticket.objects.exists()


def test_an_outlook_reply_is_threaded_onto_its_ticket_by_our_message_id(imap: Imap, mailbox: Mailbox) -> None:
    ticket = _ticket_for_hanna()
    imap.append(eml("outlook-html-reply.eml", number=ticket.number))

    mailbox_poll(mailbox)

    assert Ticket.objects.count() == 1
    reply = ticket.messages.filter(kind=MessageKind.REPLY, channel=Channel.EMAIL).get()
    assert reply.channel == Channel.EMAIL
    assert reply.author_contact == ticket.customer
    assert "fixed it" in reply.body
    assert "<script" not in reply.body  # sanitised
    assert "install client version" not in reply.body  # the quoted history is trimmed
    assert InboundEmail.objects.get().state == InboundState.REPLY


def test_a_reply_without_headers_is_threaded_by_the_number_in_its_subject(mailbox: Mailbox) -> None:
    ticket = _ticket_for_hanna()
    raw = eml("outlook-html-reply.eml", number=ticket.number).replace(b"In-Reply-To:", b"X-Old-In-Reply-To:")
    raw = raw.replace(b"References:", b"X-Old-References:")

    row = email_receive(mailbox=mailbox, raw=raw)

    assert row.state == InboundState.REPLY
    assert row.ticket == ticket


def test_someone_else_naming_a_ticket_gets_a_ticket_of_their_own(mailbox: Mailbox) -> None:
    ticket = _ticket_for_hanna()
    raw = eml("outlook-html-reply.eml", number=ticket.number).replace(b"hanna.berger@", b"mallory@")

    row = email_receive(mailbox=mailbox, raw=raw)

    assert row.state == InboundState.TICKET
    assert row.ticket != ticket
    assert not ticket.messages.filter(kind=MessageKind.REPLY, channel=Channel.EMAIL).exists()


def test_an_answer_to_a_closed_ticket_opens_a_new_one(mailbox: Mailbox) -> None:
    ticket = _ticket_for_hanna()
    Ticket.objects.filter(pk=ticket.pk).update(status=Status.CLOSED)

    row = email_receive(mailbox=mailbox, raw=eml("outlook-html-reply.eml", number=ticket.number))

    assert row.state == InboundState.TICKET
    assert row.ticket != ticket
    assert row.ticket is not None
    assert row.ticket.customer == ticket.customer


def test_gmail_inline_image_is_kept_as_an_attachment(mailbox: Mailbox) -> None:
    row = email_receive(mailbox=mailbox, raw=eml("gmail-inline-image.eml"))

    message = Message.objects.get(ticket=row.ticket)
    assert list(message.attachments.values_list("filename", "content_type")) == [("display.png", "image/png")]
    assert "Jonas Keller | Facilities" not in message.body


def test_an_auto_reply_is_kept_but_neither_threaded_nor_answered(mailbox: Mailbox) -> None:
    ticket = _ticket_for_hanna()
    raw = eml("auto-reply.eml").replace(b"10001", str(ticket.number).encode())

    row = email_receive(mailbox=mailbox, raw=raw)

    assert row.state == InboundState.IGNORED
    assert row.ticket is None
    assert Ticket.objects.count() == 1
    assert not ticket.messages.filter(kind=MessageKind.REPLY, channel=Channel.EMAIL).exists()


def test_our_own_address_never_makes_a_ticket(mailbox: Mailbox) -> None:
    raw = eml("thunderbird-new.eml").replace(b"hanna.berger@acme-logistics.example", b"support@dispatchdesk.localhost")

    row = email_receive(mailbox=mailbox, raw=raw)

    assert row.state == InboundState.IGNORED
    assert not Ticket.objects.exists()


def test_a_sender_past_the_hourly_limit_is_quarantined(mailbox: Mailbox, settings: Any) -> None:
    settings.DISPATCHDESK_EMAIL_PER_SENDER_HOUR = 2
    rows = [
        email_receive(mailbox=mailbox, raw=eml("thunderbird-new.eml").replace(b"8f2c1e9a", f"id{n}".encode()))
        for n in range(3)
    ]

    assert [row.state for row in rows] == [InboundState.TICKET, InboundState.TICKET, InboundState.IGNORED]
    assert Ticket.objects.count() == 2


def test_a_bounce_becomes_an_internal_note_on_the_ticket_it_concerns(mailbox: Mailbox) -> None:
    ticket = _ticket_for_hanna()

    row = email_receive(mailbox=mailbox, raw=eml("dsn-bounce.eml", number=ticket.number))

    assert row.state == InboundState.BOUNCE
    note = ticket.messages.get(kind=MessageKind.NOTE)
    assert "hanna.berger@acme-logistics.example" in note.body
    assert note.author is None


def test_a_broken_email_is_quarantined_with_its_source_then_retried_or_discarded(imap: Imap, mailbox: Mailbox) -> None:
    raw = eml("broken-mime.eml")
    imap.append(raw)

    mailbox_poll(mailbox)

    row = InboundEmail.objects.get()
    assert row.state == InboundState.QUARANTINED
    assert bytes(row.raw) == raw
    assert not Ticket.objects.exists()
    assert imap.seen_count() == (1, 1)  # it is safe with us, so it is taken off the server's new mail
    assert inbound_retry(inbound_id=row.pk).state == InboundState.QUARANTINED
    assert inbound_discard(inbound_id=row.pk).state == InboundState.DISCARDED
    assert bytes(InboundEmail.objects.get().raw) == raw


def test_a_refused_ticket_is_quarantined_and_leaves_no_contact(mailbox: Mailbox, settings: Any) -> None:
    settings.DISPATCHDESK_MAX_BODY_LENGTH = 10

    row = email_receive(mailbox=mailbox, raw=eml("thunderbird-new.eml"))

    assert row.state == InboundState.QUARANTINED
    assert "longer than" in row.reason
    assert not Contact.objects.exists()
    assert not Ticket.objects.exists()


def test_our_message_ids_are_recognised_as_the_tickets_they_name() -> None:
    ticket = Ticket(number=10042)
    references = [thread_id(ticket), new_message_id(ticket)]

    assert ticket_numbers(references, "", domain="dispatchdesk.localhost") == [10042, 10042]
    assert ticket_numbers(["<ticket-10042@elsewhere.example>"], "Re: [#7] x", domain="dispatchdesk.localhost") == [7]


def test_our_answers_to_an_emailed_ticket_come_back_to_its_mailbox(mailbox: Mailbox) -> None:
    Mailbox.objects.create(
        name="Another", address="sales@dispatchdesk.localhost", host="imap.example", username="s", password_env="X"
    )
    mailbox.reply_to = "support+replies@dispatchdesk.localhost"
    mailbox.save()

    row = email_receive(mailbox=mailbox, raw=eml("thunderbird-new.eml"))

    assert row.ticket is not None
    assert reply_address(row.ticket) == "support+replies@dispatchdesk.localhost"


def _resolved_days_ago(ticket: Ticket, days: int) -> None:
    with frozen_at(clock.now() - timedelta(days=days)):
        ticket_change_status(ticket_id=ticket.pk, to=Status.RESOLVED, actor=UserFactory(role=Role.MANAGER))


def test_an_answer_within_the_reopen_window_reopens_the_ticket(mailbox: Mailbox) -> None:
    ticket = _ticket_for_hanna()
    _resolved_days_ago(ticket, 13)

    row = email_receive(mailbox=mailbox, raw=eml("outlook-html-reply.eml", number=ticket.number))

    ticket.refresh_from_db()
    assert (row.state, row.ticket) == (InboundState.REPLY, ticket)
    assert (ticket.is_open, ticket.reopen_count) == (True, 1)


def test_an_answer_after_the_reopen_window_opens_a_linked_follow_up(mailbox: Mailbox) -> None:
    ticket = _ticket_for_hanna()
    _resolved_days_ago(ticket, 15)

    row = email_receive(mailbox=mailbox, raw=eml("outlook-html-reply.eml", number=ticket.number))

    ticket.refresh_from_db()
    assert row.state == InboundState.TICKET
    assert row.ticket is not None
    assert row.ticket.follow_up_of == ticket
    assert row.ticket.channel == Channel.EMAIL
    assert (ticket.status, ticket.reopen_count) == (Status.RESOLVED, 0)
    assert ticket.timeline.get(kind=EventKind.FOLLOW_UP).data["number"] == row.ticket.number
