"""A customer's new request: created, routed and dispatched, then confirmed on the page and by email (S5)."""

from typing import Any

import pytest
from django.test import Client

from dispatchdesk.accounts.models import Presence, SkillGroup, User
from dispatchdesk.dispatch.services.rules import rules_publish
from dispatchdesk.tickets.models import Category, Channel, Priority, Ticket
from tests.conftest import Capture, Inbox, login

NEW = "/portal/new/"


@pytest.fixture(autouse=True)
def _printers_go_to_network(network: SkillGroup, immediate_tasks: None) -> None:
    network.mode = "queue"
    network.save()
    rules_publish(
        rules=[{"name": "printers", "when": {"keywords": ["printer"]}, "then": {"group": "network"}}], actor=None
    )


def send(client: Client, **fields: Any) -> Any:
    data = {"subject": "Printer offline", "body": "Error E-42 on floor 2.", "priority": Priority.HIGH} | fields
    return client.post(NEW, data)


def test_the_request_is_created_and_confirmed_on_its_page(client: Client, carol: User, alice: User) -> None:
    alice.agent.presence = Presence.ONLINE
    alice.agent.save()
    login(client, carol)

    response = send(client)

    ticket = Ticket.objects.get()
    assert (ticket.channel, ticket.priority, ticket.group.slug if ticket.group else None) == (Channel.WEB, 2, "network")
    assert response["Location"] == f"/t/{ticket.access_key}/?new=1"
    page = client.get(response["Location"]).content.decode()
    assert f"your request has the number {ticket.number}" in page
    assert "the Network team" in page
    assert "Expected first response in about" in page


def test_the_customer_gets_the_confirmation_by_email_in_their_language(
    client: Client, carol: User, smtp: Inbox, django_capture_on_commit_callbacks: Capture
) -> None:
    carol.contact.language = "de"
    carol.contact.save()
    login(client, carol)

    with django_capture_on_commit_callbacks(execute=True):
        send(client)

    ticket = Ticket.objects.get()
    [mail] = smtp.messages
    assert mail["To"] == carol.contact.email
    assert f"[#{ticket.number}] Wir haben Ihre Anfrage erhalten" in mail["Subject"]
    body = mail.get_body(preferencelist=("plain",)).get_content()  # type: ignore[union-attr]
    assert "Zuständig: das Team Network." in body
    assert f"/t/{ticket.access_key}/" in body


def test_bad_input_keeps_what_was_typed_and_creates_nothing(client: Client, carol: User) -> None:
    login(client, carol)

    response = send(client, subject="", body="Everything I wrote stays here.")

    assert response.status_code == 200
    assert Ticket.objects.count() == 0
    assert "Everything I wrote stays here." in response.content.decode()
    assert "subject" in response.context["form"].errors


def test_customer_text_is_sanitised(client: Client, carol: User) -> None:
    login(client, carol)

    send(client, body='<script>alert("x")</script>Printer <b>broken</b>')

    assert "<script>" not in Ticket.objects.get().messages.get().body


def test_a_chosen_category_routes_the_request_to_its_team(client: Client, carol: User, software: SkillGroup) -> None:
    crm = Category.objects.create(slug="crm", name="CRM")
    rules_publish(rules=[{"name": "crm", "when": {"categories": ["crm"]}, "then": {"group": "software"}}], actor=None)
    login(client, carol)

    send(client, subject="Cannot log in", category=crm.pk)

    ticket = Ticket.objects.get()
    assert (ticket.category, ticket.group) == (crm, software)
