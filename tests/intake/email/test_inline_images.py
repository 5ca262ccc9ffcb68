"""An email's inline image shows where its sender put it, through the attachment route the reader may
use: the agents' on the agent page, the ticket's link on the customer's page. It is fetched from there."""

import pytest
from django.test import Client

from dispatchdesk.accounts.models import User
from dispatchdesk.intake.channels.email.receive import email_receive
from dispatchdesk.intake.models import Mailbox
from dispatchdesk.tickets.models import Attachment, Ticket
from tests.conftest import login
from tests.intake.email.conftest import eml

pytestmark = pytest.mark.django_db


@pytest.fixture
def emailed(db: None) -> tuple[Ticket, Attachment]:
    """Jonas's email with its screenshot pasted into the text (Gmail's multipart/related)."""
    mailbox = Mailbox.objects.create(
        name="Support", address="support@dispatchdesk.localhost", host="imap.example", username="s", password_env="X"
    )
    row = email_receive(mailbox=mailbox, raw=eml("gmail-inline-image.eml"))
    assert row.ticket is not None
    return row.ticket, Attachment.objects.get(message__ticket=row.ticket)


def test_the_agent_page_shows_the_image_in_the_text_and_not_again_among_the_files(
    client: Client, bob: User, emailed: tuple[Ticket, Attachment]
) -> None:
    ticket, image = emailed
    href = f"/agent/attachments/{image.token}/"

    page = login(client, bob).get(f"/agent/tickets/{ticket.pk}/").content.decode()

    body = page.split('class="message-body">', 1)[1].split("</div>", 1)[0]
    assert f'<img src="{href}" alt="display.png"' in body
    assert "cid:" not in page
    assert page.count(href) == 1  # not listed again under the text
    assert client.get(href).status_code == 200


def test_the_customers_page_shows_it_through_the_tickets_link(
    client: Client, emailed: tuple[Ticket, Attachment]
) -> None:
    ticket, image = emailed
    href = f"/t/{ticket.access_key}/attachments/{image.token}/"

    page = client.get(f"/t/{ticket.access_key}/").content.decode()

    assert f'<img src="{href}" alt="display.png"' in page
    assert page.count(href) == 1
    assert client.get(href)["Content-Type"] == "image/png"


def test_a_cid_naming_no_file_of_the_message_shows_nothing(client: Client, bob: User) -> None:
    mailbox = Mailbox.objects.create(
        name="Support", address="support@dispatchdesk.localhost", host="imap.example", username="s", password_env="X"
    )
    raw = eml("gmail-inline-image.eml").replace(b"cid:ii_lq2x7k0a0", b"cid:someone-elses-image")
    row = email_receive(mailbox=mailbox, raw=raw)
    assert row.ticket is not None

    page = login(client, bob).get(f"/agent/tickets/{row.ticket.pk}/").content.decode()

    image = Attachment.objects.get(message__ticket=row.ticket)
    assert "someone-elses-image" not in page
    assert page.count(f"/agent/attachments/{image.token}/") == 2  # listed as a file: its link and thumbnail
