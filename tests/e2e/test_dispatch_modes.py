"""The four dispatch modes in Chromium, each as the people involved see it on their pages.

automatic: a customer's ticket lands with the one skilled agent online, who accepts it.
review:    the dispatcher overrides the engine's proposal with a reason; the ticket page records it.
queue:     of two agents claiming one ticket only the first gets it; "Next ticket" pulls the most urgent.
hybrid:    first-line work is assigned at once; escalated to L2 it waits for review by a dispatcher.
"""

import re
from collections.abc import Iterator
from typing import Any, cast

import pytest
from playwright.sync_api import Browser, Page, expect

from dispatchdesk.accounts.auth import api_token_create
from dispatchdesk.accounts.models import AgentSkill, DispatchMode, Presence, Skill, SkillGroup, Tier, User
from dispatchdesk.customers.models import Contact
from dispatchdesk.dispatch.models import Outcome
from dispatchdesk.dispatch.services.rules import rules_publish
from dispatchdesk.intake.services import ticket_submit
from dispatchdesk.tickets.models import Channel, Priority, Status, Ticket
from dispatchdesk.tickets.services.fields import TicketFields
from tests.e2e.conftest import sign_in
from tests.factories import AgentFactory, SkillFactory, SkillGroupFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def agent(username: str, name: str, groups: list[SkillGroup], skills: dict[Skill, int], **profile: object) -> User:
    first, last = name.split()
    made = AgentFactory(
        user__username=username,
        user__first_name=first,
        user__last_name=last,
        groups=groups,
        **{"presence": Presence.ONLINE, **profile},
    )
    for skill, level in skills.items():
        AgentSkill.objects.create(agent=made, skill=skill, proficiency=level)
    return made.user


def submit(group: SkillGroup, skill: Skill, subject: str, **fields: Any) -> Ticket:
    customer = Contact.objects.create(
        name="Carl Customer", email=f"carl-{subject.split(maxsplit=1)[0].lower()}@customer.example"
    )
    return ticket_submit(
        customer=customer,
        subject=subject,
        description="Please help.",
        fields=cast(TicketFields, {"group": group, "required_skills": [skill], **fields}),
        channel=Channel.WEB,
    )


def facts(page: Page, name: str) -> str:
    """The text of one entry of the ticket page's Details card."""
    return (
        page.locator("dl.facts dt", has_text=re.compile(f"^{name}$"))
        .locator("xpath=following-sibling::dd[1]")
        .inner_text()
    )


