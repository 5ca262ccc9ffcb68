"""CRM sync over REST (X3): upsert by external id, one at a time or a batch, by admins and integrations."""

from typing import Any

import pytest
from django.test import Client

from dispatchdesk.accounts.auth import api_token_create
from dispatchdesk.accounts.models import Role, User
from dispatchdesk.customers.models import Contact, Organisation
from tests.conftest import login
from tests.factories import ContactFactory, OrganisationFactory, UserFactory

CONTACT_URL = "/api/contacts/by-external-id/"
ORGANISATION_URL = "/api/organisations/by-external-id/"


def put(client: Client, url: str, body: dict[str, Any], headers: dict[str, str] | None = None) -> Any:
    return client.put(url, body, content_type="application/json", headers=headers)


def snapshot() -> list[tuple[Any, ...]]:
    contacts = Contact.objects.order_by("pk").values_list("name", "email", "phone", "external_id", "organisation_id")
    return [*contacts, *Organisation.objects.order_by("pk").values_list("name", "external_id")]


@pytest.fixture
def admin(client: Client, root: User) -> Client:
    return login(client, root)


def test_an_integration_token_creates_then_updates_a_contact_by_its_external_id(client: Client, db: None) -> None:
    crm = UserFactory(username="crm", role=Role.INTEGRATION)
    _token, raw = api_token_create(user=crm, name="CRM")
    bearer = {"Authorization": f"Bearer {raw}"}
    OrganisationFactory(name="Acme", external_id="org-1")

    created = put(
        client,
        CONTACT_URL + "c-42",
        {"name": "Ann", "email": "ann@example.com", "phone": "+49 30 1234567", "organisation_external_id": "org-1"},
        bearer,
    )
    updated = put(client, CONTACT_URL + "c-42", {"name": "Ann Lee"}, bearer)

    assert (created.status_code, updated.status_code) == (201, 200)
    contact = Contact.objects.get(external_id="c-42")
    assert (contact.name, contact.email, contact.phone) == ("Ann Lee", "ann@example.com", "+49301234567")
    assert contact.organisation == Organisation.objects.get(name="Acme")
    assert updated.json()["id"] == created.json()["id"] == contact.pk


def test_a_first_sync_links_the_contact_the_desk_already_has_by_email(admin: Client) -> None:
    known = ContactFactory(email="ann@example.com", external_id="")

    response = put(admin, CONTACT_URL + "c-42", {"email": "ANN@example.com", "language": "de"})

    assert response.status_code == 200
    known.refresh_from_db()
    assert (known.external_id, known.language, Contact.objects.count()) == ("c-42", "de", 1)


@pytest.mark.parametrize(
    ("body", "status", "text"),
    [
        ({"name": "Ann"}, 422, "email"),  # a new contact needs an email
        ({"name": "Ann", "email": "ann@example.com", "phone": "12"}, 422, "phone"),
        ({"name": "Ann", "email": "ann@example.com", "language": "xx"}, 422, "language"),
        (
            {"name": "Ann", "email": "ann@example.com", "organisation_external_id": "nope"},
            422,
            "organisation_external_id",
        ),
        ({"name": "Ann", "email": "taken@example.com"}, 409, "already has the email"),
        ({"name": "Ann", "email": "ann@example.com", "external_id": "other"}, 422, "external_id"),
    ],
)
def test_a_bad_upsert_is_refused_and_changes_nothing(
    admin: Client, body: dict[str, Any], status: int, text: str
) -> None:
    ContactFactory(email="taken@example.com", external_id="c-1")
    before = snapshot()

    response = put(admin, CONTACT_URL + "c-42", body)

    assert response.status_code == status
    assert text in response.json()["message"]
    assert snapshot() == before


@pytest.mark.parametrize("persona", ["alice", "bob", "dave"])
def test_staff_without_the_sync_role_may_not_upsert(
    client: Client, persona: str, request: pytest.FixtureRequest
) -> None:
    login(client, request.getfixturevalue(persona))

    response = put(client, CONTACT_URL + "c-42", {"name": "Ann", "email": "ann@example.com"})

    assert response.status_code == 403
    assert not Contact.objects.exists()


def test_an_organisation_is_created_then_updated_by_its_external_id(admin: Client) -> None:
    created = put(admin, ORGANISATION_URL + "org-1", {"name": "Acme", "tier": "vip"})
    updated = put(admin, ORGANISATION_URL + "org-1", {"domain": "acme.example"})

    assert (created.status_code, updated.status_code) == (201, 200)
    organisation = Organisation.objects.get()
    assert (organisation.name, organisation.tier, organisation.domain) == ("Acme", "vip", "acme.example")


