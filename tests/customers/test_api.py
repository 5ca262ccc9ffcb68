"""Contacts and organisations over REST: staff only, validated writes, CRM and caller lookups."""

from typing import Any

import pytest
from django.test import Client

from dispatchdesk.accounts.models import User
from dispatchdesk.customers.models import Contact, Organisation
from tests.conftest import login
from tests.factories import ContactFactory, OrganisationFactory

CONTACT_KEYS = {
    "id",
    "name",
    "email",
    "phone",
    "organisation",
    "tier",
    "language",
    "time_zone",
    "external_id",
    "organisation_admin",
    "created_at",
    "updated_at",
}


def rows() -> tuple[int, int]:
    return Contact.objects.count(), Organisation.objects.count()


def post(client: Client, url: str, body: dict[str, Any]) -> Any:
    return client.post(url, body, content_type="application/json")


def patch(client: Client, url: str, body: dict[str, Any]) -> Any:
    return client.patch(url, body, content_type="application/json")


@pytest.fixture
def staff(client: Client, bob: User) -> Client:
    """The test client, signed in as Bob the dispatcher."""
    return login(client, bob)


@pytest.fixture
def acme(db: None) -> Organisation:
    return OrganisationFactory(name="Acme", domain="acme.example")


@pytest.fixture
def wile(acme: Organisation) -> Contact:
    return ContactFactory(
        name="Wile E. Coyote", email="Wile@Acme.example", phone="+49 (30) 123-45/67", organisation=acme
    )


# --- contacts ---


def test_staff_create_a_contact_in_an_organisation(staff: Client, acme: Organisation) -> None:
    body = {"name": " Road Runner ", "email": "beep@acme.example", "phone": "0301234", "organisation_id": acme.pk}

    response = post(staff, "/api/contacts", {**body, "tier": "vip", "external_id": "crm-7"})

    assert response.status_code == 201
    data = response.json()
    assert set(data) == CONTACT_KEYS
    assert data["name"] == "Road Runner"
    assert data["organisation"] == {"id": acme.pk, "name": "Acme"}
    assert (data["tier"], data["language"], data["external_id"]) == ("vip", "en", "crm-7")
    assert Contact.objects.get(pk=data["id"]).email == "beep@acme.example"


def test_a_second_contact_with_the_same_email_in_any_case_is_a_409_naming_the_holder(
    staff: Client, wile: Contact
) -> None:
    before = rows()

    response = post(staff, "/api/contacts", {"name": "Impostor", "email": "WILE@acme.EXAMPLE"})

    assert response.status_code == 409
    assert response.json()["code"] == "contact_email_taken"
    assert f"Wile E. Coyote (id {wile.pk})" in response.json()["message"]
    assert rows() == before


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"name": "A", "email": "a@b.example", "organisation_id": 999999}, "organisation_id"),
        ({"name": "A", "email": "not an email"}, "email"),
        ({"name": "   ", "email": "a@b.example"}, "name"),
        ({"name": "A", "email": "a@b.example", "tier": "gold"}, "tier"),
        ({"name": "A", "email": "a@b.example", "user": 1}, "user"),
        ({"name": "A"}, "email"),
        ({"name": "A", "email": "a@b.example", "phone": "1" * 41}, "phone"),
    ],
)
def test_an_invalid_contact_is_a_422_naming_the_field_and_nothing_is_written(
    staff: Client, body: dict[str, Any], field: str
) -> None:
    before = rows()

    response = post(staff, "/api/contacts", body)

    assert response.status_code == 422
    assert field in response.json()["message"]
    assert rows() == before


def test_the_crm_finds_a_contact_by_email_in_any_case(staff: Client, wile: Contact) -> None:
    ContactFactory(email="someone@else.example")

    found = staff.get("/api/contacts?email=wile@acme.example").json()

    assert [c["id"] for c in found["items"]] == [wile.pk]


@pytest.mark.parametrize("typed", ["+49 30 1234567", "+49-30-123-4567", "+49.30.1234567"])
def test_a_caller_is_found_by_phone_however_the_number_is_spaced(staff: Client, wile: Contact, typed: str) -> None:
    ContactFactory(phone="+49 30 7654321")

    found = staff.get("/api/contacts", {"phone": typed}).json()

    assert [c["id"] for c in found["items"]] == [wile.pk]


def test_a_phone_lookup_of_only_punctuation_finds_nobody(staff: Client, wile: Contact) -> None:
    ContactFactory(phone="")

    found = staff.get("/api/contacts", {"phone": " - "}).json()

    assert found["count"] == 0


def test_contacts_are_paged_by_name_with_the_total(staff: Client) -> None:
    for name in ["Cleo", "Abe", "Bea"]:
        ContactFactory(name=name)

    page = staff.get("/api/contacts?limit=2&offset=1").json()

    assert page["count"] == 3
    assert [c["name"] for c in page["items"]] == ["Bea", "Cleo"]


def test_staff_patch_a_contact_and_clear_its_organisation(staff: Client, wile: Contact) -> None:
    response = patch(staff, f"/api/contacts/{wile.pk}", {"phone": "112", "organisation_id": None})

    assert response.status_code == 200
    assert response.json()["phone"] == "112"
    assert response.json()["organisation"] is None
    assert response.json()["name"] == "Wile E. Coyote"


