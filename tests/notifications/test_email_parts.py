"""Every email goes out as multipart/alternative: a plain-text part and an HTML part made from the same
paragraphs, read here from what a real SMTP server (aiosmtpd) received."""

from email.message import EmailMessage

import pytest

from dispatchdesk.accounts.models import User
from dispatchdesk.intake.models import Mailbox
from dispatchdesk.intake.services import ticket_submit
from dispatchdesk.tickets.models import Channel, Ticket
from dispatchdesk.tickets.services import ticket_assign, ticket_reply
from tests.conftest import Capture, Inbox
from tests.factories import ContactFactory

pytestmark = pytest.mark.usefixtures("immediate_tasks")

MARKER = "## Please type your reply above this line ##"


def parts(mail: EmailMessage) -> tuple[str, str]:
    """(the plain text, the HTML) of a multipart/alternative email; fails on any other shape."""
    assert mail.get_content_type() == "multipart/alternative"
    plain, html = (part for part in mail.iter_parts())
    assert (plain.get_content_type(), html.get_content_type()) == ("text/plain", "text/html")
    return plain.get_content(), html.get_content()


@pytest.fixture
def mailbox(db: None) -> Mailbox:
    return Mailbox.objects.create(
        name="Support", address="support@dispatchdesk.localhost", host="imap.example", username="s", password_env="X"
    )


def test_a_reply_has_both_parts_with_the_desk_the_number_the_link_and_sanitised_html(
    carols_ticket: Ticket, alice: User, smtp: Inbox, settings: object, django_capture_on_commit_callbacks: Capture
) -> None:
    settings.DISPATCHDESK_DESK_NAME = "ACME Service Desk"  # type: ignore[attr-defined]
    body = '<p>Please <b>restart</b> the router.</p><script>alert("x")</script><img src="https://t.example/p.gif">'

    with django_capture_on_commit_callbacks(execute=True):
        ticket_reply(ticket_id=carols_ticket.pk, author=alice, body=body, is_html=True)

    plain, html = parts(smtp.messages[-1])
    link = f"/t/{carols_ticket.access_key}/"
    assert "Please restart the router." in plain
    assert "<b>" not in plain
    assert link in plain
    assert "<b>restart</b>" in html
    assert "<script" not in html
    assert "t.example" not in html  # no remote images: nothing tracks the reader
    assert "ACME Service Desk" in html
    assert f"Request {carols_ticket.number}" in html
    assert f'href="http://127.0.0.1:8000{link}"' in html
    assert MARKER not in plain + html  # no mailbox: the answer goes through the page


def test_with_a_mailbox_both_parts_open_with_the_reply_marker_in_the_customers_language(
    carols_ticket: Ticket, alice: User, smtp: Inbox, mailbox: Mailbox, django_capture_on_commit_callbacks: Capture
) -> None:
    carols_ticket.customer.language = "de"
    carols_ticket.customer.save()

    with django_capture_on_commit_callbacks(execute=True):
        ticket_reply(ticket_id=carols_ticket.pk, author=alice, body="Bitte neu starten.")

    plain, html = parts(smtp.messages[-1])
    german = "## Bitte schreiben Sie Ihre Antwort über dieser Zeile ##"
    assert plain.startswith(german)
    assert html.index(german) < html.index("Bitte neu starten.")
    assert f"Anfrage {carols_ticket.number}" in html


def test_an_agents_notification_has_both_parts_with_the_tickets_link(
    carols_ticket: Ticket, alice: User, bob: User, smtp: Inbox, django_capture_on_commit_callbacks: Capture
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        ticket_assign(ticket_id=carols_ticket.pk, agent_id=alice.pk, actor=bob)

    [mail] = [m for m in smtp.messages if m["To"] == alice.email]
    plain, html = parts(mail)
    assert f"/agent/tickets/{carols_ticket.pk}/" in plain
    assert f'href="http://127.0.0.1:8000/agent/tickets/{carols_ticket.pk}/"' in html
    assert MARKER not in plain + html


def test_the_confirmation_has_both_parts_with_the_number_and_the_link(
    db: None, smtp: Inbox, django_capture_on_commit_callbacks: Capture
) -> None:
    customer = ContactFactory(email="hanna@acme.example")
    with django_capture_on_commit_callbacks(execute=True):
        ticket = ticket_submit(customer=customer, subject="Printer jammed", description="Tray 2.", channel=Channel.WEB)

    [mail] = smtp.messages
    plain, html = parts(mail)
    said = f"Your request has the number {ticket.number}."
    assert said in plain
    assert said in html
    assert f'href="http://127.0.0.1:8000/t/{ticket.access_key}/"' in html
