"""The portal shows times in the customer's time zone (issue 13): the contact's own, else the desk's."""

import pytest
from django.test import Client

from dispatchdesk.accounts.models import User
from dispatchdesk.common.errors import DomainError
from dispatchdesk.customers.models import Contact
from dispatchdesk.customers.services import contact_update
from dispatchdesk.tickets.models import Ticket
from tests.conftest import login


def timeline_offsets(client: Client, ticket: Ticket) -> set[str]:
    """The UTC offsets of the page's <time datetime="…"> moments."""
    page = client.get(f"/t/{ticket.access_key}/").content.decode()
    return {chunk.split('"')[0][-6:] for chunk in page.split('datetime="')[1:]}


def test_the_access_key_page_shows_times_in_the_customers_zone_else_the_desks(
    carols_ticket: Ticket, carol: User
) -> None:
    desk = timeline_offsets(Client(), carols_ticket)
    login(client := Client(), carol)
    client.post("/portal/preferences/", {"time_zone": "America/New_York"})
    own = timeline_offsets(Client(), carols_ticket)  # by its link, signed out: still the customer's zone

    assert Contact.objects.get(pk=carol.contact.pk).time_zone == "America/New_York"
    assert desk == {"+01:00"}  # the desk's Europe/Berlin in winter
    assert own == {"-05:00"}


def test_a_customer_sees_and_changes_their_zone_and_an_unknown_one_is_refused(carol: User) -> None:
    login(client := Client(), carol)

    page = client.get("/portal/preferences/").content.decode()
    refused = client.post("/portal/preferences/", {"time_zone": "Mars/Olympus_Mons"})

    assert "The support desk&#x27;s time zone" in page
    assert refused.status_code == 200
    assert "Select a valid choice" in refused.content.decode()
    assert Contact.objects.get(pk=carol.contact.pk).time_zone == ""


def test_staff_set_a_contacts_zone_through_the_same_checks(carol: User, bob: User) -> None:
    contact_update(actor=bob, contact_id=carol.contact.pk, changes={"time_zone": " Asia/Tokyo "})
    with pytest.raises(DomainError) as refused:
        contact_update(actor=bob, contact_id=carol.contact.pk, changes={"time_zone": "Tokyo"})

    assert Contact.objects.get(pk=carol.contact.pk).time_zone == "Asia/Tokyo"
    assert refused.value.code == "invalid_time_zone"
