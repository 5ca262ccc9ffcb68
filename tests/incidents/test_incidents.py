"""Incidents (A4): a surge of new tickets in one category opens one incident linking them; agents link
more by hand; one reply reaches every linked customer; resolving it resolves its tickets."""

import pytest

from dispatchdesk.accounts.models import SkillGroup, User
from dispatchdesk.common.errors import DomainError
from dispatchdesk.customers.models import Contact
from dispatchdesk.incidents.models import Incident, IncidentTicket
from dispatchdesk.incidents.services import incident_link, incident_reply
from dispatchdesk.intake.services import ticket_submit
from dispatchdesk.tickets.models import Category, Channel, Message, Status, Ticket
from tests.conftest import Capture
from tests.factories import ContactFactory


@pytest.fixture
def vpn(db: None) -> Category:
    return Category.objects.create(slug="vpn", name="VPN")


def submit(contact: Contact, category: Category, group: SkillGroup, n: int) -> Ticket:
    return ticket_submit(
        customer=contact,
        subject=f"VPN down {n}",
        description="It drops.",
        channel=Channel.WEB,
        fields={"category": category, "group": group},
    )


@pytest.fixture
def surge(vpn: Category, network: SkillGroup, django_capture_on_commit_callbacks: Capture) -> list[Ticket]:
    """Six VPN requests within minutes, from six customers, in a category that is usually quiet."""
    with django_capture_on_commit_callbacks(execute=True):
        return [submit(ContactFactory(), vpn, network, n) for n in range(6)]


def test_a_surge_opens_one_incident_linking_its_tickets(surge: list[Ticket]) -> None:
    incident = Incident.objects.get()

    assert incident.is_open
    assert incident.detected
    assert incident.evidence["count"] >= 5
    assert set(IncidentTicket.objects.values_list("ticket_id", flat=True)) == {t.pk for t in surge}


def test_four_tickets_open_no_incident(
    vpn: Category, network: SkillGroup, django_capture_on_commit_callbacks: Capture
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        for n in range(4):
            submit(ContactFactory(), vpn, network, n)

    assert not Incident.objects.exists()


def test_an_agent_links_a_ticket_by_hand(surge: list[Ticket], carols_ticket: Ticket, alice: User) -> None:
    incident = Incident.objects.get()

    incident_link(incident_id=incident.pk, ticket=carols_ticket, actor=alice)

    assert incident.links.filter(ticket=carols_ticket).exists()


def test_one_reply_reaches_every_linked_customer(surge: list[Ticket], bob: User) -> None:
    incident = Incident.objects.get()

    outcome = incident_reply(incident_id=incident.pk, actor=bob, body="We are on it: a provider outage.")

    assert outcome.answered == len(surge)
    assert Message.objects.filter(body__contains="provider outage").count() == len(surge)
    assert Incident.objects.get().is_open


def test_resolving_the_incident_resolves_its_tickets(surge: list[Ticket], bob: User) -> None:
    incident = Incident.objects.get()

    outcome = incident_reply(incident_id=incident.pk, actor=bob, body="Fixed by the provider.", resolve=True)

    assert outcome.resolved == len(surge)
    assert set(Ticket.objects.filter(pk__in=[t.pk for t in surge]).values_list("status", flat=True)) == {
        Status.RESOLVED
    }
    assert not Incident.objects.get().is_open


def test_an_agent_may_not_answer_for_the_whole_incident(surge: list[Ticket], alice: User) -> None:
    incident = Incident.objects.get()

    with pytest.raises(DomainError):
        incident_reply(incident_id=incident.pk, actor=alice, body="Fixed.", resolve=True)

    assert Incident.objects.get().is_open
    assert not Message.objects.filter(body__contains="Fixed.").exists()
