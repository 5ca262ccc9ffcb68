"""A manager downloads the desk from the settings (Export tab), and the file is a desk export."""

import json

import pytest
from playwright.sync_api import Page

from dispatchdesk.accounts.models import User
from dispatchdesk.tickets.models import Ticket
from tests.e2e.conftest import sign_in

pytestmark = pytest.mark.e2e


def test_a_manager_downloads_the_desk_from_the_settings(
    page: Page, live_server, dave: User, carols_ticket: Ticket
) -> None:
    sign_in(page, live_server.url, "dave")
    page.goto(f"{live_server.url}/manage/settings/")
    page.locator("#settings-nav").get_by_role("link", name="Export").click()

    with page.expect_download() as download:
        page.get_by_role("link", name="Download the export").click()

    assert download.value.suggested_filename.startswith("dispatchdesk-")
    lines = download.value.path().read_text(encoding="utf-8").splitlines()
    assert json.loads(lines[0])["format"] == "dispatchdesk-desk"
    numbers = [json.loads(line)["fields"]["number"] for line in lines if json.loads(line)["type"] == "ticket"]
    assert numbers == [carols_ticket.number]
