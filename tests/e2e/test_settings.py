"""The settings area in Chromium: a manager gives an agent a skill and switches a group to review,
and the next ticket is dispatched by exactly that (issue 11)."""

import re

import pytest
from playwright.sync_api import Page, expect

from dispatchdesk.accounts.models import DispatchMode, Presence, SkillGroup, User
from dispatchdesk.customers.models import Contact
from dispatchdesk.dispatch.models import DispatchDecision, Outcome
from dispatchdesk.intake.services import ticket_submit
from dispatchdesk.tickets.models import Channel, Macro, Ticket
from tests.e2e.conftest import sign_in
from tests.factories import SkillFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_a_manager_adds_a_skill_and_changes_a_groups_mode_and_dispatch_follows(
    page: Page, live_server, dave: User, alice: User, network: SkillGroup
) -> None:
    printers = SkillFactory(slug="printers", name="Printers")
    alice.agent.presence = Presence.ONLINE
    alice.agent.save()

    sign_in(page, live_server.url, "dave")
    page.get_by_role("button", name=re.compile(r"^Dave .*Manager$")).click()
    page.get_by_role("link", name="Settings").click()
    page.get_by_role("link", name="Alice Agent").click()
    page.locator("#add-skill").get_by_label("Skill").select_option(label="Printers")
    page.locator("#add-skill").get_by_label("Proficiency").select_option("4")
    page.locator("#add-skill").get_by_role("button", name="Add").click()
    expect(page.get_by_text("Alice Agent: Printers at level 4.")).to_be_visible()
    expect(page.locator("#agent-skills")).to_contain_text("Printers")

    page.locator("#settings-nav").get_by_role("link", name="Skill groups").click()
    page.locator("#groups").get_by_role("link", name="Network").click()
    page.get_by_label("Recommend, dispatcher confirms").check()
    page.get_by_role("button", name="Save group").click()
    expect(page.get_by_text("Group Network saved.")).to_be_visible()
    expect(page.locator("#groups")).to_contain_text("Recommend, dispatcher confirms")

    customer = Contact.objects.create(name="Carl Customer", email="carl@customer.example")
    ticket = ticket_submit(
        customer=customer,
        subject="Printer on floor 2 jams",
        description="Every second page.",
        fields={"group": network, "required_skills": [printers]},
        channel=Channel.WEB,
    )

    decision = DispatchDecision.objects.filter(ticket=ticket).latest("created_at")
    assert (decision.mode, decision.outcome) == (DispatchMode.REVIEW, Outcome.PROPOSED)
    # The skill just given makes Alice the engine's candidate; without it nobody would be.
    assert [c["agent_id"] for c in decision.candidates] == [alice.pk]
    ticket.refresh_from_db()
    assert ticket.assignee is None  # review: proposed to a dispatcher, not assigned


def test_an_agent_inserts_a_macro_filled_in_for_the_ticket_and_edits_it_before_sending(
    page: Page, live_server, alice: User, carols_ticket: Ticket
) -> None:
    Macro.objects.create(name="Greeting", body="Hello {{customer_name}}, ticket {{ticket_number}} is with me.")

    sign_in(page, live_server.url, "alice")
    page.goto(f"{live_server.url}/agent/tickets/{carols_ticket.pk}/")
    page.get_by_role("button", name="Insert macro").click()
    page.get_by_role("button", name=re.compile("^Greeting")).click()
    reply = page.locator("#compose-reply textarea")
    expect(reply).to_have_value(f"Hello Carol Customer, ticket {carols_ticket.number} is with me.")
    reply.press("End")
    reply.type(" Kind regards")
    page.get_by_role("button", name="Send to customer").click()

    expect(page.locator(".conversation, #ticket")).to_contain_text("is with me. Kind regards")
    assert carols_ticket.messages.filter(body__contains="is with me. Kind regards").exists()
