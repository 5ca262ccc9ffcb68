"""Dispatch actions on the ticket page (claim, decline, escalate) and the navbar's presence switch."""

import pytest
from django.test import Client

from dispatchdesk.accounts.models import AgentProfile, Presence, SkillGroup, Tier, User
from dispatchdesk.dispatch.models import DispatchDecision, Outcome
from dispatchdesk.dispatch.services import agent_set_presence, ticket_escalate
from dispatchdesk.tickets.models import EventKind, Status, Ticket
from dispatchdesk.tickets.services import ticket_assign
from tests.conftest import login
from tests.factories import AgentFactory

HX = {"HX-Request": "true"}


def detail_url(ticket: Ticket, action: str = "") -> str:
    return f"/agent/tickets/{ticket.pk}/{action + '/' if action else ''}"


def state(ticket: Ticket) -> tuple[str, int | None, str, int, int]:
    ticket.refresh_from_db()
    return ticket.status, ticket.assignee_id, ticket.tier, ticket.timeline.count(), ticket.decisions.count()


@pytest.fixture
def colleague(network: SkillGroup) -> User:
    return AgentFactory(user__username="nora", user__first_name="Nora", groups=[network]).user


@pytest.fixture
def online(alice: User, colleague: User) -> None:
    for agent in (alice, colleague):
        agent_set_presence(agent=agent, presence=Presence.ONLINE)


# --- claim -----------------------------------------------------------------------------------


def test_a_member_claims_queued_work_of_her_group_from_the_page(
    client: Client, alice: User, online: None, carols_ticket: Ticket
) -> None:
    page = login(client, alice).get(detail_url(carols_ticket))
    assert f'action="{detail_url(carols_ticket, "claim")}"' in page.text
    assert "Assign to me" not in page.text  # claiming replaces it on queued work of one's group

    response = client.post(detail_url(carols_ticket, "claim"))

    assert response.status_code == 302
    assert response["Location"] == detail_url(carols_ticket)
    carols_ticket.refresh_from_db()
    assert (carols_ticket.status, carols_ticket.assignee) == (Status.IN_PROGRESS, alice)
    assert carols_ticket.decisions.get().outcome == Outcome.CLAIMED
    after = client.get(response["Location"]).text
    assert "The ticket is yours." in after
    assert f"Taken by {alice}." in after  # the "why" card names who took it, not "no eligible agent"
    assert "No eligible agent was available." not in after


def test_the_slower_claim_is_refused_with_a_message_and_changes_nothing(
    client: Client, alice: User, colleague: User, online: None, carols_ticket: Ticket
) -> None:
    login(client, alice).post(detail_url(carols_ticket, "claim"))
    before = state(carols_ticket)

    response = login(client, colleague).post(detail_url(carols_ticket, "claim"), headers=HX)

    assert response.status_code == 200
    assert f"Ticket {carols_ticket.number} was already taken." in response.text
    assert "/claim/" not in response.text  # and the button is gone
    assert state(carols_ticket) == before


def test_no_claim_button_on_l2_work_for_a_first_line_member(
    client: Client, alice: User, bob: User, carols_ticket: Ticket
) -> None:
    ticket_escalate(ticket_id=carols_ticket.pk, actor=bob, reason="Straight to L2")

    page = login(client, alice).get(detail_url(carols_ticket))

    assert "L2 (specialist)" in page.text
    assert "/claim/" not in page.text


def test_no_claim_button_for_someone_outside_the_group(client: Client, bob: User, carols_ticket: Ticket) -> None:
    page = login(client, bob).get(detail_url(carols_ticket))

    assert "/claim/" not in page.text


# --- decline ---------------------------------------------------------------------------------


def test_the_assignee_declines_with_a_reason_and_the_ticket_is_queued_again(
    client: Client, alice: User, bob: User, online: None, carols_ticket: Ticket
) -> None:
    ticket_assign(ticket_id=carols_ticket.pk, agent_id=alice.pk, actor=bob)
    page = login(client, alice).get(detail_url(carols_ticket))
    assert "/decline/" in page.text

    response = client.post(detail_url(carols_ticket, "decline"), {"decline-reason": "On leave from tomorrow"})

    assert response.status_code == 302
    carols_ticket.refresh_from_db()
    assert carols_ticket.assignee_id != alice.pk
    declined = carols_ticket.decisions.get(outcome=Outcome.DECLINED)
    assert (declined.agent, declined.reason) == (alice, "On leave from tomorrow")


