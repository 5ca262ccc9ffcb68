"""The phone on the agent pages (I5): the quick create looks the caller up by their number in any
format, and the call toast shows a caller and the open tickets the agent may see."""

from typing import Any

import pytest
from django.test import Client

from dispatchdesk.accounts.models import SkillGroup, User
from dispatchdesk.common import clock
from dispatchdesk.customers.models import Contact
from dispatchdesk.intake.models import Call, CallSource
from dispatchdesk.tickets.models import Channel, Priority, Status, Ticket
from tests.conftest import login
from tests.factories import ContactFactory, TicketFactory

LOOKUP = "/agent/tickets/new/caller/"
NEW = "/agent/tickets/new/"


@pytest.fixture
def carla(db: None) -> Contact:
    return ContactFactory(name="Carla Vip", email="carla@vip.example", phone="+49 30 1234567")


def send(client: Client, **fields: Any) -> Any:
    data = {"channel": Channel.PHONE, "subject": "Printer offline", "body": "Error E-42.", "priority": Priority.NORMAL}
    return client.post(NEW, data | fields)


# --- the caller box --------------------------------------------------------------------------------------


def test_a_number_in_another_format_finds_the_caller_and_fills_name_and_email(
    client: Client, alice: User, carla: Contact, network: SkillGroup
) -> None:
    mine = TicketFactory(customer=carla, group=network, subject="Printer jams")
    TicketFactory(customer=carla, group=network, status=Status.CLOSED, subject="Old and done")
    login(client, alice)

    response = client.get(LOOKUP, {"customer_phone": "+49 (30) 123-4567", "customer_email": "typo@x.example"})

    html = response.content.decode()
    assert response.status_code == 200
    assert 'value="carla@vip.example"' in html
    assert 'value="Carla Vip"' in html
    assert "Known caller: Carla Vip, 1 open ticket" in html
    assert f"#{mine.number} Printer jams" in html
    assert "Old and done" not in html


def test_the_caller_box_lists_only_tickets_the_agent_may_see(
    client: Client, mallory: User, carla: Contact, network: SkillGroup
) -> None:
    TicketFactory(customer=carla, group=network, subject="Network secret")
    login(client, mallory)

    html = client.get(LOOKUP, {"customer_phone": "+49301234567"}).content.decode()

    assert "Known caller: Carla Vip, 0 open tickets" in html
    assert "Network secret" not in html


def test_an_unknown_number_keeps_what_was_typed_and_says_the_caller_is_new(
    client: Client, alice: User, carla: Contact
) -> None:
    login(client, alice)

    response = client.get(LOOKUP, {"customer_phone": "+44 20 7946 0958", "customer_name": "Nina New"})

    html = response.content.decode()
    assert "No customer has this number yet" in html
    assert 'value="Nina New"' in html


def test_a_number_that_is_none_says_so(client: Client, alice: User) -> None:
    login(client, alice)

    html = client.get(LOOKUP, {"customer_phone": "12"}).content.decode()

    assert "Not a phone number (yet)" in html


def test_a_number_in_the_address_opens_the_form_with_the_caller_filled_in(
    client: Client, alice: User, carla: Contact
) -> None:
    login(client, alice)

    html = client.get(NEW, {"phone": "+49301234567"}).content.decode()

    assert 'value="+49301234567"' in html
    assert 'value="carla@vip.example"' in html


# --- creating from the phone number --------------------------------------------------------------------


def test_a_known_caller_given_by_number_alone_gets_the_ticket(client: Client, alice: User, carla: Contact) -> None:
    login(client, alice)

    response = send(client, customer_phone="+49 30 123 45 67")

    assert response.status_code == 302
    ticket = Ticket.objects.get()
    assert (ticket.customer, ticket.channel) == (carla, Channel.PHONE)
    assert Contact.objects.count() == 1


def test_a_new_caller_given_by_number_and_name_becomes_a_contact_known_by_that_number(
    client: Client, alice: User
) -> None:
    login(client, alice)

    send(client, customer_phone="+44 20 7946 0958", customer_name="Nina New")

    contact = Ticket.objects.select_related("customer").get().customer
    assert (contact.name, contact.phone) == ("Nina New", "+442079460958")
    assert contact.email.endswith("@phone.invalid")


def test_a_new_customer_with_email_and_phone_keeps_the_number_in_e164(client: Client, alice: User) -> None:
    login(client, alice)

    send(client, customer_email="nina@new.example", customer_name="Nina New", customer_phone="+44 (20) 7946-0958")

    assert Contact.objects.get(email="nina@new.example").phone == "+442079460958"


def test_an_invalid_number_is_a_form_error_and_creates_nothing(client: Client, alice: User) -> None:
    login(client, alice)

    response = send(client, customer_phone="555-CALL-ME", customer_name="Nina New", subject="Keep me")

    assert response.status_code == 200
    assert "This is not a phone number" in response.content.decode()
    assert 'value="Keep me"' in response.content.decode()
    assert not Ticket.objects.exists()
    assert not Contact.objects.exists()


def test_neither_email_nor_phone_is_a_form_error(client: Client, alice: User) -> None:
    login(client, alice)

    response = send(client, customer_name="Nina New")

    assert "Give the customer&#x27;s email or their phone number." in response.content.decode()
    assert not Ticket.objects.exists()


# --- the call toast --------------------------------------------------------------------------------------


def test_the_call_toast_shows_the_caller_their_open_tickets_and_a_new_ticket_link(
    client: Client, alice: User, carla: Contact, network: SkillGroup
) -> None:
    ticket = TicketFactory(customer=carla, group=network, subject="Printer jams")
    source = CallSource.objects.create(name="pbx")
    call = Call.objects.create(
        source=source, call_id="c1", caller="+49301234567", number="+49301234567", received_at=clock.now()
    )
    login(client, alice)

    html = client.get(f"/agent/calls/{call.pk}/").content.decode()

    assert "Call from Carla Vip" in html
    assert "1 open ticket:" in html
    assert f"#{ticket.number} Printer jams" in html
    assert f"{NEW}?phone=%2B49301234567" in html


def test_an_unknown_call_is_not_found(client: Client, alice: User) -> None:
    login(client, alice)

    assert client.get("/agent/calls/999/").status_code == 404
