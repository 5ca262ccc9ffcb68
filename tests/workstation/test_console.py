"""The dispatcher console: review queue with confirm and override, group queues, agent board; next ticket."""

from datetime import timedelta

import pytest
from django.test import Client

from dispatchdesk.accounts.models import AgentSkill, DispatchMode, Presence, Skill, SkillGroup, User
from dispatchdesk.common import clock
from dispatchdesk.common.clock import frozen_at
from dispatchdesk.dispatch.models import DispatchDecision, Outcome
from dispatchdesk.intake.services import ticket_submit
from dispatchdesk.sla.models import Calendar, Policy, Target
from dispatchdesk.tickets.models import Channel, Status, Ticket
from tests.factories import AgentFactory, ContactFactory, TicketFactory


@pytest.fixture
def vpn(db: None) -> Skill:
    return Skill.objects.create(slug="vpn", name="VPN")


def member(group: SkillGroup, skill: Skill, level: int) -> User:
    profile = AgentFactory(presence=Presence.ONLINE, groups=[group])
    AgentSkill.objects.create(agent=profile, skill=skill, proficiency=level)
    return profile.user


def waiting(group: SkillGroup, skill: Skill, subject: str = "VPN down") -> Ticket:
    return ticket_submit(
        customer=ContactFactory(),
        subject=subject,
        description="x",
        fields={"group": group, "required_skills": [skill]},
        channel=Channel.WEB,
    )


@pytest.fixture
def review_group(network: SkillGroup) -> SkillGroup:
    network.mode = DispatchMode.REVIEW
    network.save()
    return network


def test_the_console_lists_proposals_queues_and_agents(
    client: Client, bob: User, review_group: SkillGroup, vpn: Skill
) -> None:
    expert = member(review_group, vpn, 5)
    waiting(review_group, vpn, "Tunnel flaps")
    client.force_login(bob)

    page = client.get("/agent/dispatch/").content.decode()

    assert "Tunnel flaps" in page
    assert str(expert) in page  # by name, not username
    assert "Network" in page


def test_confirming_assigns_the_proposed_agent(client: Client, bob: User, review_group: SkillGroup, vpn: Skill) -> None:
    expert = member(review_group, vpn, 5)
    ticket = waiting(review_group, vpn)
    client.force_login(bob)

    response = client.post(f"/agent/dispatch/{ticket.pk}/confirm/", {"agent": expert.pk})

    assert response.status_code == 302
    ticket.refresh_from_db()
    assert ticket.assignee == expert
    assert DispatchDecision.objects.filter(ticket=ticket, outcome=Outcome.CONFIRMED).exists()


def test_an_override_without_a_reason_is_refused_and_nothing_changes(
    client: Client, bob: User, review_group: SkillGroup, vpn: Skill
) -> None:
    member(review_group, vpn, 5)
    second = member(review_group, vpn, 1)
    ticket = waiting(review_group, vpn)
    client.force_login(bob)

    response = client.post(f"/agent/dispatch/{ticket.pk}/confirm/", {"agent": second.pk, "reason": ""})

    assert response.status_code == 200
    assert "why you override" in response.content.decode()
    ticket.refresh_from_db()
    assert ticket.status == Status.NEW


def test_agents_do_not_get_the_console(client: Client, alice: User) -> None:
    client.force_login(alice)

    assert client.get("/agent/dispatch/").status_code == 404


def test_next_ticket_opens_the_pulled_ticket(client: Client, network: SkillGroup, vpn: Skill) -> None:
    network.mode = DispatchMode.QUEUE
    network.save()
    agent = member(network, vpn, 3)
    ticket = waiting(network, vpn)
    client.force_login(agent)

    response = client.post("/agent/next/")

    assert response.status_code == 302
    assert response["Location"] == f"/agent/tickets/{ticket.pk}/"
    ticket.refresh_from_db()
    assert (ticket.assignee, ticket.status) == (agent, Status.IN_PROGRESS)


def test_a_proposal_past_its_deadline_shows_the_breach(
    client: Client, bob: User, review_group: SkillGroup, vpn: Skill
) -> None:
    member(review_group, vpn, 5)
    always = Calendar.objects.create(name="Always", always_open=True)
    policy = Policy.objects.create(name="24/7", calendar=always)
    Target.objects.create(policy=policy, priority=3, first_response_minutes=30, resolution_minutes=240)
    with frozen_at(clock.now() - timedelta(hours=1)):
        waiting(review_group, vpn, "Tunnel flaps")
    client.force_login(bob)

    page = client.get("/agent/dispatch/").content.decode()

    assert 'class="badge sla-breached"' in page


def test_the_board_counts_tickets_waiting_on_the_customer_and_the_queues_count_new_ones(
    client: Client, bob: User, alice: User, network: SkillGroup
) -> None:
    in_hand = TicketFactory(assignee=alice, group=network, status=Status.IN_PROGRESS)
    parked = TicketFactory.create_batch(3, assignee=alice, group=network, status=Status.AWAITING_CUSTOMER)
    TicketFactory.create_batch(2, group=network, status=Status.NEW)
    TicketFactory(group=network, status=Status.CLOSED)
    client.force_login(bob)

    page = client.get("/agent/dispatch/").content.decode()

    assert f"#{in_hand.number}<" in page
    assert all(f"#{ticket.number}<" not in page for ticket in parked)
    assert "3 waiting for the customer" in page
    assert '<td class="text-end">2</td>' in page  # the network queue: its two New tickets only