@pytest.mark.parametrize("action", ["decline", "escalate"])
def test_declining_or_escalating_without_a_reason_shows_the_error_and_changes_nothing(
    client: Client, alice: User, bob: User, carols_ticket: Ticket, action: str
) -> None:
    ticket_assign(ticket_id=carols_ticket.pk, agent_id=alice.pk, actor=bob)
    before = state(carols_ticket)

    response = login(client, alice).post(detail_url(carols_ticket, action), {f"{action}-reason": "  "}, headers=HX)

    assert response.status_code == 200
    assert "This field is required." in response.text
    assert state(carols_ticket) == before


def test_only_the_assignee_sees_decline_and_others_are_refused(
    client: Client, alice: User, bob: User, carols_ticket: Ticket
) -> None:
    ticket_assign(ticket_id=carols_ticket.pk, agent_id=alice.pk, actor=bob)
    assert "/decline/" not in login(client, bob).get(detail_url(carols_ticket)).text
    before = state(carols_ticket)

    response = client.post(detail_url(carols_ticket, "decline"), {"decline-reason": "not mine"}, headers=HX)

    assert "Only unaccepted work assigned to you can be declined." in response.text
    assert state(carols_ticket) == before


# --- escalate --------------------------------------------------------------------------------


def test_the_assignee_escalates_to_l2_from_the_page(
    client: Client, alice: User, bob: User, carols_ticket: Ticket
) -> None:
    ticket_assign(ticket_id=carols_ticket.pk, agent_id=alice.pk, actor=bob)
    assert "/escalate/" in login(client, alice).get(detail_url(carols_ticket)).text

    response = client.post(detail_url(carols_ticket, "escalate"), {"escalate-reason": "Needs router access"})

    assert response.status_code == 302
    carols_ticket.refresh_from_db()
    assert (carols_ticket.tier, carols_ticket.status, carols_ticket.assignee) == (Tier.L2, Status.NEW, None)
    page = client.get(response["Location"]).text
    assert "The ticket was escalated to L2." in page
    assert "Needs router access" in page  # the timeline shows why (staff only)
    assert "/escalate/" not in page  # L2 work is not escalated again
    assert DispatchDecision.objects.filter(ticket=carols_ticket).exists()


def test_a_member_who_does_not_hold_the_ticket_cannot_escalate_it(
    client: Client, colleague: User, alice: User, bob: User, carols_ticket: Ticket
) -> None:
    ticket_assign(ticket_id=carols_ticket.pk, agent_id=alice.pk, actor=bob)
    assert "/escalate/" not in login(client, colleague).get(detail_url(carols_ticket)).text
    before = state(carols_ticket)

    response = client.post(detail_url(carols_ticket, "escalate"), {"escalate-reason": "I think so"}, headers=HX)

    assert "Only the assigned agent, a dispatcher or the group lead may escalate." in response.text
    assert state(carols_ticket) == before
    assert not carols_ticket.timeline.filter(kind=EventKind.ESCALATION).exists()


# --- presence --------------------------------------------------------------------------------


def test_the_navbar_shows_the_agents_availability_and_switches_it(client: Client, alice: User) -> None:
    page = login(client, alice).get("/agent/tickets/")
    assert 'aria-label="Availability: Offline"' in page.text

    response = client.post("/agent/presence/", {"presence": "online", "next": "/agent/tickets/?open=on"})

    assert response.status_code == 302
    assert response["Location"] == "/agent/tickets/?open=on"
    assert AgentProfile.objects.get(user=alice).presence == Presence.ONLINE
    assert 'aria-label="Availability: On shift"' in client.get(response["Location"]).text  # no shifts: always on


def test_going_away_returns_unaccepted_work(client: Client, alice: User, bob: User, carols_ticket: Ticket) -> None:
    agent_set_presence(agent=alice, presence=Presence.ONLINE)
    ticket_assign(ticket_id=carols_ticket.pk, agent_id=alice.pk, actor=bob)

    login(client, alice).post("/agent/presence/", {"presence": "away"})

    carols_ticket.refresh_from_db()
    assert (carols_ticket.status, carols_ticket.assignee) == (Status.NEW, None)
    assert AgentProfile.objects.get(user=alice).presence == Presence.AWAY


def test_the_switch_never_redirects_off_site_nor_accepts_unknown_values(client: Client, alice: User) -> None:
    response = login(client, alice).post("/agent/presence/", {"presence": "online", "next": "https://evil.example/"})
    assert response["Location"] == "/agent/tickets/"

    refused = client.post("/agent/presence/", {"presence": "asleep"})

    assert refused["Location"] == "/agent/tickets/"
    assert AgentProfile.objects.get(user=alice).presence == Presence.ONLINE


def test_staff_without_an_agent_profile_have_no_switch(client: Client, dave: User) -> None:
    page = login(client, dave).get("/agent/tickets/")

    assert "presence-switch" not in page.text
