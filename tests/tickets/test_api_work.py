"""Working on tickets over REST: field edits, status, assignment, replies and notes, timeline."""

from typing import Any

import pytest
from django.test import Client

from dispatchdesk.accounts.models import User
from dispatchdesk.tickets.models import Category, Message, Tag, Ticket, TimelineEvent
from tests.conftest import login


def rows() -> tuple[int, int, int, int]:
    return Ticket.objects.count(), Message.objects.count(), TimelineEvent.objects.count(), Tag.objects.count()


def post(client: Client, url: str, body: dict[str, Any]) -> Any:
    return client.post(url, body, content_type="application/json")


def patch(client: Client, url: str, body: dict[str, Any]) -> Any:
    return client.patch(url, body, content_type="application/json")


@pytest.fixture
def staff(client: Client, bob: User) -> Client:
    """The test client, signed in as Bob the dispatcher (who sees every ticket)."""
    return login(client, bob)


@pytest.fixture
def catalogue(db: None) -> None:
    Category.objects.create(slug="vpn", name="VPN")


# --- changing ---


def test_staff_patch_fields_which_then_count_as_set_by_hand(
    client: Client, bob: User, carols_ticket: Ticket, catalogue: None
) -> None:
    response = patch(
        login(client, bob), f"/api/tickets/{carols_ticket.pk}", {"priority": 2, "category": "vpn", "tags": ["wifi"]}
    )

    assert response.status_code == 200
    assert (response.json()["priority"], response.json()["category"], response.json()["tags"]) == (2, "vpn", ["wifi"])
    carols_ticket.refresh_from_db()
    assert set(carols_ticket.manual_fields) == {"priority", "category", "tags"}


def test_patching_a_nullable_reference_with_null_clears_it(client: Client, bob: User, carols_ticket: Ticket) -> None:
    response = patch(login(client, bob), f"/api/tickets/{carols_ticket.pk}", {"group": None})

    assert response.status_code == 200
    assert response.json()["group"] is None


@pytest.mark.parametrize(
    ("body", "status", "field"),
    [
        ({"description": "rewritten"}, 422, "description"),
        ({"subject": None}, 422, "subject"),
        ({"priority": 0}, 422, "priority"),
        ({"group": "nope"}, 422, "group"),
        ({"required_skills": ["nope"]}, 422, "required_skills"),
        ({"subject": "x" * 201}, 422, "subject"),
        ({"customer_id": 1}, 422, "customer_id"),
    ],
)
def test_a_refused_patch_names_the_field_and_changes_nothing(
    staff: Client, carols_ticket: Ticket, body: dict[str, Any], status: int, field: str
) -> None:
    before = rows()

    response = patch(staff, f"/api/tickets/{carols_ticket.pk}", body)

    assert response.status_code == status
    assert field in response.json()["message"]
    assert rows() == before
    assert Ticket.objects.get(pk=carols_ticket.pk).subject == "VPN drops every hour"


@pytest.mark.parametrize(
    "call",
    [
        ("patch", "", {"priority": 1}),
        ("post", "/transition", {"status": "resolved"}),
        ("post", "/assign", {"agent_id": "ALICE"}),
        ("post", "/notes", {"body": "psst"}),
        ("post", "/accept", {}),
    ],
)
def test_a_customer_may_not_work_on_their_own_ticket(
    client: Client, carol: User, alice: User, carols_ticket: Ticket, call: tuple[str, str, dict[str, Any]]
) -> None:
    method, path, body = call
    body = {k: alice.pk if v == "ALICE" else v for k, v in body.items()}
    before = rows()

    response = getattr(login(client, carol), method)(
        f"/api/tickets/{carols_ticket.pk}{path}", body, content_type="application/json"
    )

    assert response.status_code == 403
    assert response.json()["code"] in {"forbidden", "not_assignee"}
    assert response.json()["message"]
    assert rows() == before


def test_assign_accept_and_wait_for_the_customer(client: Client, bob: User, alice: User, carols_ticket: Ticket) -> None:
    url = f"/api/tickets/{carols_ticket.pk}"

    assigned = post(login(Client(), bob), f"{url}/assign", {"agent_id": alice.pk}).json()
    accepted = login(client, alice).post(f"{url}/accept").json()
    waiting = post(client, f"{url}/transition", {"status": "awaiting_customer", "reason": "Asked for logs"}).json()

    assert assigned["status"] == "pending_acceptance"
    assert assigned["assignee"] == {"id": alice.pk, "name": "Alice Agent"}
    assert accepted["status"] == "in_progress"
    assert waiting["status"] == "awaiting_customer"
    assert carols_ticket.timeline.get(kind="status", data__to="awaiting_customer").data["reason"] == "Asked for logs"


