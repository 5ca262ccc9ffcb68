"""API tokens: bearer authentication, and the command that issues them (shown once, stored hashed)."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.test import Client

from dispatchdesk.accounts.auth import api_token_create, token_digest
from dispatchdesk.accounts.models import ApiToken, User
from dispatchdesk.tickets.models import Ticket


def bearer(raw: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {raw}"}


def test_a_valid_token_authenticates_as_its_user_and_records_its_use(
    client: Client, carol: User, carols_ticket: Ticket
) -> None:
    token, raw = api_token_create(user=carol, name="script")

    response = client.get("/api/tickets", headers=bearer(raw))

    assert response.status_code == 200
    assert [t["id"] for t in response.json()["items"]] == [carols_ticket.pk]
    token.refresh_from_db()
    assert token.last_used_at is not None


@pytest.mark.parametrize("header", ["Bearer dd_not-a-real-token", "Bearer ", "Token abc", "dd_raw-without-scheme"])
def test_an_invalid_token_is_a_401_with_code_and_message(client: Client, bob: User, header: str) -> None:
    api_token_create(user=bob, name="real")

    response = client.get("/api/tickets", HTTP_AUTHORIZATION=header)

    assert response.status_code == 401
    assert response.json() == {"code": "unauthenticated", "message": "Send a valid API token or sign in."}


def test_the_token_of_an_inactive_user_is_refused(client: Client, bob: User) -> None:
    token, raw = api_token_create(user=bob, name="old")
    User.objects.filter(pk=bob.pk).update(is_active=False)

    response = client.get("/api/tickets", headers=bearer(raw))

    assert response.status_code == 401
    token.refresh_from_db()
    assert token.last_used_at is None


def test_the_command_prints_a_working_token_once_and_stores_only_its_hash(client: Client, bob: User) -> None:
    out, err = StringIO(), StringIO()

    call_command("create_api_token", "bob", "--name", "crm-sync", stdout=out, stderr=err)

    raw = out.getvalue().strip()
    token = ApiToken.objects.get(user=bob)
    assert token.name == "crm-sync"
    assert token.digest == token_digest(raw)
    assert raw not in (token.digest, token.prefix)
    assert "cannot be shown again" in err.getvalue()
    assert client.get("/api/tickets", headers=bearer(raw)).status_code == 200


@pytest.mark.parametrize(
    ("username", "name", "problem"),
    [("nobody", "x", "no user called"), ("bob", "   ", "1 to 100 characters"), ("bob", "x" * 101, "1 to 100")],
)
def test_the_command_refuses_bad_input_and_creates_no_token(bob: User, username: str, name: str, problem: str) -> None:
    with pytest.raises(CommandError, match=problem):
        call_command("create_api_token", username, "--name", name, stdout=StringIO(), stderr=StringIO())

    assert not ApiToken.objects.exists()


def test_the_command_refuses_an_inactive_user(bob: User) -> None:
    User.objects.filter(pk=bob.pk).update(is_active=False)

    with pytest.raises(CommandError, match="inactive"):
        call_command("create_api_token", "bob", "--name", "x", stdout=StringIO(), stderr=StringIO())

    assert not ApiToken.objects.exists()


def test_the_command_needs_a_token_name(bob: User) -> None:
    with pytest.raises(CommandError, match="--name"):
        call_command("create_api_token", "bob", stdout=StringIO(), stderr=StringIO())

    assert not ApiToken.objects.exists()
