"""Opening and reading tickets over REST: shapes, visibility, filters, pages and refusals.

Work on a ticket (edits, status, assignment, conversation) is in test_api_work.py.
"""

from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from dispatchdesk.accounts.models import AgentProfile, AgentSkill, Presence, SkillGroup, User
from dispatchdesk.dispatch.models import DispatchDecision, Outcome
from dispatchdesk.tickets.models import Category, Message, Status, Tag, Ticket, TimelineEvent
from tests.conftest import login
from tests.factories import ContactFactory, RegionFactory, SkillFactory, TicketFactory

TICKET_KEYS = {
    "id",
    "number",
    "access_key",
    "subject",
    "description",
    "status",
    "status_label",
    "priority",
    "channel",
    "category",
    "tags",
    "group",
    "assignee",
    "tier",
    "region",
    "language",
    "required_skills",
    "customer",
    "organisation",
    "created_at",
    "updated_at",
    "first_response_at",
    "resolved_at",
    "closed_at",
    "reopen_count",
    "allowed_transitions",
    "sla",
}


def rows() -> tuple[int, int, int, int]:
    return Ticket.objects.count(), Message.objects.count(), TimelineEvent.objects.count(), Tag.objects.count()


def post(client: Client, url: str, body: dict[str, Any]) -> Any:
    return client.post(url, body, content_type="application/json")


@pytest.fixture
def staff(client: Client, bob: User) -> Client:
    """The test client, signed in as Bob the dispatcher (who sees every ticket)."""
    return login(client, bob)


@pytest.fixture
def catalogue(db: None) -> None:
    Category.objects.create(slug="vpn", name="VPN")
    RegionFactory(slug="berlin")
    SkillFactory(slug="cisco")
    SkillFactory(slug="linux")


# --- creating ---


def test_staff_create_a_fully_described_ticket_for_a_contact_named_by_email(
    client: Client, bob: User, carol: User, network: SkillGroup, catalogue: None
) -> None:
    body = {
        "subject": "VPN down",
        "description": "Since 9:00",
        "customer_email": "CAROL@customer.example",
        "priority": 1,
        "channel": "phone",
        "category": "vpn",
        "group": "network",
        "region": "berlin",
        "tier": "L2",
        "language": "de",
        "tags": ["Remote Work", "vpn"],
        "required_skills": ["linux", "cisco"],
    }

    response = post(login(client, bob), "/api/tickets", body)

    assert response.status_code == 201
    data = response.json()
    assert set(data) == TICKET_KEYS
    assert data["customer"] == {"id": carol.contact.pk, "name": "Carol Customer", "email": "carol@customer.example"}
    assert (data["category"], data["group"], data["region"], data["tier"]) == ("vpn", "network", "berlin", "L2")
    assert (data["priority"], data["channel"], data["language"]) == (1, "phone", "de")
    assert data["tags"] == ["remote-work", "vpn"]
    assert data["required_skills"] == ["cisco", "linux"]
    assert data["status"] == "new"
    assert data["status_label"] == "New"
    assert data["access_key"] == Ticket.objects.get(pk=data["id"]).access_key
    assert data["allowed_transitions"] == ["pending_acceptance", "in_progress", "resolved"]


def test_a_ticket_opened_over_the_api_is_dispatched_within_the_request(
    client: Client, bob: User, alice: User, network: SkillGroup
) -> None:
    AgentProfile.objects.filter(user=alice).update(presence=Presence.ONLINE)
    AgentSkill.objects.create(agent=alice.agent, skill=SkillFactory(slug="cisco"), proficiency=4)
    body = {"subject": "VPN down", "description": "x", "customer_id": ContactFactory().pk, "group": "network"}

    response = post(login(client, bob), "/api/tickets", {**body, "required_skills": ["cisco"]})

    assert response.status_code == 201
    data = response.json()
    assert (data["status"], data["assignee"]) == ("pending_acceptance", {"id": alice.pk, "name": "Alice Agent"})
    assert DispatchDecision.objects.get(ticket_id=data["id"]).outcome == Outcome.ASSIGNED


def test_staff_can_name_the_contact_by_id_and_the_channel_defaults_to_api(client: Client, alice: User) -> None:
    contact = ContactFactory()

    response = post(
        login(client, alice), "/api/tickets", {"subject": "Hi", "description": "x", "customer_id": contact.pk}
    )

    assert response.status_code == 201
    assert response.json()["customer"]["id"] == contact.pk
    assert response.json()["channel"] == "api"


