"""The reopen window (a late answer opens a linked follow-up through the front door) and organisation
admins, who see and answer their organisation's tickets; everybody else only their own."""

from datetime import timedelta
from typing import Any

import pytest
from django.test import Client

from dispatchdesk.accounts.models import Role, User
from dispatchdesk.common import clock
from dispatchdesk.common.clock import frozen_at
from dispatchdesk.common.errors import DomainError
from dispatchdesk.customers.models import Contact
from dispatchdesk.intake.services import customer_answer, ticket_import
from dispatchdesk.notifications.models import OutboundEmail
from dispatchdesk.tickets.models import Channel, EventKind, MessageKind, Status, Ticket
from dispatchdesk.tickets.permissions import may_reply
from dispatchdesk.tickets.selectors import tickets_visible_to
from dispatchdesk.tickets.services import ticket_change_status
from tests.factories import ContactFactory, UserFactory

pytestmark = pytest.mark.django_db


def resolve(ticket: Ticket, actor: User, *, days_ago: int) -> Ticket:
    with frozen_at(clock.now() - timedelta(days=days_ago)):
        ticket_change_status(ticket_id=ticket.pk, to=Status.RESOLVED, actor=actor)
    return Ticket.objects.get(pk=ticket.pk)


def test_within_the_window_the_customers_answer_reopens(carols_ticket: Ticket, bob: User) -> None:
    ticket = resolve(carols_ticket, bob, days_ago=13)

    answered = customer_answer(ticket_id=ticket.pk, author=ticket.customer, body="Back again.", channel=Channel.WEB)

    ticket.refresh_from_db()
    assert answered == ticket
    assert (ticket.status, ticket.reopen_count) == (Status.NEW, 1)


def test_after_the_window_the_answer_is_a_follow_up_linked_on_both_timelines(
    client: Client, carols_ticket: Ticket, bob: User
) -> None:
    ticket = resolve(carols_ticket, bob, days_ago=15)
    page = client.get(f"/t/{ticket.access_key}/").content.decode()

    response = client.post(f"/t/{ticket.access_key}/reply/", {"body": "The VPN drops again."})

    follow_up = Ticket.objects.get(follow_up_of=ticket)
    ticket.refresh_from_db()
    assert "we open a new request, linked to this one" in page
    assert response["Location"] == f"/t/{follow_up.access_key}/"
    assert (ticket.status, ticket.reopen_count) == (Status.RESOLVED, 0)
    assert not ticket.messages.filter(body__contains="drops again").exists()
    assert follow_up.messages.get(kind=MessageKind.REPLY).body == "<p>The VPN drops again.</p>"
    assert (follow_up.customer, follow_up.subject) == (ticket.customer, ticket.subject)
    # It came through the front door: confirmed to the customer like every new request.
    assert OutboundEmail.objects.filter(key=f"confirmation:{follow_up.pk}").exists()
    old_page = client.get(f"/t/{ticket.access_key}/").content.decode()
    new_page = client.get(f"/t/{follow_up.access_key}/").content.decode()
    assert f"Followed up in request {follow_up.number}" in old_page
    assert f"Follow-up to request {ticket.number}" in new_page


def test_staff_may_still_reply_after_the_window(carols_ticket: Ticket, bob: User) -> None:
    ticket = resolve(carols_ticket, bob, days_ago=30)

    assert may_reply(bob, ticket)
    assert may_reply(ticket.customer, ticket).code == "reopen_window_passed"


def test_the_window_is_a_desk_setting(carols_ticket: Ticket, bob: User, settings: Any) -> None:
    settings.DISPATCHDESK_REOPEN_WINDOW_DAYS = 3
    ticket = resolve(carols_ticket, bob, days_ago=4)

    answered = customer_answer(ticket_id=ticket.pk, author=ticket.customer, body="Again.", channel=Channel.WEB)

    assert answered.follow_up_of == ticket


def test_a_stranger_cannot_answer_or_follow_up_someone_elses_ticket(carols_ticket: Ticket, erin: User) -> None:
    with pytest.raises(DomainError):
        customer_answer(ticket_id=carols_ticket.pk, author=erin.contact, body="Hi", channel=Channel.WEB)

    assert Ticket.objects.count() == 1


@pytest.fixture
def colleagues(carol: User) -> tuple[User, Contact]:
    """Olga, admin of Carol's organisation, and Carol's colleague Paul (no admin)."""
    olga = UserFactory(username="olga", role=Role.CUSTOMER)
    ContactFactory(
        name="Olga Admin",
        email="olga@customer.example",
        user=olga,
        organisation=carol.contact.organisation,
        organisation_admin=True,
    )
    paul = UserFactory(username="paul", role=Role.CUSTOMER)
    ContactFactory(name="Paul Peer", email="paul@customer.example", user=paul, organisation=carol.contact.organisation)
    return olga, paul.contact


def test_an_organisation_admin_sees_the_organisations_tickets_a_colleague_only_their_own(
    client: Client, carols_ticket: Ticket, colleagues: tuple[User, Contact], erin: User
) -> None:
    olga, paul = colleagues
    pauls = ticket_import(customer=paul, subject="Paul's printer", description="Jam.", channel=Channel.WEB)
    ticket_import(customer=erin.contact, subject="Erin's laptop", description="Slow.", channel=Channel.WEB)

    client.force_login(olga)
    listed = client.get("/portal/").content.decode()

    assert set(tickets_visible_to(olga)) == {carols_ticket, pauls}
    assert paul.user is not None
    assert set(tickets_visible_to(paul.user)) == {pauls}
    assert "VPN drops every hour" in listed
    assert "Paul&#x27;s printer" in listed
    assert "Erin&#x27;s laptop" not in listed


def test_an_organisation_admin_answers_a_colleagues_ticket_under_their_own_name(
    client: Client, carols_ticket: Ticket, colleagues: tuple[User, Contact]
) -> None:
    olga, paul = colleagues
    client.force_login(olga)

    client.post(f"/t/{carols_ticket.access_key}/reply/", {"body": "I checked with Carol: still broken."})

    reply = carols_ticket.messages.filter(kind=MessageKind.REPLY).last()
    assert reply is not None
    assert reply.author_contact == olga.contact
    assert not may_reply(paul, carols_ticket)
    assert carols_ticket.timeline.filter(kind=EventKind.REPLY, actor=olga).exists()


def test_the_admin_flag_is_set_through_the_contacts_api(client: Client, carol: User, bob: User) -> None:
    client.force_login(bob)

    response = client.patch(
        f"/api/contacts/{carol.contact.pk}", {"organisation_admin": True}, content_type="application/json"
    )

    assert response.status_code == 200
    assert Contact.objects.get(pk=carol.contact.pk).organisation_admin is True
