"""Signing in to the portal by an emailed link (P1): no account enumeration, throttled, single use,
short-lived; the customer's portal user is made on first use. Real SMTP (aiosmtpd)."""

import re
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.test import Client

from dispatchdesk.accounts.models import Role, User
from dispatchdesk.customers.models import Contact
from dispatchdesk.customers.sign_in import sign_in_token
from dispatchdesk.intake.services import ticket_import
from dispatchdesk.notifications.models import OutboundEmail
from dispatchdesk.tickets.models import Channel
from tests.conftest import Capture, Inbox
from tests.factories import ContactFactory, UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("immediate_tasks")]

SENT_PAGE = "If {email} belongs to one of our customers, a sign-in link is on its way."


@pytest.fixture
def hanna(db: None) -> Contact:
    return ContactFactory(name="Hanna Berger", email="hanna@acme.example", language="de")


def ask(client: Client, email: str, capture: Capture) -> str:
    with capture(execute=True):
        response = client.post("/portal/sign-in/", {"email": email})
    assert response.status_code == 200
    return response.content.decode()


def link_in(inbox: Inbox) -> str:
    body = inbox.messages[-1].get_content()
    found = re.search(r"http://[^/\s]+(/portal/sign-in/\S+/)", body)
    assert found is not None, body
    return found.group(1)


def test_known_and_unknown_addresses_read_the_same_and_only_the_contact_gets_mail(
    client: Client, hanna: Contact, smtp: Inbox, django_capture_on_commit_callbacks: Capture
) -> None:
    known = ask(client, "HANNA@acme.example", django_capture_on_commit_callbacks)
    unknown = ask(client, "nobody@acme.example", django_capture_on_commit_callbacks)

    assert SENT_PAGE.format(email="HANNA@acme.example") in known
    assert SENT_PAGE.format(email="nobody@acme.example") in unknown
    assert [mail["To"] for mail in smtp.messages] == ["hanna@acme.example"]
    assert smtp.messages[0]["Subject"] == "Ihr Anmeldelink"  # in the contact's language


def test_the_emailed_link_signs_in_once_and_makes_the_portal_user(
    client: Client, hanna: Contact, smtp: Inbox, django_capture_on_commit_callbacks: Capture
) -> None:
    ask(client, "hanna@acme.example", django_capture_on_commit_callbacks)
    link = link_in(smtp)

    shown = client.get(link)  # what a mail scanner does: it must not spend the link
    signed_in = client.post(link)
    client.logout()
    again = client.post(link)

    hanna.refresh_from_db()
    assert shown.status_code == 200
    assert "Hanna Berger" in shown.content.decode()
    assert signed_in["Location"] == "/portal/"
    assert hanna.user is not None
    assert hanna.user.role == Role.CUSTOMER
    assert hanna.user.language == "de"
    assert not hanna.user.has_usable_password()
    assert again.status_code == 400
    assert "expired or was used already" in again.content.decode()
    assert "_auth_user_id" not in client.session


def test_an_expired_or_changed_link_is_refused_and_signs_nobody_in(client: Client, hanna: Contact) -> None:
    token = sign_in_token(hanna)
    with time_machine.travel(datetime.now(UTC) + timedelta(minutes=31)):
        late = client.post(f"/portal/sign-in/{token}/")
    changed = client.post(f"/portal/sign-in/{token[:-2]}xx/")

    assert (late.status_code, changed.status_code) == (400, 400)
    assert "_auth_user_id" not in client.session
    assert not User.objects.filter(role=Role.CUSTOMER).exists()


def test_staff_sign_in_with_their_password_not_a_link(client: Client, alice: User) -> None:
    contact = ContactFactory(email=alice.email, user=alice)

    refused = client.post(f"/portal/sign-in/{sign_in_token(contact)}/")

    assert refused.status_code == 403
    assert "_auth_user_id" not in client.session


def test_one_address_gets_three_links_an_hour_and_the_page_reads_the_same(
    client: Client, hanna: Contact, django_capture_on_commit_callbacks: Capture
) -> None:
    pages = [ask(client, "hanna@acme.example", django_capture_on_commit_callbacks) for _ in range(5)]

    assert OutboundEmail.objects.filter(contact=hanna).count() == 3
    assert len({page[page.index('id="sign-in-sent"') :] for page in pages}) == 1


def test_one_network_asking_too_often_is_told_to_wait(client: Client, hanna: Contact) -> None:
    for number in range(10):
        client.post("/portal/sign-in/", {"email": f"someone{number}@acme.example"})

    refused = client.post("/portal/sign-in/", {"email": "hanna@acme.example"})

    assert "Too many sign-in requests from your network" in refused.content.decode()
    assert not OutboundEmail.objects.filter(contact=hanna).exists()


def test_a_new_portal_user_sees_their_tickets(client: Client, hanna: Contact) -> None:
    ticket_import(customer=hanna, subject="Badge reader broken", description="Door 3.", channel=Channel.WEB)
    client.post(f"/portal/sign-in/{sign_in_token(hanna)}/")

    assert "Badge reader broken" in client.get("/portal/").content.decode()


def test_a_user_made_before_keeps_being_used(client: Client, hanna: Contact) -> None:
    user = UserFactory(role=Role.CUSTOMER)
    Contact.objects.filter(pk=hanna.pk).update(user=user)
    hanna.refresh_from_db()

    client.post(f"/portal/sign-in/{sign_in_token(hanna)}/")

    assert int(client.session["_auth_user_id"]) == user.pk
    assert User.objects.filter(role=Role.CUSTOMER).count() == 1