def test_a_customer_opens_a_ticket_for_themselves_and_never_sees_the_access_key_or_the_teams_status_words(
    client: Client, carol: User
) -> None:
    response = post(
        login(client, carol), "/api/tickets", {"subject": "Printer", "description": "Jammed", "priority": 2}
    )

    assert response.status_code == 201
    data = response.json()
    assert data["customer"]["id"] == carol.contact.pk
    assert data["access_key"] is None
    assert data["allowed_transitions"] == []
    assert (data["status"], data["status_label"]) == ("new", "Received")  # the portal's words, not "New"


@pytest.mark.parametrize("other", [{"customer_email": "erin@other.example"}, {"customer_email": "nobody@x.example"}])
def test_a_customer_cannot_open_a_ticket_for_someone_else(
    client: Client, carol: User, erin: User, other: dict[str, str]
) -> None:
    # The same answer whether or not the other email exists: nothing to probe.
    before = rows()

    response = post(login(client, carol), "/api/tickets", {"subject": "Hi", "description": "x", **other})

    assert response.status_code == 403
    assert response.json() == {"code": "forbidden", "message": "Customers can only open tickets for themselves."}
    assert rows() == before


def test_a_customer_cannot_open_a_ticket_for_another_contact_id(client: Client, carol: User, erin: User) -> None:
    before = rows()

    response = post(
        login(client, carol), "/api/tickets", {"subject": "Hi", "description": "x", "customer_id": erin.contact.pk}
    )

    assert response.status_code == 403
    assert rows() == before


def test_a_customer_may_not_route_their_own_ticket(client: Client, carol: User, network: SkillGroup) -> None:
    before = rows()

    response = post(
        login(client, carol), "/api/tickets", {"subject": "Hi", "description": "x", "group": "network", "tier": "L2"}
    )

    assert response.status_code == 403
    assert response.json()["message"] == "Only support staff may set group, tier."
    assert rows() == before


@pytest.mark.parametrize(
    ("extra", "field"),
    [
        ({"customer_id": 999999}, "customer_id"),
        ({"customer_email": "ghost@nowhere.example"}, "customer_email"),
        ({}, "customer_id"),
        ({"customer_id": "CONTACT", "category": "nope"}, "category"),
        ({"customer_id": "CONTACT", "group": "nope"}, "group"),
        ({"customer_id": "CONTACT", "region": "nope"}, "region"),
        ({"customer_id": "CONTACT", "required_skills": ["cisco", "nope"]}, "required_skills"),
        ({"customer_id": "CONTACT", "priority": 5}, "priority"),
        ({"customer_id": "CONTACT", "channel": "pigeon"}, "channel"),
        ({"customer_id": "CONTACT", "tier": "L9"}, "tier"),
        ({"customer_id": "CONTACT", "customer_email": "a@b.example"}, "customer_email"),
    ],
)
def test_creation_refuses_bad_references_naming_the_field_and_writes_nothing(
    client: Client, bob: User, catalogue: None, extra: dict[str, Any], field: str
) -> None:
    contact = ContactFactory()
    body = {"subject": "Hi", "description": "x", **{k: contact.pk if v == "CONTACT" else v for k, v in extra.items()}}
    before = rows()

    response = post(login(client, bob), "/api/tickets", body)

    assert response.status_code == 422
    assert field in response.json()["message"]
    assert rows() == before


# --- reading ---


def test_dispatcher_sees_every_ticket_and_a_customer_only_their_own(
    client: Client, bob: User, carol: User, carols_ticket: Ticket
) -> None:
    others = TicketFactory()

    everyone = login(Client(), bob).get("/api/tickets").json()
    carols = login(client, carol).get("/api/tickets").json()

    assert {t["id"] for t in everyone["items"]} == {carols_ticket.pk, others.pk}
    assert [t["id"] for t in carols["items"]] == [carols_ticket.pk]
    assert carols["count"] == 1


def test_an_agent_of_another_group_sees_nothing_of_carols(client: Client, mallory: User, carols_ticket: Ticket) -> None:
    login(client, mallory)

    listed = client.get("/api/tickets").json()
    by_id = client.get(f"/api/tickets/{carols_ticket.pk}")
    by_number = client.get(f"/api/tickets/by-number/{carols_ticket.number}")

    assert listed["count"] == 0
    assert by_id.status_code == by_number.status_code == 404


