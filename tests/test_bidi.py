"""Bidirectional controls never reach what people read (docs/decisions/0015-bidi-controls.md).

"Invoice\u202efdp.exe\u202c" would display as "Invoiceexe.pdf"; stored without the controls it reads
"Invoicefdp.exe", which is what it is. Checked through the services and through the API.
"""

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from dispatchdesk.accounts.models import User
from dispatchdesk.common.errors import DomainError
from dispatchdesk.common.sanitize import BIDI_CONTROLS
from dispatchdesk.customers.models import Contact, Organisation
from dispatchdesk.customers.services import contact_create, contact_update, organisation_create
from dispatchdesk.intake.services import ticket_submit
from dispatchdesk.tickets.models import Channel, Ticket
from dispatchdesk.tickets.services import ticket_reply, ticket_update_fields
from tests.conftest import login
from tests.factories import OrganisationFactory

SPOOF = "Invoice\u202efdp.exe\u202c"
# Every control, one between each pair of letters: LRE RLE PDF LRO RLO LRI RLI FSI PDI LRM RLM ALM.
EVERY_CONTROL = "a\u202ab\u202bc\u202cd\u202de\u202ef\u2066g\u2067h\u2068i\u2069j\u200ek\u200fl\u061cm"


def visible(text: str) -> bool:
    return not BIDI_CONTROLS.intersection(text)


def post(client: Client, url: str, body: dict[str, Any]) -> Any:
    return client.post(url, body, content_type="application/json")


def test_the_list_names_every_control_the_decision_names() -> None:
    assert len(BIDI_CONTROLS) == 12
    assert not visible(EVERY_CONTROL)
    assert set(EVERY_CONTROL) - set("abcdefghijklm") == BIDI_CONTROLS


# --- through the services ---


def test_a_submitted_ticket_keeps_no_control_in_subject_or_description(carol: User) -> None:
    ticket = ticket_submit(
        customer=carol.contact,
        subject=SPOOF,
        description=f"Please open {SPOOF}\n\n{EVERY_CONTROL}",
        channel=Channel.WEB,
    )

    ticket.refresh_from_db()
    assert ticket.subject == "Invoicefdp.exe"
    assert visible(ticket.description)
    assert "Please open Invoicefdp.exe" in ticket.description
    assert "abcdefghijklm" in ticket.description
    assert visible(ticket.messages.get().body)


def test_a_subject_of_nothing_but_controls_is_empty_and_refused(carol: User) -> None:
    with pytest.raises(DomainError) as refused:
        ticket_submit(customer=carol.contact, subject="\u202e\u2066 \u200f", description="x", channel=Channel.WEB)

    assert refused.value.code == "subject_required"
    assert not Ticket.objects.exists()


def test_a_renamed_subject_keeps_no_control(carols_ticket: Ticket, bob: User) -> None:
    ticket_update_fields(ticket_id=carols_ticket.pk, actor=bob, changes={"subject": SPOOF})

    carols_ticket.refresh_from_db()
    assert carols_ticket.subject == "Invoicefdp.exe"


@pytest.mark.parametrize("is_html", [False, True], ids=["plain text", "html"])
def test_a_reply_keeps_no_control_written_as_a_character_or_a_reference(
    carols_ticket: Ticket, alice: User, is_html: bool
) -> None:
    body = f"<p>{SPOOF} and Invoice&#x202e;fdp.exe&#8236;</p>" if is_html else f"{SPOOF}\n{EVERY_CONTROL}"

    message = ticket_reply(ticket_id=carols_ticket.pk, author=alice, body=body, is_html=is_html)

    message.refresh_from_db()
    assert visible(message.body)
    assert "Invoicefdp.exe" in message.body


def test_an_attachment_is_named_without_controls(carols_ticket: Ticket, alice: User) -> None:
    upload = SimpleUploadedFile("Invoice\u202egpj.pdf", b"%PDF-1.4 ...", content_type="application/pdf")

    message = ticket_reply(ticket_id=carols_ticket.pk, author=alice, body="The invoice", files=[upload])

    attachment = message.attachments.get()
    assert attachment.filename == "Invoicegpj.pdf"
    assert attachment.content_type == "application/pdf"


