"""The agents' quick create: a request taken on the phone goes through the front door like any other."""

from typing import Any

import pytest
from django.test import Client

from dispatchdesk.accounts.models import SkillGroup, User
from dispatchdesk.customers.models import Contact
from dispatchdesk.dispatch.services.rules import rules_publish
from dispatchdesk.tickets.models import Channel, EventKind, Priority, Ticket
from tests.conftest import Capture, Inbox, login
from tests.permissions.world import png

NEW = "/agent/tickets/new/"


def send(client: Client, **fields: Any) -> Any:
    data = {
        "customer_email": "carol@customer.example",
        "channel": Channel.PHONE,
        "subject": "Printer offline",
        "body": "Caller says error E-42 on floor 2.",
        "priority": Priority.HIGH,
    } | fields
    return client.post(NEW, data)


@pytest.mark.usefixtures("carol")
def test_a_phoned_in_request_is_recorded_routed_and_dispatched(client: Client, alice: User) -> None:
    rules_publish(
        rules=[{"name": "printers", "when": {"keywords": ["printer"]}, "then": {"group": "network"}}], actor=None
    )
    login(client, alice)

    response = send(client)

    ticket = Ticket.objects.get()
    assert response["Location"] == f"/agent/tickets/{ticket.pk}/"
    assert (ticket.channel, ticket.customer.email, ticket.priority) == (Channel.PHONE, "carol@customer.example", 2)
    assert ticket.group == SkillGroup.objects.get(slug="network")  # the rules routed it
    assert ticket.timeline.filter(kind=EventKind.ROUTED).exists()
    assert ticket.decisions.exists()  # and dispatch decided
    created = ticket.timeline.get(kind=EventKind.CREATED)
    assert created.actor == alice


@pytest.mark.usefixtures("carol")
def test_the_customer_is_confirmed_by_email(
    client: Client, alice: User, smtp: Inbox, immediate_tasks: None, django_capture_on_commit_callbacks: Capture
) -> None:
    login(client, alice)

    with django_capture_on_commit_callbacks(execute=True):
        send(client)

    [mail] = smtp.messages
    assert mail["To"] == "carol@customer.example"
    assert "We received your request" in mail["Subject"]


def test_a_new_caller_becomes_a_contact(client: Client, alice: User) -> None:
    login(client, alice)

    send(client, customer_email="new.caller@example.org", customer_name="New Caller")

    contact = Contact.objects.get(email="new.caller@example.org")
    assert contact.name == "New Caller"
    assert Ticket.objects.get().customer == contact


def test_a_new_caller_without_a_name_is_asked_for_one_and_nothing_is_kept(client: Client, alice: User) -> None:
    login(client, alice)

    response = send(client, customer_email="new.caller@example.org")

    assert response.status_code == 200
    assert "give their name to add them" in response.content.decode()
    assert "Printer offline" in response.content.decode()  # what the agent typed is still there
    assert not Contact.objects.filter(email="new.caller@example.org").exists()
    assert not Ticket.objects.exists()


def test_a_refused_request_leaves_no_new_contact_behind(client: Client, alice: User, settings: Any) -> None:
    settings.DISPATCHDESK_MAX_ATTACHMENTS_PER_MESSAGE = 1
    login(client, alice)

    response = send(
        client,
        customer_email="new.caller@example.org",
        customer_name="New Caller",
        attachments=[png("a.png"), png("b.png")],
    )

    assert response.status_code == 200
    assert "At most 1 files per message" in response.content.decode()
    assert not Contact.objects.filter(email="new.caller@example.org").exists()
    assert not Ticket.objects.exists()


@pytest.mark.usefixtures("alice")
def test_customers_have_no_quick_create(client: Client, carol: User) -> None:
    login(client, carol)

    assert client.get(NEW).status_code == 404
    assert send(client).status_code == 404
    assert not Ticket.objects.exists()
