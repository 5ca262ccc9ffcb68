"""Load and staffing in Chromium: a manager opens it from the user menu, picks the fixture desk's days,
reads the heatmaps and the staffing, narrows the work to one member, and is told when the range is wrong."""

from typing import Any

import pytest
from playwright.sync_api import Page, expect

from dispatchdesk.accounts.models import SkillGroup, User
from tests.e2e.conftest import sign_in
from tests.reports.desk import Desk, build_desk

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def desk(*, settings: Any, carol: User, alice: User, bob: User, network: SkillGroup, software: SkillGroup) -> Desk:
    settings.TIME_ZONE = "Europe/Berlin"
    return build_desk(carol=carol, alice=alice, bob=bob, network=network, software=software)


@pytest.mark.usefixtures("desk")
def test_a_manager_reads_load_and_staffing(page: Page, live_server: object, dave: User, bob: User) -> None:
    url = live_server.url  # type: ignore[attr-defined]
    sign_in(page, url, "dave")
    page.goto(f"{url}/manage/dashboard/")
    page.locator("nav .dropdown-toggle").last.click()
    page.get_by_role("link", name="Load and staffing").click()
    expect(page.get_by_role("heading", name="Load and staffing")).to_be_visible()
    expect(page.locator("canvas#chart-staffing")).to_be_visible()  # Chart.js: needed and on shift

    page.locator("#id_start").fill("2026-11-20")
    page.locator("#id_end").fill("2026-11-23")
    page.get_by_role("button", name="Show").click()
    monday = page.locator('[data-figure="arrivals"] tbody tr').first
    expect(monday.locator("td").nth(9)).to_have_text("3")  # T2, T3, T5 at 09:00
    expect(page.locator('[data-figure="worked"] tbody tr').first.locator("td").nth(10)).to_have_text("3")
    expect(page.locator('[data-figure="staffing"] tbody tr').first.locator("td").nth(9)).to_contain_text("/2")
    expect(page.locator('[data-figure="handle-time"]')).to_contain_text("per ticket")

    page.locator("#id_agent").select_option(value=str(bob.pk))
    page.get_by_role("button", name="Show").click()
    expect(page.locator('[data-figure="worked"] tbody td').nth(10)).to_have_text("")

    page.locator("#id_end").fill("2026-11-01")
    page.get_by_role("button", name="Show").click()
    expect(page.locator(".report-form .invalid-feedback")).to_contain_text("The last day comes before the first")
    expect(page.locator('[data-figure="arrivals"]')).to_have_count(0)
