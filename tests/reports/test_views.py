"""The dashboard page: figures linked to their tickets, scoped by who asks, bad input answered in words."""

from typing import Any
from urllib.parse import parse_qs, urlparse

import pytest
from django.test import Client
from pytest_django import DjangoAssertNumQueries

from dispatchdesk.accounts.models import SkillGroup, User
from dispatchdesk.common.clock import frozen_at
from tests.conftest import login
from tests.factories import AgentFactory
from tests.reports.desk import READ_AT, Desk, build_desk
from tests.reports.html import Figures

URL = "/manage/dashboard/"


@pytest.fixture
def desk(*, settings: Any, carol: User, alice: User, bob: User, network: SkillGroup, software: SkillGroup) -> Desk:
    settings.TIME_ZONE = "Europe/Berlin"
    return build_desk(carol=carol, alice=alice, bob=bob, network=network, software=software)


@pytest.fixture
def lead(network: SkillGroup) -> User:
    """Lena leads the Network group: she sees its figures and no other group's."""
    user = AgentFactory(user__username="lena", user__first_name="Lena", groups=[network]).user
    network.lead = user
    network.save(update_fields=["lead"])
    return user


def page(client: Client, query: str = "", **headers: str) -> tuple[int, Figures]:
    with frozen_at(READ_AT):
        response = client.get(URL + query, headers=headers)
    return response.status_code, Figures(response.content.decode())


def figure(soup: Figures, name: str) -> str:
    return soup.text[name]


def link(soup: Figures, name: str) -> dict[str, list[str]]:
    href = soup.href[name]
    assert urlparse(href).path == "/agent/inbox/"
    return parse_qs(urlparse(href).query)


def test_a_manager_sees_todays_figures_each_linked_to_its_tickets(client: Client, desk: Desk, dave: User) -> None:
    status, soup = page(login(client, dave))

    assert status == 200
    assert figure(soup, "new") == "New today 5"
    assert link(soup, "new") == {"created_from": ["2026-11-23"], "created_to": ["2026-11-23"]}
    assert figure(soup, "resolved") == "Resolved today 2"
    assert link(soup, "resolved") == {"resolved": ["2026-11-23"]}
    assert figure(soup, "breached") == "Breached now 2"
    assert link(soup, "breached") == {"sla": ["breached"], "order": ["due"]}
    assert figure(soup, "backlog") == "Open 4"
    assert link(soup, "first-response") == {"answered": ["2026-11-23"]}
    # 3 of 4 first responses and 2 of 2 resolutions in time.
    assert "5 of 6 deadlines settled today were met" in figure(soup, "compliance")
    assert figure(soup, "csat") == "Satisfaction (CSAT) 50 % 1 of 2 ratings 4 or 5"
    assert "1 agent, 2 of 5 slots in use" in figure(soup, "agents")


def test_the_linked_list_shows_the_tickets_behind_a_figure(client: Client, desk: Desk, dave: User) -> None:
    login(client, dave)
    _status, soup = page(client)
    href = soup.href["resolved"]

    with frozen_at(READ_AT):
        listed = client.get(href)

    assert {ticket.pk for ticket in listed.context["page"]} == {desk.tickets["T1"].pk, desk.tickets["T3"].pk}


def test_durations_read_in_words(client: Client, desk: Desk, dave: User) -> None:
    _status, soup = page(login(client, dave))

    # First response: 17 h average, 1.5 h median; 1.25 h and 1.25 h in business hours.
    assert (
        figure(soup, "first-response")
        == "First response 4 17 hours 1 hour, 30 minutes 1 hour, 15 minutes 1 hour, 15 minutes"
    )


def test_one_group_and_its_links(client: Client, desk: Desk, dave: User, software: SkillGroup) -> None:
    status, soup = page(login(client, dave), f"?group={software.pk}")

    assert status == 200
    assert figure(soup, "new") == "New today 1"
    assert link(soup, "new") == {
        "group": [str(software.pk)],
        "created_from": ["2026-11-23"],
        "created_to": ["2026-11-23"],
    }


def test_the_live_refresh_gets_the_figures_alone(client: Client, desk: Desk, dave: User) -> None:
    _status, soup = page(login(client, dave), "", HX_Request="true")

    assert soup.by_id["dashboard-figures"]["hx-trigger"].startswith("live-ticket from:body delay:1s")
    assert "main-nav" not in soup.by_id


def test_the_page_takes_a_bounded_number_of_queries(
    client: Client, desk: Desk, dave: User, django_assert_max_num_queries: DjangoAssertNumQueries
) -> None:
    login(client, dave)
    with django_assert_max_num_queries(20):
        page(client, "", HX_Request="true")


def test_a_group_lead_sees_their_group_only(client: Client, desk: Desk, lead: User, software: SkillGroup) -> None:
    status, soup = page(login(client, lead))

    assert status == 200
    assert figure(soup, "new") == "New today 4"  # Network's four, not Software's T5
    assert soup.options == ["All my groups", "Network"]

    status, soup = page(client, f"?group={software.pk}")

    assert status == 403
    assert "You may see the figures of the groups you lead only." in soup.text["error"]


@pytest.mark.parametrize(
    ("query", "status", "message"),
    [
        ("?group=999999", 404, "There is no skill group with the number 999999."),
        ("?group=network", 400, "Choose a skill group from the list."),
        ("?group=-1", 400, "Choose a skill group from the list."),
    ],
)
def test_a_bad_group_is_answered_in_a_sentence(
    *, client: Client, desk: Desk, dave: User, query: str, status: int, message: str
) -> None:
    answered, soup = page(login(client, dave), query)

    assert answered == status
    assert message in soup.text["error"]


def test_an_agent_is_told_the_dashboard_is_not_theirs(client: Client, desk: Desk, alice: User) -> None:
    status, soup = page(login(client, alice))

    assert status == 403
    assert "Only managers, dispatchers and group leads" in soup.text["error"]
    assert "/manage/dashboard/" not in soup.nav_links


def test_the_navbar_offers_the_dashboard_to_those_who_may(client: Client, dave: User) -> None:
    response = login(client, dave).get("/agent/tickets/")

    assert "/manage/dashboard/" in Figures(response.content.decode()).nav_links
