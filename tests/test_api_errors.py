"""Cross-cutting API behaviour: every error is JSON {code, message}, nothing is written on any
error, CSRF guards session calls only, and the OpenAPI document lists every operation with its errors."""

from typing import Any

import pytest
from django.conf import settings as django_settings
from django.test import Client
from django.utils.crypto import get_random_string

from dispatchdesk.accounts.auth import api_token_create
from dispatchdesk.accounts.models import User
from dispatchdesk.customers.models import Contact
from dispatchdesk.tickets.models import Message, Ticket, TimelineEvent
from tests.conftest import login
from tests.factories import ContactFactory

OPERATIONS = {
    ("post", "/api/tickets"),
    ("get", "/api/tickets"),
    ("get", "/api/tickets/by-number/{number}"),
    ("get", "/api/tickets/{ticket_id}"),
    ("patch", "/api/tickets/{ticket_id}"),
    ("post", "/api/tickets/{ticket_id}/transition"),
    ("post", "/api/tickets/{ticket_id}/assign"),
    ("post", "/api/tickets/{ticket_id}/accept"),
    ("post", "/api/tickets/{ticket_id}/replies"),
    ("post", "/api/tickets/{ticket_id}/notes"),
    ("get", "/api/tickets/{ticket_id}/messages"),
    ("get", "/api/tickets/{ticket_id}/timeline"),
    ("get", "/api/contacts"),
    ("post", "/api/contacts"),
    ("get", "/api/contacts/{contact_id}"),
    ("patch", "/api/contacts/{contact_id}"),
    ("get", "/api/organisations"),
    ("post", "/api/organisations"),
    ("get", "/api/organisations/{organisation_id}"),
    ("patch", "/api/organisations/{organisation_id}"),
    ("get", "/api/dispatch/tickets/{ticket_id}/decisions"),
    ("post", "/api/dispatch/tickets/{ticket_id}/claim"),
    ("post", "/api/dispatch/tickets/{ticket_id}/decline"),
    ("post", "/api/dispatch/tickets/{ticket_id}/confirm"),
    ("post", "/api/dispatch/next"),
    ("put", "/api/dispatch/presence"),
    ("get", "/api/notifications"),
    ("post", "/api/notifications/{notification_id}/read"),
}


def rows() -> tuple[int, int, int, int]:
    return Ticket.objects.count(), Message.objects.count(), TimelineEvent.objects.count(), Contact.objects.count()


def assert_error_body(response: Any, status: int, code: str | None = None) -> None:
    body = response.json()
    assert response.status_code == status
    assert response["Content-Type"].startswith("application/json")
    assert {"code", "message"} <= set(body) <= {"code", "message", "errors"}
    assert body["message"]
    if code is not None:
        assert body["code"] == code


@pytest.fixture
def openapi(client: Client) -> dict[str, Any]:
    document: dict[str, Any] = client.get("/api/openapi.json").json()
    return document


def test_the_openapi_document_lists_every_operation(openapi: dict[str, Any]) -> None:
    listed = {(method, path) for path, item in openapi["paths"].items() for method in item}

    assert listed >= OPERATIONS


@pytest.mark.parametrize(("method", "path"), sorted(OPERATIONS))
def test_every_operation_declares_its_error_responses(openapi: dict[str, Any], method: str, path: str) -> None:
    operation = openapi["paths"][path][method]
    has_body = "requestBody" in operation
    has_id = "{" in path

    declared = set(operation["responses"])

    assert {"401", "422"} <= declared
    assert not has_body or {"400", "413"} <= declared
    assert not has_id or "404" in declared
    assert operation["responses"]["401"]["content"]["application/json"]["schema"]["$ref"].endswith("/ErrorOut")


def test_the_interactive_docs_are_served(client: Client) -> None:
    response = client.get("/api/docs")

    assert response.status_code == 200
    assert b"openapi.json" in response.content


@pytest.mark.parametrize(("method", "path"), sorted(OPERATIONS))
def test_every_operation_refuses_anonymous_callers_with_a_401(db: None, client: Client, method: str, path: str) -> None:
    url = path.replace("{number}", "1").replace("{ticket_id}", "1").replace("{contact_id}", "1")
    url = url.replace("{organisation_id}", "1")

    response = getattr(client, method)(url, {}, content_type="application/json") if method != "get" else client.get(url)

    assert_error_body(response, 401, "unauthenticated")


