"""Dispatch over REST: explanations, claim, next ticket, decline, confirm and presence."""

from typing import Any, cast

from django.test import Client

from dispatchdesk.accounts.models import AgentSkill, DispatchMode, Presence, Skill, SkillGroup, User
from dispatchdesk.intake.services import ticket_submit
from dispatchdesk.tickets.models import Channel, Status, Ticket
from dispatchdesk.tickets.services.fields import TicketFields
from tests.factories import AgentFactory, ContactFactory


def member(group: SkillGroup, skill: Skill, *, presence: str = Presence.ONLINE) -> User:
    profile = AgentFactory(presence=presence, groups=[group])
    AgentSkill.objects.create(agent=profile, skill=skill, proficiency=4)
    return profile.user


def queued_ticket(group: SkillGroup, skill: Skill, **fields: Any) -> Ticket:
    return ticket_submit(
        customer=ContactFactory(),
        subject="VPN down",
        description="x",
        fields=cast(TicketFields, {"group": group, "required_skills": [skill], **fields}),
        channel=Channel.WEB,
    )


def test_staff_see_why_a_ticket_went_to_an_agent(client: Client, network: SkillGroup, vpn: Skill, bob: User) -> None:
    agent = member(network, vpn)
    ticket = queued_ticket(network, vpn)
    client.force_login(bob)

    response = client.get(f"/api/dispatch/tickets/{ticket.pk}/decisions")

    assert response.status_code == 200
    decision = response.json()[0]
    assert decision["outcome"] == "assigned"
    assert decision["candidates"][0]["agent_id"] == agent.pk
    assert {f["name"] for f in decision["candidates"][0]["factors"]} >= {"proficiency", "spare capacity"}


def test_customers_never_see_dispatch_decisions(client: Client, carol: User, carols_ticket: Ticket) -> None:
    client.force_login(carol)

    assert client.get(f"/api/dispatch/tickets/{carols_ticket.pk}/decisions").status_code == 403


def test_two_members_claim_and_the_second_is_told_it_is_taken(client: Client, network: SkillGroup, vpn: Skill) -> None:
    network.mode = DispatchMode.QUEUE
    network.save()
    first, second = member(network, vpn), member(network, vpn)
    ticket = queued_ticket(network, vpn)

    client.force_login(first)
    assert client.post(f"/api/dispatch/tickets/{ticket.pk}/claim").json()["status"] == Status.IN_PROGRESS
    client.force_login(second)
    refused = client.post(f"/api/dispatch/tickets/{ticket.pk}/claim")

    assert refused.status_code == 409
    assert refused.json()["code"] == "already_taken"


def test_next_ticket_returns_null_when_the_queue_is_empty(client: Client, network: SkillGroup, vpn: Skill) -> None:
    client.force_login(member(network, vpn))

    response = client.post("/api/dispatch/next")

    assert response.status_code == 200
    assert response.json() == {"ticket": None}


def test_decline_needs_a_reason(client: Client, network: SkillGroup, vpn: Skill) -> None:
    agent = member(network, vpn)
    ticket = queued_ticket(network, vpn)
    client.force_login(agent)

    response = client.post(
        f"/api/dispatch/tickets/{ticket.pk}/decline", {"reason": ""}, content_type="application/json"
    )

    assert response.status_code == 422
    ticket.refresh_from_db()
    assert ticket.assignee == agent


def test_going_offline_over_the_api_returns_unaccepted_work(client: Client, network: SkillGroup, vpn: Skill) -> None:
    agent = member(network, vpn)
    ticket = queued_ticket(network, vpn)
    client.force_login(agent)

    response = client.put("/api/dispatch/presence", {"presence": "offline"}, content_type="application/json")

    assert response.status_code == 200
    assert response.json()["moved_ticket_ids"] == [ticket.pk]


def test_an_unknown_presence_is_refused(client: Client, network: SkillGroup, vpn: Skill) -> None:
    client.force_login(member(network, vpn))

    response = client.put("/api/dispatch/presence", {"presence": "asleep"}, content_type="application/json")

    assert response.status_code == 422


def test_the_ticket_page_explains_why_this_agent(client: Client, network: SkillGroup, vpn: Skill, bob: User) -> None:
    agent = member(network, vpn)
    ticket = queued_ticket(network, vpn)
    client.force_login(bob)

    page = client.get(f"/agent/tickets/{ticket.pk}/").content.decode()

    assert "Assigned automatically" in page
    assert str(agent) in page  # by name, not username
    assert "proficiency" in page
