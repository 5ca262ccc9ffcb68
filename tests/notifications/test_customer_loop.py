"""The loop a support team lives in: the customer hears back by email, answers on the ticket's page,
reopens what is not solved, and the agent is told."""

from email.message import EmailMessage

import pytest
from django.test import Client

from dispatchdesk.accounts.models import SkillGroup, User
from dispatchdesk.common import history
from dispatchdesk.intake.models import Mailbox
from dispatchdesk.notifications.models import Kind, Notification
from dispatchdesk.tickets.models import Status, Ticket
from dispatchdesk.tickets.services import ticket_accept, ticket_assign, ticket_change_status, ticket_reply
from tests.conftest import Capture, Inbox

pytestmark = pytest.mark.usefixtures("immediate_tasks")


def body(mail: EmailMessage) -> str:
    return mail.get_body(preferencelist=("plain",)).get_content()  # type: ignore[union-attr]


@pytest.fixture
def worked(carols_ticket: Ticket, alice: User) -> Ticket:
    """Carol's ticket, taken on by Alice."""
    ticket_assign(ticket_id=carols_ticket.pk, agent_id=alice.pk, actor=alice)
    ticket_accept(ticket_id=carols_ticket.pk, actor=alice)
    return Ticket.objects.get(pk=carols_ticket.pk)


