"""The manager dashboard in Chromium: a new ticket counts on it without a reload, and the figure
opens the tickets behind it."""

import pytest
from playwright.sync_api import Page, expect

from dispatchdesk.accounts.models import SkillGroup, User
from dispatchdesk.customers.models import Contact
from dispatchdesk.intake.services import ticket_submit
from dispatchdesk.tickets.models import Channel
from dispatchdesk.tickets.services.fields import TicketFields
from tests.e2e.conftest import sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_a_new_ticket_counts_live_and_its_figure_opens_it(
    page: Page, live_server: object, dave: User, network: SkillGroup
) -> None:
    url = live_server.url  # type: ignore[attr-defined]
    sign_in(page, url, "dave")
    page.goto(f"{url}/manage/dashboard/")
    page.locator("body[data-live-open]").wait_for(state="attached")
    new_today = page.locator('[data-figure="new"]')
    expect(new_today).to_contain_text("0")

    ticket_submit(
        customer=Contact.objects.create(name="Paula Printer", email="paula@customer.example"),
        subject="The printer on floor 3 smokes",
        description="Since this morning.",
        fields=TicketFields(group=network),
        channel=Channel.WEB,
    )
    expect(page.locator('[data-figure="new"] .fs-3')).to_have_text("1", timeout=5_000)

    page.locator('[data-figure="new"]').click()
    expect(page.get_by_role("link", name="The printer on floor 3 smokes")).to_be_visible()
    expect(page.locator("#id_created_from")).not_to_have_value("")
