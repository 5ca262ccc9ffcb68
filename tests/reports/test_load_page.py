"""The load page (R5): heatmaps and staffing on the fixture desk, scoped by who asks, bad input in words."""

from typing import Any

import pytest
from django.test import Client

from dispatchdesk.accounts.models import SkillGroup, User
from dispatchdesk.common.clock import frozen_at
from tests.conftest import login
from tests.factories import AgentFactory
from tests.reports.desk import READ_AT, Desk, build_desk
from tests.reports.html import Figures

URL = "/manage/reports/load/"
SPAN = "start=2026-11-20&end=2026-11-23"


@pytest.fixture
def desk(*, settings: Any, carol: User, alice: User, bob: User, network: SkillGroup, software: SkillGroup) -> Desk:
    settings.TIME_ZONE = "Europe/Berlin"
    return build_desk(carol=carol, alice=alice, bob=bob, network=network, software=software)


def page(client: Client, query: str = "") -> tuple[int, Figures, str]:
    with frozen_at(READ_AT):
        response = client.get(f"{URL}?{query}")
    html = response.content.decode()
    return response.status_code, Figures(html), html


def cells(html: str, name: str) -> list[str]:
    """The cells of one heatmap, row by row (Monday first), as the page shows them."""
    table = html.split(f'data-figure="{name}"', 1)[1].split("</table>", 1)[0]
    return [part.split(">", 1)[1].split("</td", 1)[0].strip() for part in table.split("<td")[1:]]


def test_a_manager_sees_the_heatmaps_and_the_staffing(client: Client, desk: Desk, dave: User) -> None:
    login(client, dave)
    status, soup, html = page(client, SPAN)
    assert status == 200
    arrivals = cells(html, "arrivals")
    assert len(arrivals) == 7 * 24
    assert arrivals[0 * 24 + 9] == "3"
    assert arrivals[4 * 24 + 17] == "1"
    assert arrivals[1 * 24 + 9] == ""
    assert cells(html, "worked")[0 * 24 + 10] == "3"
    staffing = cells(html, "staffing")
    needed, on_shift = staffing[0 * 24 + 9].split("/")  # Monday 09:00: Alice and Bob have no shifts
    assert int(needed) == 3  # 2 erlangs (3 an hour of 40 minutes); 3 agents take 80 % within the hour
    assert on_shift == "2"
    assert "40 minutes per ticket" in soup.text["handle-time"]
    assert "Alice Agent" in soup.text["members"]


def test_one_members_work(client: Client, desk: Desk, dave: User, bob: User) -> None:
    login(client, dave)
    _status, _soup, html = page(client, f"{SPAN}&member={bob.pk}")
    assert set(cells(html, "worked")) == {""}  # Bob only assigned


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("start=2026-11-23&end=2026-11-20", "The range ends before it starts"),
        ("start=2016-01-01&end=2026-11-20", "at most a year"),
        ("start=yesterday&end=2026-11-20", "Enter a valid date"),
        (f"{SPAN}&share=100", "less than or equal to 99"),
        (f"{SPAN}&member=999999", "Select a valid choice"),
    ],
)
def test_bad_input_is_a_sentence_on_the_form(client: Client, desk: Desk, dave: User, query: str, message: str) -> None:
    login(client, dave)
    status, _soup, html = page(client, query)
    assert status == 400
    assert message in html
    assert 'data-figure="arrivals"' not in html


def test_a_group_lead_sees_the_groups_they_lead_only(
    client: Client, desk: Desk, network: SkillGroup, software: SkillGroup
) -> None:
    lead = AgentFactory(user__username="lena", user__first_name="Lena", groups=[network]).user
    network.lead = lead
    network.save(update_fields=["lead"])
    login(client, lead)
    status, _soup, html = page(client, SPAN)
    assert status == 200
    assert cells(html, "arrivals")[0 * 24 + 9] == "2"  # T2 and T3; T5 is Software's
    status, soup, _html = page(client, f"{SPAN}&group={software.pk}")
    assert status == 403
    assert "groups you lead" in soup.text["error"]


def test_an_unknown_group_and_an_agent(client: Client, desk: Desk, dave: User, alice: User) -> None:
    login(client, dave)
    status, soup, _html = page(client, "group=4711")
    assert status == 404
    assert "4711" in soup.text["error"]
    login(client, alice)
    assert page(client)[0] == 403


def test_the_default_range_is_the_last_four_weeks(client: Client, desk: Desk, dave: User) -> None:
    login(client, dave)
    status, _soup, html = page(client)
    assert status == 200
    assert 'value="2026-10-26"' in html
    assert 'value="2026-11-22"' in html