def test_another_customer_gets_the_same_404_as_for_a_ticket_that_does_not_exist(
    client: Client, erin: User, carols_ticket: Ticket
) -> None:
    login(client, erin)

    hidden = [
        client.get(f"/api/tickets/{carols_ticket.pk}"),
        client.get(f"/api/tickets/by-number/{carols_ticket.number}"),
    ]
    missing = [client.get("/api/tickets/999999"), client.get("/api/tickets/by-number/999999")]

    assert [r.status_code for r in hidden + missing] == [404] * 4
    assert {r.content for r in hidden} == {r.content for r in missing}
    assert hidden[0].json() == {"code": "not_found", "message": "Not found."}


def test_the_customer_reads_their_ticket_by_id_and_by_number(
    client: Client, carol: User, carols_ticket: Ticket
) -> None:
    login(client, carol)

    by_id = client.get(f"/api/tickets/{carols_ticket.pk}").json()
    by_number = client.get(f"/api/tickets/by-number/{carols_ticket.number}").json()

    assert by_id == by_number
    assert by_id["subject"] == "VPN drops every hour"
    assert by_id["group"] == "network"
    assert by_id["access_key"] is None


def test_pages_cover_every_ticket_once_in_a_stable_order_with_the_total(client: Client, bob: User) -> None:
    TicketFactory.create_batch(5, priority=3)
    login(client, bob)
    everything = [t["id"] for t in client.get("/api/tickets?limit=100").json()["items"]]

    pages = [client.get(f"/api/tickets?limit=2&offset={offset}").json() for offset in (0, 2, 4)]

    assert [page["count"] for page in pages] == [5, 5, 5]
    assert [(page["limit"], page["offset"]) for page in pages] == [(2, 0), (2, 2), (2, 4)]
    assert [t["id"] for page in pages for t in page["items"]] == everything
    assert len(set(everything)) == 5


@pytest.fixture
def three_tickets(alice: User, network: SkillGroup, software: SkillGroup) -> dict[str, Ticket]:
    return {
        "fire": TicketFactory(subject="Printer on fire", priority=1, group=network),
        "busy": TicketFactory(subject="Slow disk", status=Status.IN_PROGRESS, assignee=alice, group=software),
        "done": TicketFactory(subject="Old mail", status=Status.RESOLVED, assignee=alice, priority=4),
    }


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("status=in_progress", {"busy"}),
        ("priority=1", {"fire"}),
        ("group=network", {"fire"}),
        ("assignee={alice}", {"busy", "done"}),
        ("unassigned=true", {"fire"}),
        ("open=true", {"fire", "busy"}),
        ("q=printer", {"fire"}),
        ("q={done_number}", {"done"}),
        ("open=true&assignee={alice}", {"busy"}),
    ],
)
def test_list_filters(
    staff: Client, alice: User, three_tickets: dict[str, Ticket], query: str, expected: set[str]
) -> None:
    url = "/api/tickets?" + query.format(alice=alice.pk, done_number=three_tickets["done"].number)

    found = {t["id"] for t in staff.get(url).json()["items"]}

    assert found == {three_tickets[name].pk for name in expected}


@pytest.mark.parametrize(
    ("query", "field"),
    [("group=nope", "group"), ("assignee=999999", "assignee"), ("limit=0", "limit"), ("priority=9", "priority")],
)
def test_unknown_or_impossible_filters_are_refused_naming_the_parameter(
    client: Client, bob: User, query: str, field: str
) -> None:
    response = login(client, bob).get(f"/api/tickets?{query}")

    assert response.status_code == 422
    assert field in response.json()["message"]


def test_the_list_costs_the_same_queries_for_two_tickets_as_for_twelve(client: Client, bob: User, alice: User) -> None:
    login(client, bob)
    skill = SkillFactory(slug="printers")

    def queries_for(count: int) -> int:
        for ticket in TicketFactory.create_batch(count, assignee=alice, status=Status.IN_PROGRESS):
            ticket.tags.set([Tag.objects.get_or_create(name="vpn")[0]])
            ticket.required_skills.set([skill])
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/api/tickets?limit=100").status_code == 200
        return len(captured)

    assert queries_for(2) == queries_for(10)


def test_a_manager_without_an_agent_profile_can_also_create(client: Client, dave: User) -> None:
    contact = ContactFactory()

    response = post(
        login(client, dave), "/api/tickets", {"subject": "Hi", "description": "x", "customer_id": contact.pk}
    )

    assert response.status_code == 201