def test_a_public_reply_reaches_the_customer_threaded_under_the_ticket(
    worked: Ticket, alice: User, smtp: Inbox, django_capture_on_commit_callbacks: Capture
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        ticket_reply(ticket_id=worked.pk, author=alice, body="Please restart the router.")

    [mail] = smtp.messages
    root = f"<ticket-{worked.number}@dispatchdesk.localhost>"
    assert mail["To"] == "carol@customer.example"
    assert mail["Subject"] == f"[#{worked.number}] Re: VPN drops every hour"
    assert (mail["In-Reply-To"], mail["References"]) == (root, root)
    assert mail["Message-ID"] != root
    assert "Alice replied to your request" in body(mail)
    assert "Please restart the router." in body(mail)
    assert f"/t/{worked.access_key}/" in body(mail)
    assert "reply to this email" not in body(mail).lower()  # no mailbox: answers go through the page
    assert mail["Reply-To"] is None


def test_with_a_mailbox_the_customer_may_answer_the_email_itself(
    worked: Ticket, alice: User, smtp: Inbox, django_capture_on_commit_callbacks: Capture
) -> None:
    Mailbox.objects.create(
        name="Support",
        address="support@dispatchdesk.localhost",
        reply_to="answers@dispatchdesk.localhost",
        host="imap.example",
        username="support",
        password_env="SUPPORT_IMAP_PASSWORD",
    )

    with django_capture_on_commit_callbacks(execute=True):
        ticket_reply(ticket_id=worked.pk, author=alice, body="Please restart the router.")

    [mail] = smtp.messages
    assert mail["Reply-To"] == "answers@dispatchdesk.localhost"
    assert "Reply to this email to answer" in body(mail)


def test_the_customer_reads_it_in_their_language(
    worked: Ticket, alice: User, smtp: Inbox, django_capture_on_commit_callbacks: Capture
) -> None:
    worked.customer.language = "de"
    worked.customer.save()

    with django_capture_on_commit_callbacks(execute=True):
        ticket_reply(ticket_id=worked.pk, author=alice, body="Bitte starten Sie den Router neu.")

    assert "Alice hat auf Ihre Anfrage" in body(smtp.messages[0])


def test_a_request_for_information_and_the_resolution_are_told_to_the_customer(
    worked: Ticket, alice: User, smtp: Inbox, django_capture_on_commit_callbacks: Capture
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        ticket_reply(ticket_id=worked.pk, author=alice, body="Which router model do you have?")
        ticket_change_status(ticket_id=worked.pk, to=Status.AWAITING_CUSTOMER, actor=alice)
        ticket_change_status(ticket_id=worked.pk, to=Status.RESOLVED, actor=alice)

    subjects = [mail["Subject"] for mail in smtp.messages]
    assert subjects == [
        f"[#{worked.number}] Re: VPN drops every hour",
        f"[#{worked.number}] We need your answer: VPN drops every hour",
        f"[#{worked.number}] Resolved: VPN drops every hour",
    ]
    assert "Which router model do you have?" in body(smtp.messages[1])
    assert "reopen" in body(smtp.messages[2])


def test_the_confirmation_starts_the_thread(
    client: Client, carol: User, smtp: Inbox, django_capture_on_commit_callbacks: Capture
) -> None:
    client.force_login(carol)

    with django_capture_on_commit_callbacks(execute=True):
        client.post("/portal/new/", {"subject": "Printer", "body": "Jams", "priority": 3})

    ticket = Ticket.objects.get()
    [mail] = smtp.messages
    assert mail["Message-ID"] == f"<ticket-{ticket.number}@dispatchdesk.localhost>"


def test_the_customers_answer_on_the_page_resumes_the_work_and_tells_the_agent(
    client: Client, worked: Ticket, alice: User, smtp: Inbox, django_capture_on_commit_callbacks: Capture
) -> None:
    ticket_change_status(ticket_id=worked.pk, to=Status.AWAITING_CUSTOMER, actor=alice)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/t/{worked.access_key}/reply/", {"body": "It is a FritzBox 7590."})

    assert response.status_code == 302
    worked.refresh_from_db()
    assert worked.status == Status.IN_PROGRESS
    assert worked.messages.filter(author_contact=worked.customer, body__contains="FritzBox").exists()
    told = Notification.objects.get(recipient=alice, kind=Kind.CUSTOMER_REPLIED)
    assert told.text == f"Carol Customer replied on ticket {worked.number}: VPN drops every hour"
    assert [mail["To"] for mail in smtp.messages] == [alice.email]  # the agent's email; no email back to Carol


def test_an_agent_who_reads_the_bell_only_gets_no_email(
    client: Client, worked: Ticket, alice: User, smtp: Inbox, django_capture_on_commit_callbacks: Capture
) -> None:
    alice.email_notifications = False
    alice.save()

    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/t/{worked.access_key}/reply/", {"body": "Any news?"})

    assert Notification.objects.filter(recipient=alice, kind=Kind.CUSTOMER_REPLIED).exists()
    assert smtp.messages == []


def test_while_nobody_holds_the_ticket_its_group_is_told(
    client: Client, carols_ticket: Ticket, alice: User, network: SkillGroup
) -> None:
    client.post(f"/t/{carols_ticket.access_key}/reply/", {"body": "Still down."})

    assert list(Notification.objects.values_list("recipient__username", "kind")) == [("alice", Kind.CUSTOMER_REPLIED)]


def test_not_solved_reopens_the_ticket_counts_it_and_tells_the_agent(
    client: Client, worked: Ticket, alice: User
) -> None:
    ticket_change_status(ticket_id=worked.pk, to=Status.RESOLVED, actor=alice)
    page = client.get(f"/t/{worked.access_key}/").content.decode()
    assert "Reopen with this answer" in page

    client.post(f"/t/{worked.access_key}/reply/", {"body": "It dropped again this morning."})

    worked.refresh_from_db()
    assert (worked.status, worked.reopen_count, worked.assignee) == (Status.IN_PROGRESS, 1, alice)
    assert Notification.objects.filter(recipient=alice, kind=Kind.REOPENED).exists()


def test_an_answer_on_a_closed_ticket_opens_a_linked_follow_up(client: Client, worked: Ticket, alice: User) -> None:
    ticket_change_status(ticket_id=worked.pk, to=Status.RESOLVED, actor=alice)
    ticket_change_status(ticket_id=worked.pk, to=Status.CLOSED, actor=alice)
    messages_before = worked.messages.count()

    page = client.get(f"/t/{worked.access_key}/").content.decode()
    answered = client.post(f"/t/{worked.access_key}/reply/", {"body": "Hello again?"})

    follow_up = Ticket.objects.get(follow_up_of=worked)
    assert "we open a new request, linked to this one" in page
    assert answered["Location"] == f"/t/{follow_up.access_key}/"
    assert worked.messages.count() == messages_before
    assert follow_up.customer == worked.customer


def test_an_empty_answer_is_refused_on_the_page(client: Client, worked: Ticket) -> None:
    refused = client.post(f"/t/{worked.access_key}/reply/", {"body": "   "})

    assert refused.status_code == 200
    assert refused.context["reply_form"].errors


def test_history_written_today_emails_no_customer(
    worked: Ticket, alice: User, smtp: Inbox, django_capture_on_commit_callbacks: Capture
) -> None:
    with history.replaying(), django_capture_on_commit_callbacks(execute=True):  # committed while replaying
        ticket_reply(ticket_id=worked.pk, author=alice, body="Done last month.")
        ticket_change_status(ticket_id=worked.pk, to=Status.RESOLVED, actor=alice)

    assert smtp.messages == []