def test_staff_set_a_contacts_time_zone(staff: Client, wile: Contact) -> None:
    response = patch(staff, f"/api/contacts/{wile.pk}", {"time_zone": "America/Phoenix"})

    assert response.status_code == 200
    assert response.json()["time_zone"] == "America/Phoenix"


@pytest.mark.parametrize(
    ("body", "status", "field"),
    [
        ({"name": None}, 422, "name"),
        ({"email": "taken@acme.example"}, 409, "email"),
        ({"organisation_id": 999999}, 422, "organisation_id"),
        ({"tier": "gold"}, 422, "tier"),
        ({"time_zone": "Berlin"}, 422, "time_zone"),
    ],
)
def test_a_refused_contact_patch_changes_nothing(
    staff: Client, wile: Contact, body: dict[str, Any], status: int, field: str
) -> None:
    ContactFactory(email="taken@acme.example")

    response = patch(staff, f"/api/contacts/{wile.pk}", body)

    assert response.status_code == status
    assert field in response.json()["message"]
    wile.refresh_from_db()
    assert (wile.name, wile.email, wile.tier, wile.organisation is not None, wile.time_zone) == (
        "Wile E. Coyote",
        "Wile@Acme.example",
        "standard",
        True,
        "",
    )


def test_keeping_ones_own_email_in_another_case_is_not_a_conflict(staff: Client, wile: Contact) -> None:
    response = patch(staff, f"/api/contacts/{wile.pk}", {"email": "wile@acme.example"})

    assert response.status_code == 200
    assert response.json()["email"] == "wile@acme.example"


def test_an_unknown_contact_is_a_404(staff: Client) -> None:
    responses = [staff.get("/api/contacts/999999"), patch(staff, "/api/contacts/999999", {"phone": "1"})]

    assert [r.status_code for r in responses] == [404, 404]
    assert responses[1].json() == {"code": "not_found", "message": "Not found."}


# --- organisations ---


def test_staff_create_list_and_rename_organisations(staff: Client, acme: Organisation) -> None:
    created = post(staff, "/api/organisations", {"name": "Globex", "tier": "vip"})
    listed = staff.get("/api/organisations?q=glo").json()
    renamed = patch(staff, f"/api/organisations/{acme.pk}", {"name": "Acme Corp"})
    fetched = staff.get(f"/api/organisations/{acme.pk}").json()

    assert created.status_code == 201
    assert created.json()["tier"] == "vip"
    assert [o["name"] for o in listed["items"]] == ["Globex"]
    assert renamed.status_code == 200
    assert fetched["name"] == "Acme Corp"
    assert fetched["domain"] == "acme.example"


@pytest.mark.parametrize(
    ("body", "status", "field"),
    [
        ({"name": "ACME"}, 409, "name"),
        ({"name": ""}, 422, "name"),
        ({"name": "X", "vip": True}, 422, "vip"),
    ],
)
def test_a_refused_organisation_is_not_written(
    staff: Client, acme: Organisation, body: dict[str, Any], status: int, field: str
) -> None:
    before = rows()

    response = post(staff, "/api/organisations", body)

    assert response.status_code == status
    assert field in response.json()["message"]
    assert rows() == before


def test_renaming_an_organisation_to_anothers_name_is_a_409(staff: Client, acme: Organisation) -> None:
    globex = OrganisationFactory(name="Globex")

    response = patch(staff, f"/api/organisations/{globex.pk}", {"name": "acme"})

    assert response.status_code == 409
    globex.refresh_from_db()
    assert globex.name == "Globex"


# --- who may ---


@pytest.mark.parametrize(
    "call",
    [
        ("get", "/api/contacts", None),
        ("get", "/api/contacts/{contact}", None),
        ("post", "/api/contacts", {"name": "Eve", "email": "eve@evil.example"}),
        ("patch", "/api/contacts/{contact}", {"name": "Owned"}),
        ("get", "/api/organisations", None),
        ("get", "/api/organisations/{organisation}", None),
        ("post", "/api/organisations", {"name": "Evil Inc"}),
        ("patch", "/api/organisations/{organisation}", {"name": "Owned"}),
    ],
)
def test_customers_get_a_403_with_a_message_and_change_nothing(
    client: Client, carol: User, wile: Contact, acme: Organisation, call: tuple[str, str, dict[str, Any] | None]
) -> None:
    method, url, body = call
    url = url.format(contact=wile.pk, organisation=acme.pk)
    before = rows()

    if body is None:
        response = login(client, carol).get(url)
    else:
        response = getattr(login(client, carol), method)(url, body, content_type="application/json")

    assert response.status_code == 403
    assert response.json() == {"code": "forbidden", "message": "Only support staff may do this."}
    assert rows() == before
    wile.refresh_from_db()
    acme.refresh_from_db()
    assert (wile.name, acme.name) == ("Wile E. Coyote", "Acme")


def test_every_staff_role_may_read_contacts(client: Client, alice: User, dave: User, root: User, wile: Contact) -> None:
    statuses = [login(Client(), user).get("/api/contacts").status_code for user in (alice, dave, root)]

    assert statuses == [200, 200, 200]
