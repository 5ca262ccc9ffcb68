"""Counts that would scan a huge desk stop at the cap (common.counts): the agent ticket list and the
API's search say "more than" instead of counting every row (issue 15)."""

from typing import Any

import pytest
from django.test import Client

from dispatchdesk.accounts.models import SkillGroup, User
from dispatchdesk.customers.models import Contact
from dispatchdesk.intake.services import ticket_import
from dispatchdesk.tickets.models import Channel
from tests.conftest import login

CAP = 2


@pytest.fixture
def three_printer_tickets(carol: User, network: SkillGroup, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("dispatchdesk.common.counts.COUNT_CAP", CAP)
    contact: Contact = carol.contact
    for floor in ("one", "two", "three"):
        ticket_import(
            customer=contact,
            subject=f"Printer jammed on floor {floor}",
            description="Paper everywhere.",
            actor=carol,
            fields={"group": network},
            channel=Channel.WEB,
        )


def _api(client: Client, query: str) -> Any:
    response = client.get(f"/api/tickets?{query}")
    assert response.status_code == 200, response.content
    return response.json()


@pytest.mark.usefixtures("three_printer_tickets")
def test_the_api_caps_the_count_of_a_search_and_says_so(client: Client, bob: User) -> None:
    login(client, bob)

    searched = _api(client, "q=printer&limit=1")
    listed = _api(client, "limit=1")

    assert (searched["count"], searched["count_capped"], len(searched["items"])) == (CAP + 1, True, 1)
    assert (listed["count"], listed["count_capped"]) == (3, False)  # a list without a search stays exact
    assert _api(client, "q=printer&offset=2")["items"], "the pages past the cap are still served"


@pytest.mark.usefixtures("three_printer_tickets")
def test_a_search_within_the_cap_is_counted_exactly(client: Client, bob: User) -> None:
    found = _api(login(client, bob), "q=three")

    assert (found["count"], found["count_capped"]) == (1, False)


@pytest.mark.usefixtures("three_printer_tickets")
def test_the_agent_ticket_list_says_more_than_the_cap(client: Client, bob: User) -> None:
    page = login(client, bob).get("/agent/tickets/").content.decode()

    assert f"More than {CAP} tickets" in page
    assert "3 tickets" not in page
