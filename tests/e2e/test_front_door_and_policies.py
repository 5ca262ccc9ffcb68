"""In Chromium: a request typed in by an agent, a claim the rules refuse explained, a policy switched from the what-if page."""

import re
from datetime import UTC, datetime

import pytest
from playwright.sync_api import Page, expect

from dispatchdesk.accounts.models import DispatchMode, DispatchPolicy, Presence, SkillGroup, User
from dispatchdesk.common.clock import frozen_at
from dispatchdesk.customers.models import Contact
from dispatchdesk.dispatch.models import PolicyChange
from dispatchdesk.dispatch.services.rules import rules_publish
from dispatchdesk.intake.services import ticket_import
from dispatchdesk.tickets.models import Channel, Ticket
from dispatchdesk.tickets.services import ticket_assign, ticket_change_status
from tests.e2e.conftest import sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_an_agent_types_in_a_phoned_in_request_for_a_new_caller(
    page: Page, live_server, alice: User, network: SkillGroup
) -> None:
    rules_publish(
        rules=[{"name": "printers", "when": {"keywords": ["printer"]}, "then": {"group": "network"}}], actor=None
    )
    sign_in(page, live_server.url, "alice")

    page.get_by_role("link", name="New ticket").click()
    page.get_by_label("Customer's email").fill("frank@caller.example")
    page.get_by_label("Subject").fill("Printer offline on floor 2")
    page.get_by_label("What the customer said").fill("Error E-42 since this morning.")
    page.get_by_role("button", name="Create ticket").click()
    expect(page.get_by_text("give their name to add them")).to_be_visible()  # a new caller needs a name
    expect(page.get_by_label("Subject")).to_have_value("Printer offline on floor 2")  # nothing typed is lost
    page.get_by_label("Customer's name").fill("Frank Caller")
    page.get_by_role("button", name="Create ticket").click()

    ticket = Ticket.objects.get()
    expect(page.get_by_text(f"Ticket {ticket.number} was created.")).to_be_visible()
    expect(page).to_have_url(re.compile(f"/agent/tickets/{ticket.pk}/$"))  # routed to her group: she follows it
    assert (ticket.channel, ticket.customer.name, ticket.group) == (Channel.PHONE, "Frank Caller", network)


def test_a_request_routed_away_from_the_agent_is_confirmed_where_it_went(
    page: Page, live_server, mallory: User
) -> None:
    sign_in(page, live_server.url, "mallory")
    page.goto(f"{live_server.url}/agent/tickets/new/")
    page.get_by_label("Customer's email").fill("frank@caller.example")
    page.get_by_label("Customer's name").fill("Frank Caller")
    page.get_by_label("Subject").fill("Something odd")
    page.get_by_label("What the customer said").fill("Cannot say what.")

    page.get_by_role("button", name="Create ticket").click()

    ticket = Ticket.objects.get()
    expect(page.get_by_text(f"Ticket {ticket.number} was created and waits for a dispatcher.")).to_be_visible()
    expect(page.get_by_label("Subject")).to_have_value("")  # ready for the next call


def test_a_member_who_cannot_take_work_now_is_told_why_instead_of_offered_a_claim(
    page: Page, live_server, alice: User, network: SkillGroup, carol: User
) -> None:
    network.mode = DispatchMode.QUEUE
    network.save()
    alice.agent.presence = Presence.OFFLINE
    alice.agent.save()
    ticket = ticket_import(
        customer=carol.contact,
        subject="VPN drops",
        description="Hourly.",
        channel=Channel.WEB,
        fields={"group": network},
    )
    sign_in(page, live_server.url, "alice")

    page.goto(f"{live_server.url}/agent/tickets/{ticket.pk}/")

    expect(page.locator("#claim-hint")).to_have_text(re.compile("You are not available now"))
    expect(page.get_by_role("button", name="Claim")).to_have_count(0)


def test_a_manager_compares_the_policies_and_switches_the_groups_to_the_winner(
    page: Page, live_server, dave: User, alice: User, network: SkillGroup
) -> None:
    customer = Contact.objects.create(name="Carl Customer", email="carl@customer.example")
    for day in (6, 7, 8):  # a few tickets of last January's second week, one resolved by Alice
        with frozen_at(datetime(2025, 1, day, 9, tzinfo=UTC)):
            done = ticket_import(
                customer=customer, subject="VPN drops", description="x", channel=Channel.WEB, fields={"group": network}
            )
        with frozen_at(datetime(2025, 1, day, 9, 30, tzinfo=UTC)):
            ticket_assign(ticket_id=done.pk, agent_id=alice.pk, actor=alice)
            ticket_change_status(ticket_id=done.pk, to="in_progress", actor=alice)
        with frozen_at(datetime(2025, 1, day, 10, tzinfo=UTC)):
            ticket_change_status(ticket_id=done.pk, to="resolved", actor=alice)
    sign_in(page, live_server.url, "dave")

    page.get_by_role("link", name="What-if").click()
    page.get_by_label("From").fill("2025-01-06")
    page.get_by_label("Until").fill("2025-01-13")
    page.get_by_role("button", name="Replay and compare").click()

    expect(page.locator("#comparison")).to_contain_text("wait, 99th percentile")
    publish = page.locator("#publish-form")
    expect(publish).to_contain_text("Switch automatic dispatch to")
    winner = publish.locator("input[name=policy]").input_value()
    publish.get_by_role("button", name=f"Use {winner}").click()

    network.refresh_from_db()
    assert network.policy == winner
    if winner != DispatchPolicy.PRIORITY_DEADLINE:  # switching to what it already uses records nothing
        change = PolicyChange.objects.get()
        assert (change.group, change.actor) == (network, dave)
        expect(page.get_by_text(f"1 group now dispatches with {winner}.")).to_be_visible()
