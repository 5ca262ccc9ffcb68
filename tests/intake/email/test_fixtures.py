"""Emails as real mail clients write them (tests/intake/email/fixtures/), each delivered to a real
Dovecot and taken by the poller: the right ticket, threaded, the new text only, its files, and the
inline images shown in place; a bounce, an auto-reply and a broken email handled as such."""

from dataclasses import dataclass, field

import pytest

from dispatchdesk.customers.models import Organisation
from dispatchdesk.intake.channels.email.poll import mailbox_poll
from dispatchdesk.intake.models import InboundEmail, InboundState, Mailbox
from dispatchdesk.intake.services import ticket_submit
from dispatchdesk.tickets.models import Channel, Message, MessageKind, Ticket
from dispatchdesk.tickets.templatetags.conversation import listed_attachments, message_body
from tests.factories import ContactFactory
from tests.intake.email.conftest import eml
from tests.intake.email.dovecot import Imap

pytestmark = pytest.mark.django_db


@dataclass(frozen=True)
class Case:
    fixture: str
    state: InboundState
    kept: list[str] = field(default_factory=list)  # in the conversation
    cut: list[str] = field(default_factory=list)  # quoted history, signatures, markup: not in it
    files: list[str] = field(default_factory=list)  # the message's attachments
    inline: list[str] = field(default_factory=list)  # of which shown in the text, not listed under it


CASES = [
    Case("thunderbird-new.eml", InboundState.TICKET, ["peer not responding"], ["Tel. +49", "Hanna Berger"]),
    Case(
        "thunderbird-reply.eml",
        InboundState.REPLY,
        ["stopped again at", "Viele Grüße", "Attachment not kept: vpnclient.log"],
        ["schrieb", "Bitte schreiben", "Could you send us", "Dispatch Lead"],
    ),
    Case(
        "outlook-html-reply.eml",
        InboundState.REPLY,
        ["fixed it"],
        ["install client version", "<script", "Betreff", "MsoNormal"],
    ),
    Case(
        "outlook-desktop-reply.eml",
        InboundState.REPLY,
        ["error the client shows", "Best regards"],
        ["Sent:", "Please type your reply", "Which error", "<o:p>"],
        files=["image001.png"],
        inline=["image001.png"],
    ),
    Case(
        "gmail-inline-image.eml",
        InboundState.TICKET,
        ["printer on floor 2", "Thanks, Jonas"],
        ["Jonas Keller | Facilities"],
        files=["display.png"],
        inline=["display.png"],
    ),
    Case(
        "gmail-reply.eml",
        InboundState.REPLY,
        ["stable for an hour"],
        ["wrote:", "Please update the client", "Dispatch Lead", "--"],
        files=["acme-logo.png"],  # the signature's logo: the signature is cut, so the logo is just a file
    ),
    Case(
        "apple-mail-reply.eml",
        InboundState.REPLY,
        ["forward it to purchasing", "Hanna"],
        ["wrote:", "We need the invoice", "Please type your reply"],
        files=["invoice-2026-117.pdf"],
    ),
    Case("auto-reply.eml", InboundState.IGNORED),
    Case("dsn-bounce.eml", InboundState.BOUNCE, ["hanna.berger@acme-logistics.example", "bounced"]),
    Case("broken-mime.eml", InboundState.QUARANTINED),
]


@pytest.fixture
def hannas_ticket(db: None) -> Ticket:
    organisation = Organisation.objects.create(name="ACME Logistics", domain="acme-logistics.example")
    hanna = ContactFactory(email="hanna.berger@acme-logistics.example", organisation=organisation)
    return ticket_submit(customer=hanna, subject="VPN disconnects", description="Drops.", channel=Channel.WEB)


@pytest.mark.parametrize("case", CASES, ids=[case.fixture.removesuffix(".eml") for case in CASES])
def test_a_real_clients_email_is_taken_through_dovecot(
    case: Case, imap: Imap, mailbox: Mailbox, hannas_ticket: Ticket
) -> None:
    raw = eml(case.fixture, number=hannas_ticket.number).replace(b"10001", str(hannas_ticket.number).encode())
    imap.append(raw)

    assert mailbox_poll(mailbox) == 1

    row = InboundEmail.objects.get()
    assert row.state == case.state, row.reason
    assert _lines(bytes(row.raw)) == _lines(raw)  # the source is kept (Dovecot may end lines with CRLF)
    assert imap.seen_count() == (1, 1)
    message = _the_message(row, hannas_ticket)
    if message is None:
        assert case.state in (InboundState.IGNORED, InboundState.QUARANTINED)
        assert Ticket.objects.count() == 1  # no ticket made, nothing written on Hanna's
        assert Message.objects.filter(ticket=hannas_ticket).count() == 1
        return
    for text in case.kept:
        assert text in message.body
    for text in case.cut:
        assert text not in message.body
    assert sorted(message.attachments.values_list("filename", flat=True)) == sorted(case.files)
    listed = {file.filename for file in listed_attachments(message)}
    assert listed == set(case.files) - set(case.inline)
    shown = message_body(message)
    for file in message.attachments.filter(filename__in=case.inline):
        assert f'src="/agent/attachments/{file.token}/"' in shown


def _lines(raw: bytes) -> list[bytes]:
    return raw.replace(b"\r\n", b"\n").split(b"\n")


def _the_message(row: InboundEmail, hannas_ticket: Ticket) -> Message | None:
    """What the email wrote: its new ticket's first message, or its reply or note on Hanna's ticket."""
    if row.state == InboundState.TICKET:
        assert row.ticket is not None
        assert row.ticket != hannas_ticket
        return row.ticket.messages.get()
    if row.state == InboundState.REPLY:
        assert row.ticket == hannas_ticket  # threaded by our Message-ID
        return hannas_ticket.messages.get(kind=MessageKind.REPLY, channel=Channel.EMAIL, author_contact__isnull=False)
    if row.state == InboundState.BOUNCE:
        assert row.ticket == hannas_ticket
        return hannas_ticket.messages.get(kind=MessageKind.NOTE)
    assert row.ticket is None
    return None
