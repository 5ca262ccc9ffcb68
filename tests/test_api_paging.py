"""Every paged list bounds its offset and limit (issue 11: an offset above 2^63 - 1 was a 500), and
the description asks for what the services require (an id is at least 1, a subject not empty)."""

from typing import Any

import pytest
from django.test import Client

from dispatchdesk.accounts.models import User
from dispatchdesk.common.schemas import MAX_OFFSET, MAX_PAGE_SIZE
from dispatchdesk.tickets.models import Ticket
from tests.conftest import login

PAGED = ["/api/tickets", "/api/contacts", "/api/organisations"]


def test_these_are_all_the_paged_lists(client: Client) -> None:
    document: dict[str, Any] = client.get("/api/openapi.json").json()

    paged = {
        path
        for path, item in document["paths"].items()
        for operation in item.values()
        if any(parameter["name"] == "offset" for parameter in operation.get("parameters", []))
    }

    assert paged == set(PAGED)


@pytest.mark.parametrize("path", PAGED)
@pytest.mark.parametrize(
    ("query", "field"),
    [
        ({"offset": 2**63}, "offset"),
        ({"offset": MAX_OFFSET + 1}, "offset"),
        ({"offset": -1}, "offset"),
        ({"limit": 0}, "limit"),
        ({"limit": MAX_PAGE_SIZE + 1}, "limit"),
        ({"limit": 2**64}, "limit"),
    ],
)
def test_a_page_out_of_bounds_is_a_422_naming_the_parameter(
    client: Client, bob: User, path: str, query: dict[str, int], field: str
) -> None:
    response = login(client, bob).get(path, query)

    assert response.status_code == 422
    assert response.json()["code"] == "invalid_input"
    assert field in response.json()["message"]


@pytest.mark.parametrize("path", PAGED)
def test_the_furthest_page_allowed_is_empty_but_counts_everything(
    client: Client, bob: User, carols_ticket: Ticket, path: str
) -> None:
    response = login(client, bob).get(path, {"offset": MAX_OFFSET, "limit": MAX_PAGE_SIZE})

    assert response.status_code == 200
    body = response.json()
    assert body["items"] == []
    assert (body["offset"], body["limit"]) == (MAX_OFFSET, MAX_PAGE_SIZE)
    assert body["count"] >= 1  # carol, her ticket, her organisation


@pytest.mark.parametrize("path", ["/api/tickets/{id}", "/api/contacts/{id}", "/api/tickets/by-number/{id}"])
@pytest.mark.parametrize("value", [0, 2**63])
def test_an_id_that_no_row_can_have_is_a_422(client: Client, bob: User, path: str, value: int) -> None:
    response = login(client, bob).get(path.format(id=value))

    assert response.status_code == 422


def test_the_description_asks_for_what_the_services_require(client: Client) -> None:
    schemas = client.get("/api/openapi.json").json()["components"]["schemas"]

    assert schemas["TicketCreateIn"]["properties"]["subject"]["minLength"] == 1
    assert schemas["TextIn"]["properties"]["body"]["minLength"] == 1
    assert schemas["ContactIn"]["properties"]["name"]["minLength"] == 1
    assert schemas["ContactIn"]["properties"]["email"]["format"] == "email"
    assert schemas["OrganisationIn"]["properties"]["name"]["minLength"] == 1
    assert schemas["AssignIn"]["properties"]["agent_id"]["minimum"] == 1
