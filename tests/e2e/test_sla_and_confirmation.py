"""In Chromium: a customer's new request is confirmed with its number, handler and expected wait;
the agent's list shows an at-risk ticket in yellow and a breached one flashing red."""

import re
from datetime import timedelta

import pytest
from playwright.sync_api import Page, expect

from dispatchdesk.accounts.models import Presence, SkillGroup, User
from dispatchdesk.common import clock
from dispatchdesk.common.clock import frozen_at
from dispatchdesk.dispatch.services.rules import rules_publish
from dispatchdesk.intake.services import ticket_import
from dispatchdesk.sla.models import Calendar, Policy, Target
from dispatchdesk.tickets.models import Channel, Priority, Ticket
from tests.e2e.conftest import sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def around_the_clock(db: None) -> Policy:
    """24/7, first response within an hour; at risk after 45 minutes."""
    policy = Policy.objects.create(name="24/7", calendar=Calendar.objects.create(name="Always", always_open=True))
    for priority in Priority:
        Target.objects.create(policy=policy, priority=priority, first_response_minutes=60, resolution_minutes=480)
    return policy


def opened(minutes_ago: int, subject: str, carol: User, group: SkillGroup) -> Ticket:
    with frozen_at(clock.now() - timedelta(minutes=minutes_ago)):
        return ticket_import(
            customer=carol.contact, subject=subject, description="Help.", fields={"group": group}, channel=Channel.WEB
        )


@pytest.mark.usefixtures("around_the_clock")
def test_a_new_request_is_confirmed_with_number_handler_and_wait(
    page: Page, live_server, carol: User, alice: User, network: SkillGroup
) -> None:
    network.mode = "queue"  # nobody is pushed the ticket: it waits in the Network team's queue
    network.save()
    alice.agent.presence = Presence.ONLINE
    alice.agent.save()
    rules_publish(
        rules=[{"name": "printers", "when": {"keywords": ["printer"]}, "then": {"group": "network"}}], actor=None
    )
    sign_in(page, live_server.url, "carol")

    page.get_by_role("link", name="New request").click()
    page.get_by_label("Subject").fill("Printer on floor 2 is offline")
    page.get_by_label("Describe what happened").fill("It shows error E-42 since this morning.")
    page.get_by_role("button", name="Send request").click()

    ticket = Ticket.objects.get(subject="Printer on floor 2 is offline")
    expect(page).to_have_url(re.compile(rf"/t/{ticket.access_key}/"))
    expect(page.locator("#confirmation")).to_contain_text(str(ticket.number))
    expect(page.locator(".handler")).to_contain_text("the Network team")
    # Alice is free and nothing waits ahead: about the usual pickup time (5 minutes without history).
    expect(page.locator("#expected-wait")).to_contain_text("about 5 minutes")


@pytest.mark.usefixtures("around_the_clock")
def test_the_list_shows_at_risk_in_yellow_and_breached_flashing_red(
    page: Page, live_server, carol: User, alice: User, network: SkillGroup
) -> None:
    breached = opened(90, "Server room too hot", carol, network)
    at_risk = opened(50, "Badge reader broken", carol, network)
    on_time = opened(5, "New mouse please", carol, network)
    sign_in(page, live_server.url, "alice")

    page.goto(f"{live_server.url}/agent/tickets/?open=on")

    row = page.locator("tr", has_text=breached.subject)
    expect(row.locator(".sla-breached")).to_be_visible()
    expect(row.locator(".sla-breached")).to_have_css("animation-name", "sla-flash")
    expect(page.locator("tr", has_text=at_risk.subject).locator(".sla-at-risk")).to_be_visible()
    expect(page.locator("tr", has_text=on_time.subject).locator(".sla-at-risk, .sla-breached")).to_have_count(0)
    page.get_by_label("SLA").select_option("breached")
    expect(page.locator("#ticket-results tbody tr")).to_have_count(1)
    expect(page.locator("#ticket-results")).to_contain_text(breached.subject)
