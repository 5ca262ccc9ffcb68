"""The report pages and their exports: scoped by who asks, bad input answered in words, files streamed."""

import csv
import io
from typing import Any

import pytest
from django.http import StreamingHttpResponse
from django.test import Client
from openpyxl import load_workbook

from dispatchdesk.accounts.models import SkillGroup, User
from dispatchdesk.common.clock import frozen_at
from tests.conftest import login
from tests.factories import AgentFactory
from tests.reports.desk import READ_AT, Desk, build_desk

RANGE = "start=2026-11-20&end=2026-11-23"


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


def get(client: Client, url: str) -> Any:
    with frozen_at(READ_AT):
        return client.get(url)


@pytest.mark.parametrize("slug", ["efficiency", "quality", "causes"])
def test_each_report_shows_its_tables_and_charts(client: Client, desk: Desk, dave: User, slug: str) -> None:
    response = get(login(client, dave), f"/manage/reports/{slug}/?{RANGE}")
    html = response.content.decode()
    assert response.status_code == 200
    assert 'data-chart="chart-' in html
    assert 'type="application/json"' in html  # the chart's data, drawn by static/dispatchdesk/charts.js
    assert "vendor/chartjs/chart.umd.min.js" in html


def test_the_efficiency_page_shows_the_agents_figures(client: Client, desk: Desk, dave: User) -> None:
    html = get(login(client, dave), f"/manage/reports/efficiency/?{RANGE}").content.decode()
    assert "Alice Agent" in html
    assert "(4 days, desk time)" in html


def test_the_index_lists_the_reports_and_the_dashboard_links_to_it(client: Client, desk: Desk, dave: User) -> None:
    html = get(login(client, dave), "/manage/reports/").content.decode()
    for slug in ("efficiency", "quality", "causes"):
        assert f'href="/manage/reports/{slug}/"' in html
    assert 'href="/manage/reports/"' in get(client, "/manage/dashboard/").content.decode()


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("start=2026-11-23&end=2026-11-20", "The last day comes before the first"),
        ("start=2016-01-01&end=2026-11-20", "A report covers at most a year"),
        ("start=2026-11-20", "Give both the first and the last day"),
        ("start=yesterday&end=2026-11-20", "Enter a valid date"),
        ("group=99999", "There is no such skill group"),
        ("group=abc", "There is no such skill group"),
        ("agent=99999", "There is no such agent"),
        ("preset=century", "Select a valid choice"),
    ],
)
def test_bad_input_gets_a_sentence_never_a_500(
    client: Client, desk: Desk, dave: User, query: str, message: str
) -> None:
    response = get(login(client, dave), f"/manage/reports/efficiency/?{query}")
    assert response.status_code == 400
    assert message in response.content.decode()
    assert get(client, f"/manage/reports/efficiency/export.csv?{query}").status_code == 400


def test_an_agent_who_left_is_still_selectable_and_marked(client: Client, desk: Desk, dave: User, alice: User) -> None:
    alice.is_active = False
    alice.save(update_fields=["is_active"])
    response = get(login(client, dave), f"/manage/reports/efficiency/?{RANGE}&agent={alice.pk}")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Alice Agent (left)" in html


def test_a_group_lead_sees_only_the_groups_they_lead(
    client: Client, desk: Desk, lead: User, software: SkillGroup
) -> None:
    login(client, lead)
    refused = get(client, f"/manage/reports/quality/?{RANGE}&group={software.pk}")
    assert refused.status_code == 400
    assert "There is no such skill group among yours" in refused.content.decode()
    rows = list(
        csv.reader(
            io.StringIO(
                b"".join(
                    get(client, f"/manage/reports/quality/export.csv?{RANGE}&table=groups").streaming_content
                ).decode("utf-8-sig")
            )
        )
    )
    assert [row[0] for row in rows[1:]] == ["Network"]  # not Software, which T5 belongs to


def test_other_staff_are_told_why(client: Client, desk: Desk, alice: User) -> None:
    response = get(login(client, alice), f"/manage/reports/efficiency/?{RANGE}")
    assert response.status_code == 403
    assert "Only managers, dispatchers and group leads" in response.content.decode()


def test_csv_streams_one_table(client: Client, desk: Desk, dave: User) -> None:
    response = get(login(client, dave), f"/manage/reports/efficiency/export.csv?{RANGE}&table=agents")
    assert isinstance(response, StreamingHttpResponse)
    assert response["Content-Disposition"] == 'attachment; filename="efficiency-agents-2026-11-20-2026-11-23.csv"'
    header, row = list(csv.reader(io.StringIO(response.getvalue().decode("utf-8-sig"))))
    assert header[:3] == ["Agent", "Handled", "First response, median (h)"]
    assert row[:3] == ["Alice Agent", "2", "1.5"]  # T1 and T3; first answers 0.5, 1, 2, 64.5 h


def test_an_unknown_table_is_a_404_with_a_sentence(client: Client, desk: Desk, dave: User) -> None:
    response = get(login(client, dave), f"/manage/reports/efficiency/export.csv?{RANGE}&table=nope")
    assert response.status_code == 404
    assert "no table called" in response.content.decode()


def test_xlsx_has_a_sheet_per_table(client: Client, desk: Desk, dave: User) -> None:
    response = get(login(client, dave), f"/manage/reports/quality/export.xlsx?{RANGE}")
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(b"".join(response.streaming_content)), read_only=True)
    assert book.sheetnames[:2] == ["Per agent", "Per skill group"]
    rows = list(book["Per skill group"].values)
    assert rows[0][:3] == ("Skill group", "Handled", "Reopened")
    assert rows[1][:2] == ("Network", 2)


def test_an_unknown_report_is_a_404(client: Client, desk: Desk, dave: User) -> None:
    assert get(login(client, dave), "/manage/reports/nothing/").status_code == 404