def test_contact_and_organisation_names_keep_no_control(bob: User) -> None:
    organisation = organisation_create(actor=bob, name=f" Acme {SPOOF} ", domain="acme\u202e.example")
    contact = contact_create(
        actor=bob, name=f"Wile {EVERY_CONTROL}", email="wile@acme.example", phone="+49\u202e 30 123"
    )
    contact_update(actor=bob, contact_id=contact.pk, changes={"name": f"\u2067{SPOOF}\u2069"})

    organisation.refresh_from_db()
    contact.refresh_from_db()
    assert (organisation.name, organisation.domain) == ("Acme Invoicefdp.exe", "acme.example")
    assert (contact.name, contact.phone) == ("Invoicefdp.exe", "+49 30 123")


def test_a_name_that_differs_only_by_a_control_is_the_same_name(bob: User) -> None:
    OrganisationFactory(name="Acme")

    with pytest.raises(DomainError) as refused:
        organisation_create(actor=bob, name="Ac\u202eme")

    assert refused.value.code == "organisation_name_taken"
    assert Organisation.objects.count() == 1


def test_an_email_address_with_a_control_is_refused_not_rewritten(bob: User) -> None:
    with pytest.raises(DomainError) as refused:
        contact_create(actor=bob, name="Wile", email="wile@acme\u202e.example")

    assert refused.value.code == "invalid_input"
    assert refused.value.message.startswith("email: ")
    assert not Contact.objects.exists()


def test_an_external_id_is_another_systems_key_and_kept_as_sent(bob: User) -> None:
    contact = contact_create(actor=bob, name="Wile", email="wile@acme.example", external_id="crm-\u200f42")

    contact.refresh_from_db()
    assert contact.external_id == "crm-\u200f42"


# --- through the API ---


def test_a_ticket_opened_over_the_api_keeps_no_control(client: Client, bob: User, carol: User) -> None:
    body = {"subject": SPOOF, "description": EVERY_CONTROL, "customer_email": "carol@customer.example"}

    response = post(login(client, bob), "/api/tickets", body)

    assert response.status_code == 201
    assert response.json()["subject"] == "Invoicefdp.exe"
    ticket = Ticket.objects.get(pk=response.json()["id"])
    assert ticket.subject == "Invoicefdp.exe"
    assert visible(ticket.description)


def test_a_reply_over_the_api_keeps_no_control(client: Client, bob: User, carols_ticket: Ticket) -> None:
    response = post(login(client, bob), f"/api/tickets/{carols_ticket.pk}/replies", {"body": f"See {SPOOF}"})

    assert response.status_code == 201
    assert "See Invoicefdp.exe" in response.json()["body"]
    assert visible(response.json()["body"])


def test_contacts_and_organisations_over_the_api_keep_no_control(client: Client, bob: User) -> None:
    login(client, bob)

    organisation = post(client, "/api/organisations", {"name": f"Acme{SPOOF}"})
    contact = post(client, "/api/contacts", {"name": SPOOF, "email": "wile@acme.example"})
    refused = post(client, "/api/contacts", {"name": "Road Runner", "email": "beep@acme\u202e.example"})

    assert organisation.status_code == 201
    assert organisation.json()["name"] == "AcmeInvoicefdp.exe"
    assert contact.status_code == 201
    assert contact.json()["name"] == "Invoicefdp.exe"
    assert (refused.status_code, refused.json()["code"]) == (422, "invalid_input")
    assert list(Contact.objects.values_list("name", flat=True)) == ["Invoicefdp.exe"]


def test_a_request_typed_into_the_portal_keeps_no_control(client: Client, carol: User) -> None:
    response = login(client, carol).post("/portal/new/", {"subject": SPOOF, "body": EVERY_CONTROL, "priority": 3})

    assert response.status_code == 302
    ticket = Ticket.objects.get()
    assert ticket.subject == "Invoicefdp.exe"
    assert visible(ticket.description)
