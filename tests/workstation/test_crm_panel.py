"""The CRM panel: the customer's record from the configured CRM, fetched server-side by a real HTTP server."""

import time
from typing import Any

import pytest
from django.test import Client

from dispatchdesk.accounts.models import User
from dispatchdesk.tickets.models import Ticket
from tests.conftest import login
from tests.crm_server import asked, crm_fixture  # noqa: F401 - provides the `crm` fixture
from tests.local_server import LocalServer


@pytest.fixture
def desk(client: Client, alice: User) -> Client:
    return login(client, alice)


def panel(client: Client, ticket: Ticket) -> str:
    response = client.get(f"/agent/tickets/{ticket.pk}/crm/")
    assert response.status_code == 200
    return response.content.decode()


def test_the_panel_shows_the_customers_crm_record_escaped(
    client: Client, alice: User, carols_ticket: Ticket, crm: LocalServer
) -> None:
    html = panel(login(client, alice), carols_ticket)

    assert asked(crm) == ["/contacts?email=carol%40customer.example"]
    assert '<dd class="col-7 text-break">Gold</dd>' in html
    assert '<dt class="col-5 text-truncate" title="company.name">company.name</dt>' in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<script>" not in html


def test_a_second_look_within_the_minute_comes_from_the_cache(
    client: Client, alice: User, carols_ticket: Ticket, crm: LocalServer
) -> None:
    login(client, alice)

    panel(client, carols_ticket)
    html = panel(client, carols_ticket)

    assert len(asked(crm)) == 1
    assert "Gold" in html


def test_a_slow_crm_is_given_up_on_after_the_time_out(
    client: Client, alice: User, carols_ticket: Ticket, crm: LocalServer
) -> None:
    crm.delay = 3
    started = time.monotonic()

    html = panel(login(client, alice), carols_ticket)

    assert time.monotonic() - started < 2.5
    assert "did not answer in time" in html


@pytest.mark.parametrize(
    ("answer", "problem"),
    [
        ((500, b"{}", ""), "answered with an error"),
        ((200, b"<html>", ""), "not JSON"),
        ((200, b"[]", ""), "no record for this contact"),
        ((302, b"", "http://169.254.169.254/latest/meta-data/"), "answered with an error"),  # no redirects followed
    ],
)
def test_a_crm_answer_the_panel_cannot_show_says_why(
    desk: Client, carols_ticket: Ticket, crm: LocalServer, answer: tuple[int, bytes, str], problem: str
) -> None:
    crm.status, crm.body = answer[0], answer[1]
    crm.headers = {"Location": answer[2]} if answer[2] else {}

    html = panel(desk, carols_ticket)

    assert problem in html
    assert len(asked(crm)) == 1


def test_a_loopback_crm_is_refused_unless_allowed(
    client: Client, alice: User, carols_ticket: Ticket, crm: LocalServer, settings: Any
) -> None:
    settings.DISPATCHDESK_CRM_ALLOW_PRIVATE = False

    html = panel(login(client, alice), carols_ticket)

    assert "private or local address" in html
    assert asked(crm) == []


def test_the_ticket_page_loads_the_panel_lazily_only_when_a_crm_is_set(
    client: Client, alice: User, carols_ticket: Ticket, settings: Any
) -> None:
    url = f"/agent/tickets/{carols_ticket.pk}/"
    settings.DISPATCHDESK_CRM_LOOKUP_URL = ""
    assert "crm-panel" not in login(client, alice).get(url).content.decode()

    settings.DISPATCHDESK_CRM_LOOKUP_URL = "https://crm.example/api/contacts?email={email}"
    page = client.get(url).content.decode()

    assert f'hx-get="/agent/tickets/{carols_ticket.pk}/crm/" hx-trigger="load"' in page


def test_an_agent_of_another_group_gets_no_panel(
    client: Client, mallory: User, carols_ticket: Ticket, crm: LocalServer
) -> None:
    response = login(client, mallory).get(f"/agent/tickets/{carols_ticket.pk}/crm/")

    assert response.status_code == 404
    assert asked(crm) == []
