"""The chosen agent hears of an assignment: in the app at once, by email once the change commits."""

import pytest
from django.db import transaction
from django.test import Client

from dispatchdesk.accounts.models import User
from dispatchdesk.common import history
from dispatchdesk.dispatch.services import ticket_claim
from dispatchdesk.notifications.models import Kind, Notification, OutboundEmail
from dispatchdesk.notifications.tasks import deliver_email
from dispatchdesk.tickets.models import Ticket
from dispatchdesk.tickets.services import ticket_assign
from tests.conftest import Capture, Inbox, login

pytestmark = pytest.mark.usefixtures("immediate_tasks")


def assign(ticket: Ticket, agent: User, actor: User, capture: Capture) -> None:
    with capture(execute=True):
        ticket_assign(ticket_id=ticket.pk, agent_id=agent.pk, actor=actor)


def test_an_assignment_notifies_the_agent_and_emails_them_a_link(
    carols_ticket: Ticket, alice: User, bob: User, smtp: Inbox, django_capture_on_commit_callbacks: Capture
) -> None:
    assign(carols_ticket, alice, bob, django_capture_on_commit_callbacks)

    notification = Notification.objects.get(recipient=alice)
    assert (notification.kind, notification.ticket_id) == (Kind.ASSIGNED, carols_ticket.pk)
    assert notification.emailed_at is not None
    [mail] = smtp.messages
    assert mail["To"] == alice.email
    assert str(carols_ticket.number) in mail["Subject"]
    assert f"/agent/tickets/{carols_ticket.pk}/" in mail.get_body(preferencelist=("plain",)).get_content()  # type: ignore[union-attr]


def test_the_email_is_in_the_agents_language(
    carols_ticket: Ticket, alice: User, bob: User, smtp: Inbox, django_capture_on_commit_callbacks: Capture
) -> None:
    alice.language = "de"
    alice.save()

    assign(carols_ticket, alice, bob, django_capture_on_commit_callbacks)

    assert "wurde Ihnen zugewiesen" in smtp.messages[0]["Subject"]


def test_a_second_run_of_the_task_sends_nothing(
    carols_ticket: Ticket, alice: User, bob: User, smtp: Inbox, django_capture_on_commit_callbacks: Capture
) -> None:
    assign(carols_ticket, alice, bob, django_capture_on_commit_callbacks)

    again = deliver_email.enqueue(email_id=OutboundEmail.objects.get().pk)

    assert again.return_value == "not claimed"
    assert len(smtp.messages) == 1


def test_nothing_is_told_or_sent_when_the_assignment_rolls_back(
    carols_ticket: Ticket, alice: User, bob: User, smtp: Inbox, django_capture_on_commit_callbacks: Capture
) -> None:
    with django_capture_on_commit_callbacks(execute=True) as queued, transaction.atomic():
        ticket_assign(ticket_id=carols_ticket.pk, agent_id=alice.pk, actor=bob)
        transaction.set_rollback(True)

    assert queued == []
    assert not Notification.objects.exists()
    assert smtp.messages == []


def test_an_agent_who_takes_a_ticket_themselves_is_not_told(
    carols_ticket: Ticket, alice: User, django_capture_on_commit_callbacks: Capture
) -> None:
    alice.agent.presence = "online"
    alice.agent.save()

    with django_capture_on_commit_callbacks(execute=True):
        ticket_claim(ticket_id=carols_ticket.pk, agent=alice)

    assert Ticket.objects.get(pk=carols_ticket.pk).assignee_id == alice.pk
    assert not Notification.objects.exists()


def test_replayed_history_tells_nobody(carols_ticket: Ticket, alice: User, bob: User) -> None:
    with history.replaying():
        ticket_assign(ticket_id=carols_ticket.pk, agent_id=alice.pk, actor=bob)

    assert not Notification.objects.exists()


def test_the_bell_counts_unread_and_opening_one_reads_it_and_shows_the_ticket(
    carols_ticket: Ticket, alice: User, bob: User, client: Client, django_capture_on_commit_callbacks: Capture
) -> None:
    assign(carols_ticket, alice, bob, django_capture_on_commit_callbacks)
    login(client, alice)

    page = client.get("/notifications/")
    notification = Notification.objects.get()
    opened = client.post(f"/notifications/{notification.pk}/open/")

    assert page.context["unread_notifications"] == 1
    assert f"Ticket {carols_ticket.number} was assigned to you" in page.content.decode()
    assert opened["Location"] == f"/agent/tickets/{carols_ticket.pk}/"
    assert Notification.objects.get().read_at is not None
    assert client.get("/notifications/").context["unread_notifications"] == 0


def test_the_api_lists_only_the_callers_unread_notifications(
    carols_ticket: Ticket, alice: User, bob: User, client: Client, django_capture_on_commit_callbacks: Capture
) -> None:
    assign(carols_ticket, alice, bob, django_capture_on_commit_callbacks)
    login(client, alice)

    unread = client.get("/api/notifications?unread=true").json()
    client.post(f"/api/notifications/{unread[0]['id']}/read")

    assert [(n["kind"], n["ticket_id"]) for n in unread] == [("assigned", carols_ticket.pk)]
    assert client.get("/api/notifications?unread=true").json() == []
    login(client, bob)
    assert client.get("/api/notifications").json() == []
