"""Our emails open with "reply above this line"; an answer is cut there on import, whatever the
client's quoting looks like, in the customer's language, in text and in HTML."""

from email.message import EmailMessage

import pytest

from dispatchdesk.accounts.models import User
from dispatchdesk.intake.channels.email.adapter import trimmed
from dispatchdesk.intake.channels.email.receive import email_receive
from dispatchdesk.intake.models import InboundState, Mailbox
from dispatchdesk.tickets.models import Channel, MessageKind, Ticket
from dispatchdesk.tickets.services import ticket_reply
from tests.conftest import Capture, Inbox

pytestmark = pytest.mark.usefixtures("immediate_tasks")


@pytest.fixture
def mailbox(db: None, settings: object) -> Mailbox:
    settings.DEFAULT_FROM_EMAIL = "support@dispatchdesk.localhost"  # type: ignore[attr-defined]
    return Mailbox.objects.create(
        name="Support", address="support@dispatchdesk.localhost", host="imap.example", username="s", password_env="X"
    )


def our_reply(ticket: Ticket, agent: User, smtp: Inbox, capture: Capture) -> EmailMessage:
    with capture(execute=True):
        ticket_reply(ticket_id=ticket.pk, author=agent, body="Please restart the router.")
    return smtp.messages[-1]


def answer(ours: EmailMessage, *, html: bool, new_text: str, transform: str = "") -> bytes:
    """The customer's answer from a client we know nothing of: its own attribution, its own quoting."""
    part = ours.get_body(preferencelist=("html",) if html else ("plain",))
    assert part is not None
    quoted = part.get_content()
    if html:
        quoted = quoted.replace("ü", "&uuml;") if transform == "entities" else quoted
        body = f"<div>{new_text}</div><div>Le jeu. 3 déc. 2026 à 09:40, le support a écrit :</div><blockquote>{quoted}</blockquote>"
    else:
        body = f"{new_text}\n\nLe jeu. 3 déc. 2026 à 09:40, le support a écrit :\n\n{quoted}"  # not "> "-quoted
    reply = EmailMessage()
    reply["From"], reply["To"] = "Carol Customer <carol@customer.example>", "support@dispatchdesk.localhost"
    reply["Subject"], reply["In-Reply-To"] = f"Re: {ours['Subject']}", ours["Message-ID"]
    reply["Message-ID"] = f"<answer-{html}-{transform}@customer.example>"
    reply.set_content(body, subtype="html" if html else "plain")
    return reply.as_bytes()


@pytest.mark.parametrize(
    "variant", [("en", False, ""), ("de", False, ""), ("en", True, ""), ("de", True, "entities")], ids=str
)
@pytest.mark.usefixtures("mailbox")
def test_an_answer_to_our_email_keeps_only_what_was_written_above_the_marker(
    carols_ticket: Ticket,
    alice: User,
    smtp: Inbox,
    django_capture_on_commit_callbacks: Capture,
    variant: tuple[str, bool, str],
) -> None:
    language, html, transform = variant
    carols_ticket.customer.language = language
    carols_ticket.customer.save()
    ours = our_reply(carols_ticket, alice, smtp, django_capture_on_commit_callbacks)

    row = email_receive(
        mailbox=Mailbox.objects.get(), raw=answer(ours, html=html, new_text="It works again.", transform=transform)
    )

    assert row.state == InboundState.REPLY
    reply = carols_ticket.messages.get(kind=MessageKind.REPLY, channel=Channel.EMAIL)
    assert "It works again." in reply.body
    assert "restart the router" not in reply.body
    assert "replied to your request" not in reply.body
    assert "auf Ihre Anfrage" not in reply.body
    # An unknown client's own attribution line sits above the marker and stays (decision 0028).


def test_text_only_under_the_marker_is_kept_whole() -> None:
    body = "> ## Please type your reply above this line ##\n> Old text\n\nMy answer below the quote."

    assert trimmed(body, is_html=False) == "My answer below the quote."


def test_a_marker_in_a_line_wrapped_quote_still_cuts() -> None:
    body = "New text.\n\n> ## Please type your reply above\n> this line ##\n> Old"

    assert trimmed(body, is_html=False) == "New text."
