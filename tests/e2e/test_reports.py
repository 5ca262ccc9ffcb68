"""The reports in Chromium: a manager opens a report, changes the range, sees its chart drawn and
downloads its CSV; a German-speaking manager reads it in German."""

import csv
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from dispatchdesk.accounts.models import SkillGroup, User
from tests.e2e.conftest import sign_in
from tests.reports.desk import build_desk

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def desk(*, settings: Any, carol: User, alice: User, bob: User, network: SkillGroup, software: SkillGroup) -> None:
    settings.TIME_ZONE = "Europe/Berlin"
    build_desk(carol=carol, alice=alice, bob=bob, network=network, software=software)


def test_a_manager_opens_a_report_changes_the_range_and_downloads_csv(
    page: Page, live_server: object, desk: None, dave: User
) -> None:
    url = live_server.url  # type: ignore[attr-defined]
    sign_in(page, url, "dave")
    page.goto(f"{url}/manage/dashboard/")
    page.locator(".reports-link").click()
    page.locator('[data-report="efficiency"]').click()
    expect(page.get_by_role("heading", name="Efficiency")).to_be_visible()

    page.locator("#id_start").fill("2026-11-20")
    page.locator("#id_end").fill("2026-11-23")
    page.get_by_role("button", name="Show").click()
    agents = page.locator('[data-table="agents"]')
    expect(agents).to_contain_text("Alice Agent")
    expect(page.locator(".exports")).to_contain_text("(4 days, desk time)")
    # The chart is drawn from the page's JSON by charts.js with the vendored Chart.js.
    page.wait_for_function("() => window.Chart && Chart.getChart(document.getElementById('chart-handled'))")

    with page.expect_download() as download:
        page.locator('[data-export="csv-agents"]').click()
    path = download.value.path()
    with open(path, encoding="utf-8-sig") as file:
        header, alice = list(csv.reader(file))
    assert (header[0], alice[0], alice[1]) == ("Agent", "Alice Agent", "2")
    assert download.value.suggested_filename == "efficiency-agents-2026-11-20-2026-11-23.csv"

    page.locator('[data-preset="7"]').click()
    expect(page.locator('[data-preset="7"]')).to_have_class("btn btn-outline-primary active")
    expect(agents).to_contain_text("Nothing in this range.")  # the fixture desk's week is long past


def test_bad_range_is_explained_and_german_reads_german(
    page: Page, live_server: object, desk: None, dave: User
) -> None:
    dave.language = "de"
    dave.save(update_fields=["language"])
    url = live_server.url  # type: ignore[attr-defined]
    sign_in(page, url, "dave")
    page.goto(f"{url}/manage/reports/quality/?start=2026-11-23&end=2026-11-20")
    expect(page.get_by_role("heading", name="Qualität")).to_be_visible()
    expect(page.locator(".report-form")).to_contain_text("Der letzte Tag liegt vor dem ersten")
    page.locator("#id_end").fill("2026-11-23")
    page.locator("#id_start").fill("2026-11-20")
    page.get_by_role("button", name="Anzeigen").click()
    expect(page.locator('[data-table="groups"]')).to_contain_text("Network")
    expect(page.locator('[data-table="groups"]')).to_contain_text("50,0 %")  # T1 rated 4, T3 rated 2
