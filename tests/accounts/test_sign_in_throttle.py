"""Guessing passwords is slowed down: five failures for one username from one address lock that
pair out for 15 minutes (django-axes), and the sign-in page says so in the reader's language."""

from datetime import timedelta

import time_machine
from django.test import Client

from dispatchdesk.accounts.models import User
from dispatchdesk.common import clock
from tests.conftest import PASSWORD

LOCKED = "Too many failed attempts to sign in. Please wait 15 minutes and try again."


def sign_in(client: Client, username: str, password: str, address: str = "203.0.113.5", **headers: str) -> int:
    data = {"username": username, "password": password}
    response = client.post("/accounts/login/", data, REMOTE_ADDR=address, **headers)  # type: ignore[arg-type]
    client.last_text = response.text  # type: ignore[attr-defined]
    return response.status_code


def fail_five_times(client: Client, username: str) -> list[int]:
    return [sign_in(client, username, "wrong guess") for _attempt in range(5)]


def signed_in(client: Client) -> bool:
    return "_auth_user_id" in client.session


def test_five_wrong_passwords_lock_the_username_out_even_for_the_right_one(client: Client, alice: User) -> None:
    statuses = fail_five_times(client, "alice")

    right_password = sign_in(client, "alice", PASSWORD)

    assert statuses == [200, 200, 200, 200, 429]
    assert right_password == 429
    assert LOCKED in client.last_text  # type: ignore[attr-defined]
    assert not signed_in(client)


def test_the_lockout_is_explained_in_german(client: Client, alice: User) -> None:
    fail_five_times(client, "alice")

    sign_in(client, "alice", PASSWORD, HTTP_ACCEPT_LANGUAGE="de")

    assert "Zu viele fehlgeschlagene Anmeldeversuche" in client.last_text  # type: ignore[attr-defined]


def test_the_lock_holds_one_username_from_one_address_only(client: Client, alice: User, bob: User) -> None:
    fail_five_times(client, "alice")

    other_user = sign_in(client, "bob", PASSWORD)
    client.logout()
    other_address = sign_in(client, "alice", PASSWORD, address="198.51.100.7")

    assert other_user == 302
    assert other_address == 302
    assert signed_in(client)


def test_after_fifteen_minutes_the_right_password_works_again(client: Client, alice: User) -> None:
    fail_five_times(client, "alice")

    with time_machine.travel(clock.now() + timedelta(minutes=16)):
        status = sign_in(client, "alice", PASSWORD)

    assert status == 302
    assert signed_in(client)


def test_a_successful_sign_in_forgets_earlier_failures(client: Client, alice: User) -> None:
    [sign_in(client, "alice", "wrong guess") for _attempt in range(4)]
    sign_in(client, "alice", PASSWORD)
    client.logout()

    statuses = [sign_in(client, "alice", "wrong guess") for _attempt in range(4)]

    assert statuses == [200, 200, 200, 200]
