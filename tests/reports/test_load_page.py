"""The load report (R5) on the report framework: heatmaps and staffing on the fixture desk, scoped by who
asks, its tables exported, bad input in words."""

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
SPAN = "preset=custom&start=2026-11-20&end=2026-11-23"


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
    # 3 an hour of 40 minutes are 2 erlangs; 3 agents take 1 - 4/9 * e^(-1.5) = 90 % within the hour, 2 none.
    assert int(needed) == 3
    assert on_shift == "2"
    assert "40 minutes per ticket" in soup.text["handle-time"]
    assert "Arrivals: 6 tickets" in html
    assert "Alice Agent" in html.split('data-table="members"', 1)[1]


def test_one_agents_work(client: Client, desk: Desk, dave: User, alice: User, bob: User) -> None:
    login(client, dave)
    _status, _soup, html = page(client, f"{SPAN}&agent={bob.pk}")
    assert set(cells(html, "worked")) == {""}  # Bob only assigned
    _status, _soup, html = page(client, f"{SPAN}&agent={alice.pk}")
    assert cells(html, "worked")[0 * 24 + 10] == "3"


def test_the_tables_are_exported(client: Client, desk: Desk, dave: User) -> None:
    login(client, dave)
    with frozen_at(READ_AT):
        response = client.get(f"{URL}export.csv?{SPAN}&table=staffing")
    assert response.status_code == 200
    lines = b"".join(response.streaming_content).decode().splitlines()  # type: ignore[attr-defined]
    assert len(lines) == 1 + 7 * 24
    monday_nine = lines[1 + 9].split(",")
    assert monday_nine[:2] == ["Monday", "9"]
    assert monday_nine[2:] == ["3.0", "3", "2"]  # expected per hour, needed, on shift


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("preset=custom&start=2026-11-23&end=2026-11-20", "The last day comes before the first"),
        ("preset=custom&start=2016-01-01&end=2026-11-20", "at most a year"),
        ("preset=custom&start=yesterday&end=2026-11-20", "Enter a valid date"),
        (f"{SPAN}&agent=999999", "There is no such agent"),
        (f"{SPAN}&group=4711", "There is no such skill group"),
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
    status, _soup, html = page(client, f"{SPAN}&group={software.pk}")
    assert status == 400
    assert "There is no such skill group among yours" in html


def test_an_agent_is_told_why(client: Client, desk: Desk, alice: User) -> None:
    login(client, alice)
    status, _soup, html = page(client)
    assert status == 403
    assert "dashboard" in html


def test_the_default_range_is_the_last_thirty_days(client: Client, desk: Desk, dave: User) -> None:
    login(client, dave)
    status, _soup, html = page(client)
    assert status == 200
    assert 'value="2026-10-25"' in html  # Monday 23 November and the 29 days before
    assert 'value="2026-11-23"' in html