@pytest.mark.parametrize(
    ("method", "url"),
    [
        ("post", "/api/tickets"),
        ("patch", "/api/tickets/{ticket}"),
        ("post", "/api/contacts"),
        ("post", "/api/tickets/{ticket}/notes"),
    ],
)
def test_malformed_json_is_a_400_and_writes_nothing(
    client: Client, bob: User, carols_ticket: Ticket, method: str, url: str
) -> None:
    before = rows()

    response = getattr(login(client, bob), method)(
        url.format(ticket=carols_ticket.pk), '{"subject": "unterminated', content_type="application/json"
    )

    assert_error_body(response, 400, "malformed_body")
    assert rows() == before


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"priority": "high"}, "priority"),
        ({"tags": "vpn"}, "tags"),
        ({"subject": 5}, "subject"),
        ({"is_html": "perhaps"}, "is_html"),
        ({"customer_id": "abc"}, "customer_id"),
        ({"required_skills": [1, 2]}, "required_skills"),
        ({"colour": "red"}, "colour"),
        ({"subject": "x" * 201}, "subject"),
        ({"description": ""}, "description"),
        ({"subject": "   "}, "subject"),
    ],
)
def test_wrong_types_unknown_fields_and_bad_lengths_are_a_422_naming_the_field(
    client: Client, bob: User, change: dict[str, Any], field: str
) -> None:
    contact = ContactFactory()
    before = rows()

    response = login(client, bob).post(
        "/api/tickets",
        {"subject": "Hi", "description": "x", "customer_id": contact.pk, **change},
        content_type="application/json",
    )

    assert_error_body(response, 422)
    assert field in response.json()["message"]
    assert rows() == before


def test_validation_errors_also_carry_machine_readable_detail(client: Client, bob: User) -> None:
    response = login(client, bob).post("/api/tickets", {"subject": "Hi"}, content_type="application/json")

    assert_error_body(response, 422, "invalid_input")
    assert [error["loc"][-1] for error in response.json()["errors"]] == ["description"]


def test_a_body_over_the_upload_limit_is_a_413(client: Client, bob: User, settings: Any) -> None:
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1_000
    _token, raw = api_token_create(user=bob, name="test")
    before = rows()

    response = client.post(
        "/api/tickets",
        {"subject": "Hi", "description": "x" * 2_000, "customer_email": "a@b.example"},
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {raw}",
    )

    assert_error_body(response, 413, "request_too_large")
    assert rows() == before


# --- CSRF ---


@pytest.fixture
def csrf_client() -> Client:
    return Client(enforce_csrf_checks=True)


def new_ticket_body() -> dict[str, Any]:
    return {"subject": "Hi", "description": "x", "customer_id": ContactFactory().pk}


def test_a_session_post_without_the_csrf_token_is_refused(csrf_client: Client, bob: User) -> None:
    body = new_ticket_body()
    before = rows()

    response = login(csrf_client, bob).post("/api/tickets", body, content_type="application/json")

    assert_error_body(response, 403, "csrf_failed")
    assert rows() == before


def test_a_session_post_with_the_csrf_token_goes_through(csrf_client: Client, bob: User) -> None:
    secret = get_random_string(32)
    csrf_client.cookies[django_settings.CSRF_COOKIE_NAME] = secret

    response = login(csrf_client, bob).post(
        "/api/tickets", new_ticket_body(), content_type="application/json", HTTP_X_CSRFTOKEN=secret
    )

    assert response.status_code == 201


def test_a_token_authenticated_post_needs_no_csrf_token(csrf_client: Client, bob: User) -> None:
    _token, raw = api_token_create(user=bob, name="integration")

    response = csrf_client.post(
        "/api/tickets", new_ticket_body(), content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {raw}"
    )

    assert response.status_code == 201


def test_a_safe_session_read_needs_no_csrf_token(csrf_client: Client, bob: User) -> None:
    response = login(csrf_client, bob).get("/api/tickets")

    assert response.status_code == 200