def bulk(client: Client, contacts: list[dict[str, Any]]) -> Any:
    return client.post("/api/contacts/bulk", {"contacts": contacts}, content_type="application/json")


def test_a_batch_creates_and_updates_in_one_go(admin: Client) -> None:
    ContactFactory(email="old@example.com", external_id="c-1", name="Old")

    response = bulk(
        admin,
        [{"external_id": "c-1", "name": "Renamed"}, {"external_id": "c-2", "name": "New", "email": "new@example.com"}],
    )

    assert response.status_code == 200
    assert (response.json()["created"], response.json()["updated"]) == (1, 1)
    assert sorted(Contact.objects.values_list("external_id", "name")) == [("c-1", "Renamed"), ("c-2", "New")]


def test_a_batch_with_bad_rows_names_each_and_saves_none(admin: Client) -> None:
    before = snapshot()

    response = bulk(
        admin,
        [
            {"external_id": "c-1", "name": "Good", "email": "good@example.com"},
            {"external_id": "c-2", "name": "Bad phone", "email": "b@example.com", "phone": "x"},
            {"external_id": "c-3", "name": "Same email", "email": "GOOD@example.com"},
        ],
    )

    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "rows_invalid"
    assert [(error["row"], error["field"]) for error in body["errors"]] == [(2, "phone"), (3, "email")]
    assert snapshot() == before


def test_a_batch_over_a_thousand_rows_is_refused(admin: Client) -> None:
    rows = [{"external_id": f"c-{n}", "name": "N", "email": f"n{n}@example.com"} for n in range(1001)]

    response = bulk(admin, rows)

    assert response.status_code == 422
    assert not Contact.objects.exists()


def test_an_external_id_may_hold_a_slash_and_loses_control_characters(admin: Client) -> None:
    response = put(admin, CONTACT_URL + "crm/7%00", {"name": "Ann", "email": "ann@example.com"})

    assert response.status_code == 201
    assert Contact.objects.get().external_id == "crm/7"


def test_an_external_id_with_a_line_break_is_refused(admin: Client) -> None:
    response = put(admin, CONTACT_URL + "crm%0A7", {"name": "Ann", "email": "ann@example.com"})

    assert response.status_code == 422
    assert "line breaks" in response.json()["message"]
    assert not Contact.objects.exists()


def organisations_bulk(client: Client, organisations: list[dict[str, Any]]) -> Any:
    return client.post("/api/organisations/bulk", {"organisations": organisations}, content_type="application/json")


def test_a_batch_of_organisations_creates_and_updates_by_external_id(admin: Client) -> None:
    OrganisationFactory(name="Old name", external_id="org-1")

    response = organisations_bulk(
        admin,
        [{"external_id": "org-1", "name": "Acme"}, {"external_id": "org-2", "name": "Globex", "tier": "vip"}],
    )

    assert response.status_code == 200
    body = response.json()
    assert (body["created"], body["updated"]) == (1, 1)
    assert [(item["external_id"], item["created"]) for item in body["items"]] == [("org-1", False), ("org-2", True)]
    assert sorted(Organisation.objects.values_list("external_id", "name", "tier")) == [
        ("org-1", "Acme", "standard"),
        ("org-2", "Globex", "vip"),
    ]


def test_a_batch_of_organisations_with_bad_rows_names_each_and_saves_none(admin: Client) -> None:
    OrganisationFactory(name="Taken", external_id="org-9")
    before = snapshot()

    response = organisations_bulk(
        admin,
        [
            {"external_id": "org-1", "name": "Good"},
            {"external_id": "org-2"},  # a new organisation needs a name
            {"external_id": "org-3", "name": "good"},  # the name of row 1, in another case
            {"external_id": "org-4", "name": "Taken"},
        ],
    )

    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "rows_invalid"
    assert [(error["row"], error["field"]) for error in body["errors"]] == [(2, "name"), (3, "name"), (4, "name")]
    assert snapshot() == before


def test_a_batch_of_over_a_thousand_organisations_is_refused_before_anything_is_read(admin: Client) -> None:
    rows = [{"external_id": f"org-{n}", "name": f"Org {n}"} for n in range(1001)]

    response = organisations_bulk(admin, rows)

    assert response.status_code == 422
    assert not Organisation.objects.exists()


@pytest.mark.parametrize("persona", ["alice", "bob", "dave"])
def test_staff_without_the_sync_role_may_not_upsert_organisations_in_bulk(
    client: Client, persona: str, request: pytest.FixtureRequest
) -> None:
    login(client, request.getfixturevalue(persona))

    response = organisations_bulk(client, [{"external_id": "org-1", "name": "Acme"}])

    assert response.status_code == 403
    assert not Organisation.objects.exists()