@pytest.fixture
def second_page(browser: Browser, transactional_db: None) -> Iterator[Page]:
    """Another person at another computer: a browser context with its own session."""
    context = browser.new_context(locale="en-GB", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


def test_automatic_the_skilled_agent_online_gets_the_customers_ticket_and_accepts_it(
    page: Page, live_server, alice: User, mallory: User, carol: User
) -> None:
    vpn = SkillFactory(slug="vpn", name="VPN")
    AgentSkill.objects.create(agent=alice.agent, skill=vpn, proficiency=4)
    mallory.agent.presence = Presence.ONLINE  # online, but without the skill: never a candidate
    mallory.agent.save()
    rules_publish(
        rules=[
            {"name": "vpn", "when": {"keywords": ["vpn"]}, "then": {"group": "network", "required_skills": ["vpn"]}}
        ],
        actor=None,
    )
    _token, raw = api_token_create(user=carol, name="e2e")

    sign_in(page, live_server.url, "alice")  # Alice starts offline and goes online with the navbar switch
    page.locator("#presence-switch").get_by_role("button", name="Availability: Offline").click()
    page.locator("#presence-switch").get_by_role("button", name="Available").click()
    switch = page.locator("#presence-switch").get_by_role(
        "button", name=re.compile("^Availability: (On shift|Overtime)$")
    )
    expect(switch).to_be_visible()

    created = page.request.post(
        f"{live_server.url}/api/tickets",
        data={"subject": "VPN drops every hour", "description": "Since Monday."},
        headers={"Authorization": f"Bearer {raw}"},
    )
    assert created.status == 201, created.text()
    number = created.json()["number"]

    page.get_by_role("link", name="My tickets").click()
    page.get_by_role("link", name="VPN drops every hour").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(f"#{number}")
    assert facts(page, "Assignee") == "Alice Agent"
    assert facts(page, "Status") == "Pending acceptance"
    expect(page.locator("#decision-heading")).to_contain_text("Assigned automatically")
    page.get_by_role("button", name="Accept this ticket").click()

    expect(page.get_by_text("You accepted the ticket.")).to_be_visible()
    expect(page.locator("dl.facts")).to_contain_text("In progress")
    assert facts(page, "Status") == "In progress"


def test_review_the_dispatcher_overrides_the_proposal_and_the_ticket_page_records_why(
    page: Page, live_server, bob: User, software: SkillGroup
) -> None:
    software.mode = DispatchMode.REVIEW
    software.save()
    excel = SkillFactory(slug="excel", name="Excel")
    agent("sarah", "Sarah Stein", [software], {excel: 5})
    agent("tom", "Tom Weber", [software], {excel: 2})
    ticket = submit(software, excel, "Macro breaks the spreadsheet")
    assert ticket.status == Status.NEW

    sign_in(page, live_server.url, "bob")
    page.get_by_role("link", name="Dispatch", exact=True).click()
    item = page.locator(f"#review-{ticket.pk}")
    expect(item).to_contain_text("Macro breaks the spreadsheet")
    proposals = item.locator("form")
    expect(proposals).to_have_count(2)
    expect(proposals.nth(0)).to_contain_text("Sarah Stein")  # the engine's first choice (by name), with its reasons
    expect(proposals.nth(0)).to_contain_text("proficiency")
    expect(proposals.nth(0).get_by_role("button", name="Confirm")).to_be_visible()
    expect(proposals.nth(1)).to_contain_text("Tom Weber")
    proposals.nth(1).get_by_label("Reason for overriding").fill("Tom set up this customer's macros")
    proposals.nth(1).get_by_role("button", name="Assign instead").click()

    expect(page.get_by_text(f"Ticket {ticket.number} assigned.")).to_be_visible()
    expect(page.locator(f"#review-{ticket.pk}")).to_have_count(0)
    page.goto(f"{live_server.url}/agent/tickets/{ticket.pk}/")
    assert facts(page, "Assignee") == "Tom Weber"
    assert facts(page, "Status") == "Pending acceptance"
    why = page.locator("section", has=page.locator("#decision-heading"))
    expect(why).to_contain_text("Overridden by dispatcher")
    expect(why).to_contain_text("Tom set up this customer's macros")
    expect(why).to_contain_text("Bob")


def test_queue_one_claim_wins_the_other_is_told_and_next_ticket_pulls_the_most_urgent(
    page: Page, second_page: Page, live_server
) -> None:
    billing = SkillGroupFactory(slug="billing", name="Billing", mode=DispatchMode.QUEUE)
    invoices = SkillFactory(slug="invoices", name="Invoices")
    agent("anna", "Anna Berg", [billing], {invoices: 3})
    agent("ben", "Ben Kraus", [billing], {invoices: 3})
    contested = submit(billing, invoices, "Invoice shows the wrong VAT")
    routine = submit(billing, invoices, "Change billing address", priority=Priority.LOW)
    urgent = submit(billing, invoices, "Card charged twice", priority=Priority.URGENT)
    assert {t.status for t in (contested, routine, urgent)} == {Status.NEW}

    sign_in(second_page, live_server.url, "ben")  # Ben opens the ticket first ...
    second_page.goto(f"{live_server.url}/agent/tickets/{contested.pk}/")
    expect(second_page.get_by_role("button", name="Claim")).to_be_visible()
    sign_in(page, live_server.url, "anna")  # ... but Anna claims it before he clicks
    page.goto(f"{live_server.url}/agent/tickets/{contested.pk}/")
    page.get_by_role("button", name="Claim").click()
    expect(page.get_by_text("The ticket is yours.")).to_be_visible()
    assert facts(page, "Assignee") == "Anna Berg"
    assert facts(page, "Status") == "In progress"

    second_page.get_by_role("button", name="Claim").click()

    expect(second_page.get_by_text(f"Ticket {contested.number} was already taken.")).to_be_visible()
    expect(second_page.get_by_role("button", name="Claim")).to_have_count(0)
    assert facts(second_page, "Assignee") == "Anna Berg"

    second_page.get_by_role("button", name="Next ticket").click()

    expect(second_page).to_have_url(re.compile(rf"/agent/tickets/{urgent.pk}/$"))
    expect(second_page.get_by_role("heading", level=1)).to_contain_text("Card charged twice")
    assert facts(second_page, "Assignee") == "Ben Kraus"
    assert facts(second_page, "Status") == "In progress"
    routine.refresh_from_db()
    assert (routine.status, routine.assignee) == (Status.NEW, None)


def test_hybrid_first_line_work_is_assigned_and_once_escalated_waits_for_review_for_l2(
    page: Page, live_server, bob: User
) -> None:
    escalations = SkillGroupFactory(slug="escalations", name="Escalations", tier=Tier.L2, mode=DispatchMode.HYBRID)
    security = SkillFactory(slug="security", name="Security")
    first_line = agent("lena", "Lena Vogt", [escalations], {security: 5})
    specialist = agent("stefan", "Stefan Braun", [escalations], {security: 3}, tier=Tier.L2)
    ticket = submit(escalations, security, "Phishing mail opened by the CFO")
    assert (ticket.tier, ticket.assignee) == (Tier.L1, first_line)
    assert ticket.decisions.get().outcome == Outcome.ASSIGNED

    sign_in(page, live_server.url, "lena")
    page.get_by_role("link", name="My tickets").click()
    page.get_by_role("link", name="Phishing mail opened by the CFO").click()
    expect(page.locator("#decision-heading")).to_contain_text("Assigned automatically")
    page.get_by_role("button", name="Accept this ticket").click()
    expect(page.get_by_text("You accepted the ticket.")).to_be_visible()
    page.get_by_label("Why does it need L2?").fill("Mailbox forensics need L2 rights")
    page.get_by_role("button", name="Escalate to L2").click()

    expect(page.get_by_text("The ticket was escalated to L2.")).to_be_visible()
    assert facts(page, "Tier") == "L2 (specialist)"
    assert facts(page, "Status") == "New"
    assert facts(page, "Assignee") == "Unassigned"
    expect(page.locator(".timeline")).to_contain_text("Mailbox forensics need L2 rights")
    expect(page.locator("#decision-heading")).to_contain_text("Proposed for review")
    expect(page.get_by_role("button", name="Escalate to L2")).to_have_count(0)

    page.context.clear_cookies()
    sign_in(page, live_server.url, "bob")
    page.get_by_role("link", name="Dispatch", exact=True).click()
    item = page.locator(f"#review-{ticket.pk}")
    expect(item).to_contain_text("Phishing mail opened by the CFO")
    proposals = item.locator("form")
    expect(proposals).to_have_count(1)  # Lena, first line, may not take L2 work
    expect(proposals.first).to_contain_text(specialist.get_full_name())
    expect(proposals.first.get_by_role("button", name="Confirm")).to_be_visible()