def test_an_illegal_transition_is_a_409_with_the_allowed_ones(client: Client, bob: User, carols_ticket: Ticket) -> None:
    before = rows()

    response = post(login(client, bob), f"/api/tickets/{carols_ticket.pk}/transition", {"status": "awaiting_customer"})

    assert response.status_code == 409
    assert response.json()["code"] == "illegal_transition"
    assert "cannot become" in response.json()["message"]
    assert rows() == before


def test_assigning_to_an_unknown_agent_is_a_422_and_only_the_assignee_accepts(
    client: Client, bob: User, alice: User, carols_ticket: Ticket
) -> None:
    login(client, bob)

    unknown = post(client, f"/api/tickets/{carols_ticket.pk}/assign", {"agent_id": 999999})
    post(client, f"/api/tickets/{carols_ticket.pk}/assign", {"agent_id": alice.pk})
    not_hers = client.post(f"/api/tickets/{carols_ticket.pk}/accept")

    assert unknown.status_code == 422
    assert "agent" in unknown.json()["message"]
    assert not_hers.status_code == 403
    assert not_hers.json()["code"] == "not_assignee"


def test_an_outsider_cannot_touch_carols_ticket(client: Client, mallory: User, carols_ticket: Ticket) -> None:
    login(client, mallory)
    before = rows()

    responses = [
        post(client, f"/api/tickets/{carols_ticket.pk}/assign", {"agent_id": mallory.pk}),
        post(client, f"/api/tickets/{carols_ticket.pk}/replies", {"body": "hi"}),
        patch(client, f"/api/tickets/{carols_ticket.pk}", {"priority": 1}),
        client.get(f"/api/tickets/{carols_ticket.pk}/messages"),
    ]

    assert [r.status_code for r in responses] == [404] * 4
    assert rows() == before


# --- conversation and timeline ---


def test_the_customer_replies_and_staff_add_a_note_the_customer_never_sees(
    client: Client, bob: User, carol: User, carols_ticket: Ticket
) -> None:
    url = f"/api/tickets/{carols_ticket.pk}"
    reply = post(login(client, carol), f"{url}/replies", {"body": "Still broken"})
    note = post(login(Client(), bob), f"{url}/notes", {"body": "Router firmware?"})

    seen_by_carol = client.get(f"{url}/messages").json()
    seen_by_bob = login(Client(), bob).get(f"{url}/messages").json()

    assert reply.status_code == note.status_code == 201
    assert reply.json()["public"] is True
    assert reply.json()["author_name"] == "Carol Customer"
    assert note.json()["kind"] == "note"
    assert [m["kind"] for m in seen_by_carol] == ["reply", "reply"]
    assert [m["kind"] for m in seen_by_bob] == ["reply", "reply", "note"]
    assert seen_by_bob[1]["body"] == "<p>Still broken</p>"


def test_the_customer_timeline_holds_only_public_events(
    client: Client, bob: User, carol: User, carols_ticket: Ticket
) -> None:
    post(login(Client(), bob), f"/api/tickets/{carols_ticket.pk}/notes", {"body": "Internal"})

    customer_kinds = [e["kind"] for e in login(client, carol).get(f"/api/tickets/{carols_ticket.pk}/timeline").json()]
    staff_kinds = [e["kind"] for e in login(Client(), bob).get(f"/api/tickets/{carols_ticket.pk}/timeline").json()]

    assert customer_kinds == ["created"]
    assert staff_kinds == ["created", "note"]


def test_another_customer_cannot_reply_to_carols_ticket(client: Client, erin: User, carols_ticket: Ticket) -> None:
    before = rows()

    response = post(login(client, erin), f"/api/tickets/{carols_ticket.pk}/replies", {"body": "me too"})

    assert response.status_code == 404
    assert rows() == before


@pytest.mark.parametrize(
    "case",
    [
        ("/replies", {"body": "x" * 11}, {"DISPATCHDESK_MAX_BODY_LENGTH": 10}),
        ("/notes", {"body": "x" * 1_000_001}, {}),
        ("", {"subject": "x" * 11}, {"DISPATCHDESK_MAX_SUBJECT_LENGTH": 10}),
    ],
)
def test_oversize_text_is_refused_whether_the_schema_or_the_setting_catches_it(
    staff: Client, carols_ticket: Ticket, settings: Any, case: tuple[str, dict[str, str], dict[str, int]]
) -> None:
    path, body, limits = case
    for name, value in limits.items():
        setattr(settings, name, value)
    before = rows()

    method = staff.patch if path == "" else staff.post
    response = method(f"/api/tickets/{carols_ticket.pk}{path}", body, content_type="application/json")

    assert response.status_code == 422
    assert "characters" in response.json()["message"]
    assert rows() == before
