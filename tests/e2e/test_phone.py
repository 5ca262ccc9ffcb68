"""In Chromium at a phone's width (390 px): the agent list shows each ticket's status, priority and
SLA on screen, and the dispatch console fits the screen."""

from typing import cast

import pytest
from playwright.sync_api import Page, expect

from dispatchdesk.accounts.models import DispatchMode, Presence, SkillGroup, User
from dispatchdesk.intake.services import ticket_submit
from dispatchdesk.tickets.models import Channel, Priority, Ticket
from dispatchdesk.tickets.services.fields import TicketFields
from tests.e2e.conftest import PHONE, sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def fits_the_screen(page: Page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def on_screen(page: Page, selector: str) -> None:
    box = page.locator(selector).first.bounding_box()
    assert box is not None, selector
    assert box["x"] >= 0, (selector, box)
    assert box["x"] + box["width"] <= PHONE["width"], (selector, box)


@pytest.mark.usefixtures("alice", "bob")
def test_the_ticket_list_shows_status_priority_and_sla_on_a_phone(
    phone: Page, live_server, carols_ticket: Ticket
) -> None:
    sign_in(phone, live_server.url, "bob")

    phone.goto(f"{live_server.url}/agent/tickets/")

    row = phone.locator("#ticket-results tbody tr").first
    expect(row).to_contain_text(carols_ticket.subject)
    for cell in ("cell-number", "cell-status", "cell-priority", "cell-due", "cell-assignee"):
        on_screen(phone, f"#ticket-results tbody tr td.{cell}")
    assignee = row.locator("td.cell-assignee")
    expect(assignee).to_contain_text("Unassigned")
    label = assignee.evaluate("cell => getComputedStyle(cell, '::before').content")
    assert label == '"Assignee: "'  # the column heading is hidden on a phone, so the cell says what it is
    fits_the_screen(phone)


@pytest.mark.usefixtures("bob")
def test_the_dispatch_console_fits_a_phone(
    phone: Page, live_server, alice: User, carol: User, network: SkillGroup
) -> None:
    network.mode = DispatchMode.REVIEW  # the engine proposes, the dispatcher confirms
    network.save()
    alice.agent.presence = Presence.ONLINE
    alice.agent.save()
    ticket_submit(
        customer=carol.contact,
        subject="Keine VPN-Verbindung nach Passwortänderung im Außendienst",
        description="Seit heute früh.",
        fields=cast(TicketFields, {"group": network}),
        channel=Channel.WEB,
        priority=Priority.URGENT,
    )
    sign_in(phone, live_server.url, "bob")

    phone.goto(f"{live_server.url}/agent/dispatch/")

    item = phone.locator("#review-heading + .list-group .list-group-item").first
    expect(item).to_contain_text("Keine VPN-Verbindung")
    expect(item.get_by_role("button", name="Confirm")).to_be_visible()
    on_screen(phone, "#review-heading + .list-group .list-group-item .badge")
    fits_the_screen(phone)
