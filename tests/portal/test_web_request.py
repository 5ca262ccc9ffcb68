"""The public web form (I1): a visitor writes in; the confirmation with the link goes to the address they gave."""

from typing import Any

import pytest
from django.core.cache import cache
from django.test import Client

from dispatchdesk.accounts.models import SkillGroup
from dispatchdesk.customers.models import Contact
from dispatchdesk.dispatch.services.rules import rules_publish
from dispatchdesk.tickets.models import Category, Channel, Ticket
from tests.conftest import Capture, Inbox
from tests.permissions.world import png

FORM = "/request/"


@pytest.fixture(autouse=True)
def _fresh_counters() -> None:
    cache.clear()  # the limits count in the cache, which outlives each test's transaction


def send(client: Client, **fields: Any) -> Any:
    data = {
        "name": "Vera Visitor",
        "email": "vera@visitor.example",
        "subject": "Printer offline",
        "body": "Error E-42 on floor 2.",
    } | fields
    return client.post(FORM, data)


def test_a_visitors_request_is_routed_and_confirmed_by_email_with_its_link(
    client: Client, network: SkillGroup, smtp: Inbox, immediate_tasks: None, django_capture_on_commit_callbacks: Capture
) -> None:
    rules_publish(
        rules=[{"name": "printers", "when": {"keywords": ["printer"]}, "then": {"group": "network"}}], actor=None
    )

    with django_capture_on_commit_callbacks(execute=True):
        response = send(client)

    ticket = Ticket.objects.get()
    assert response["Location"] == f"/request/sent/?number={ticket.number}"
    assert (ticket.channel, ticket.group, ticket.customer.name) == (Channel.WEB, network, "Vera Visitor")
    [mail] = smtp.messages
    assert mail["To"] == "vera@visitor.example"
    assert f"/t/{ticket.access_key}/" in mail.get_body(preferencelist=("plain",)).get_content()  # type: ignore[union-attr]
    page = client.get(response["Location"]).content.decode()
    assert str(ticket.number) in page
    assert ticket.access_key not in page  # only the mailbox's owner gets the link


def test_a_known_address_is_the_known_contact_and_keeps_its_name(client: Client, db: None) -> None:
    known = Contact.objects.create(name="Vera Known", email="vera@visitor.example")

    send(client, email="VERA@visitor.example", name="Someone Else")

    assert Ticket.objects.get().customer == known
    known.refresh_from_db()
    assert known.name == "Vera Known"


def test_a_german_page_makes_a_german_speaking_contact(client: Client, db: None) -> None:
    client.post("/i18n/setlang/", {"language": "de", "next": FORM})

    send(client)

    assert Contact.objects.get().language == "de"


def test_a_bot_filling_the_honeypot_is_thanked_and_nothing_is_kept(client: Client, db: None) -> None:
    response = send(client, website="http://spam.example")

    assert response["Location"] == "/request/sent/"
    assert not Ticket.objects.exists()
    assert not Contact.objects.exists()


@pytest.mark.usefixtures("db")
def test_too_many_requests_from_one_address_are_refused_with_what_was_typed_kept(client: Client, settings: Any) -> None:
    settings.DISPATCHDESK_WEB_FORM_PER_ADDRESS = 2
    for n in range(2):
        send(client, email=f"v{n}@visitor.example")

    refused = send(client, email="v9@visitor.example", subject="Third try")

    assert refused.status_code == 200
    page = refused.content.decode()
    assert "many requests from you in the last hour" in page
    assert 'value="Third try"' in page
    assert Ticket.objects.count() == 2


@pytest.mark.usefixtures("db")
def test_too_many_requests_for_one_email_are_refused(client: Client, settings: Any) -> None:
    settings.DISPATCHDESK_WEB_FORM_PER_EMAIL = 1
    send(client)

    data = {"name": "Vera", "email": "vera@visitor.example", "subject": "Again", "body": "x"}
    refused = client.post(FORM, data, REMOTE_ADDR="10.9.9.9")  # another network, the same address

    assert refused.status_code == 200
    assert Ticket.objects.count() == 1


@pytest.mark.usefixtures("db")
def test_a_request_refused_for_its_files_leaves_no_contact_behind(client: Client, settings: Any) -> None:
    settings.DISPATCHDESK_MAX_ATTACHMENTS_PER_MESSAGE = 1

    refused = send(client, attachments=[png("a.png"), png("b.png")])

    assert refused.status_code == 200
    assert "At most 1 files per message" in refused.content.decode()
    assert not Contact.objects.exists()
    assert not Ticket.objects.exists()


@pytest.mark.usefixtures("db")
def test_the_visitor_chooses_what_it_is_about(client: Client) -> None:
    billing = Category.objects.create(slug="billing", name="Billing")

    send(client, category=billing.pk)

    assert Ticket.objects.get().category == billing


@pytest.mark.usefixtures("db")
def test_missing_fields_are_shown_and_nothing_is_created(client: Client) -> None:
    refused = send(client, email="not an address", subject="")

    assert refused.status_code == 200
    assert refused.context["form"].errors.keys() >= {"email", "subject"}
    assert not Ticket.objects.exists()
