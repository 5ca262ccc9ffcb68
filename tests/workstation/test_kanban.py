"""The team board (P4): who sees which board, what it shows, and moves and hand-overs through the
same services as the ticket page, refused with the workflow's or the dispatcher's message."""

from typing import Any

import pytest
from django.test import Client

from dispatchdesk.accounts.models import Presence, SkillGroup, User
from dispatchdesk.common.errors import DomainError
from dispatchdesk.dispatch.services import agent_set_presence, ticket_hand_over
from dispatchdesk.tickets.board import CARDS_PER_COLUMN, team_board
from dispatchdesk.tickets.models import Priority, Status, Ticket, WipLimit
from dispatchdesk.tickets.services import ticket_assign, ticket_change_status
from dispatchdesk.tickets.services.board import wip_limits_set
from tests.conftest import login
from tests.factories import AgentFactory, SkillFactory, TicketFactory

HX = {"HX-Request": "true"}


def move(client: Client, ticket: Ticket, status: str) -> Any:
    return client.post(f"/agent/board/tickets/{ticket.pk}/move/", {"status": status})


def hand_over(client: Client, ticket: Ticket, agent: User) -> Any:
    return client.post(f"/agent/board/tickets/{ticket.pk}/assign/", {"agent": agent.pk})


def trace(ticket: Ticket) -> tuple[str, int | None, int]:
    ticket.refresh_from_db()
    return ticket.status, ticket.assignee_id, ticket.timeline.count()


@pytest.fixture
def nora(network: SkillGroup) -> User:
    return AgentFactory(user__username="nora", user__first_name="Nora", user__last_name="North", groups=[network]).user


# --- who opens which board ------------------------------------------------------------------


def test_an_agent_opens_her_groups_board_but_not_another_groups(
    client: Client, alice: User, network: SkillGroup, software: SkillGroup
) -> None:
    login(client, alice)

    assert client.get(f"/agent/board/{network.pk}/").status_code == 200
    assert client.get(f"/agent/board/{software.pk}/").status_code == 404


def test_a_dispatcher_opens_every_groups_board(
    client: Client, bob: User, network: SkillGroup, software: SkillGroup
) -> None:
    login(client, bob)

    assert client.get(f"/agent/board/{network.pk}/").status_code == 200
    assert client.get(f"/agent/board/{software.pk}/").status_code == 200


def test_the_board_entry_opens_an_agents_first_group(client: Client, alice: User, network: SkillGroup) -> None:
    response = login(client, alice).get("/agent/board/")

    assert response.status_code == 302
    assert response["Location"] == f"/agent/board/{network.pk}/"


def test_the_board_entry_opens_ones_own_tickets_without_a_group(client: Client, dave: User) -> None:
    response = login(client, dave).get("/agent/board/")

    assert response["Location"] == "/agent/board/mine/"


# --- what a board shows ---------------------------------------------------------------------


def test_cards_stand_in_their_status_column_and_their_agents_lane(
    client: Client, alice: User, nora: User, network: SkillGroup, carols_ticket: Ticket
) -> None:
    ticket_assign(ticket_id=carols_ticket.pk, agent_id=alice.pk, actor=alice)
    agent_set_presence(agent=nora, presence=Presence.ONLINE)  # a lane to drop work on, though she holds none
    queued = TicketFactory(group=network, subject="Printer on fire", priority=Priority.URGENT)

    page = login(client, alice).get(f"/agent/board/{network.pk}/").text

    assert "Board: Network" in page
    assert "Alice Agent" in page
    assert "Nora North" in page
    board = team_board(alice, group=network, lanes_by="agent")
    cells = {(lane.key, cell.status): [t.pk for t in cell.tickets] for lane in board.lanes for cell in lane.cells}
    assert cells[(alice.pk, Status.PENDING_ACCEPTANCE)] == [carols_ticket.pk]
    assert cells[(None, Status.NEW)] == [queued.pk]
    assert f'data-ticket-id="{carols_ticket.pk}"' in page
    assert "P1 urgent" in page
    assert "Carol Customer" in page


def test_offline_members_without_work_have_no_lane(alice: User, nora: User, network: SkillGroup) -> None:
    agent_set_presence(agent=alice, presence=Presence.ONLINE)

    board = team_board(alice, group=network, lanes_by="agent")

    assert [lane.key for lane in board.lanes] == [None, alice.pk]
    assert board.agents == [alice]


def test_priority_lanes_put_each_card_in_its_priority(alice: User, network: SkillGroup) -> None:
    urgent = TicketFactory(group=network, priority=Priority.URGENT)
    low = TicketFactory(group=network, priority=Priority.LOW)

    board = team_board(alice, group=network, lanes_by="priority")

    shown = {lane.key: [t.pk for cell in lane.cells for t in cell.tickets] for lane in board.lanes}
    assert shown == {1: [urgent.pk], 2: [], 3: [], 4: [low.pk]}


def test_resolved_shows_only_todays_and_closed_work_is_gone(
    alice: User, network: SkillGroup, carols_ticket: Ticket
) -> None:
    ticket_change_status(ticket_id=carols_ticket.pk, to=Status.RESOLVED, actor=alice)
    TicketFactory(group=network, status=Status.CLOSED)
    TicketFactory(group=network, status=Status.RESOLVED, resolved_at="2020-01-01T10:00:00Z")

    board = team_board(alice, group=network, lanes_by="agent")

    assert {c.status: c.count for c in board.columns}[Status.RESOLVED] == 1
    assert sum(c.count for c in board.columns) == 1


def test_my_board_shows_only_my_tickets(
    client: Client, alice: User, nora: User, network: SkillGroup, carols_ticket: Ticket
) -> None:
    ticket_assign(ticket_id=carols_ticket.pk, agent_id=nora.pk, actor=nora)
    mine = TicketFactory(group=network, subject="Mine alone")
    ticket_assign(ticket_id=mine.pk, agent_id=alice.pk, actor=alice)

    page = login(client, alice).get("/agent/board/mine/").text

    assert "Mine alone" in page
    assert carols_ticket.subject not in page


def test_a_full_column_shows_its_most_urgent_cards_and_counts_the_rest(
    alice: User, network: SkillGroup, django_assert_max_num_queries: Any
) -> None:
    TicketFactory.create_batch(CARDS_PER_COLUMN + 3, group=network, priority=Priority.LOW)
    urgent = TicketFactory(group=network, priority=Priority.URGENT)

    with django_assert_max_num_queries(6):
        board = team_board(alice, group=network, lanes_by="agent")

    queue = board.lanes[0].cells[0]
    assert (queue.count, len(queue.tickets), queue.hidden) == (CARDS_PER_COLUMN + 4, CARDS_PER_COLUMN, 4)
    assert queue.tickets[0] == urgent


def test_the_page_renders_in_a_bounded_number_of_queries(
    client: Client, bob: User, network: SkillGroup, django_assert_max_num_queries: Any
) -> None:
    TicketFactory.create_batch(30, group=network)
    login(client, bob)

    with django_assert_max_num_queries(15):
        response = client.get(f"/agent/board/{network.pk}/", headers=HX)

    assert response.status_code == 200
    assert "<html" not in response.text  # the board alone, for the live refresh


def test_a_column_over_its_limit_says_so_without_blocking(client: Client, bob: User, network: SkillGroup) -> None:
    WipLimit.objects.create(group=network, status=Status.NEW, limit=1)
    TicketFactory.create_batch(2, group=network)

    page = login(client, bob).get(f"/agent/board/{network.pk}/").text

    assert "2 / 1" in page
    assert "Over the limit of 1 ticket" in page
    assert "kanban-over-limit" in page


# --- moving a card --------------------------------------------------------------------------


def test_a_move_changes_the_status_through_the_status_service(
    client: Client, alice: User, carols_ticket: Ticket
) -> None:
    ticket_assign(ticket_id=carols_ticket.pk, agent_id=alice.pk, actor=alice)

    response = move(login(client, alice), carols_ticket, Status.IN_PROGRESS)

    assert response.status_code == 200
    assert response.json() == {"message": f"Ticket #{carols_ticket.number} moved."}
    assert carols_ticket.timeline.filter(kind="status", data__to=Status.IN_PROGRESS).exists()
    assert trace(carols_ticket)[:2] == (Status.IN_PROGRESS, alice.pk)


def test_an_illegal_move_is_refused_with_the_workflows_message_and_changes_nothing(
    client: Client, alice: User, carols_ticket: Ticket
) -> None:
    before = trace(carols_ticket)

    response = move(login(client, alice), carols_ticket, Status.AWAITING_CUSTOMER)

    assert response.status_code == 409
    assert response.json()["code"] == "illegal_transition"
    assert "A ticket that is New cannot become Awaiting customer" in response.json()["message"]
    assert trace(carols_ticket) == before


def test_a_move_to_no_status_is_refused_as_bad_input(client: Client, alice: User, carols_ticket: Ticket) -> None:
    before = trace(carols_ticket)

    response = move(login(client, alice), carols_ticket, "sideways")

    assert response.status_code == 422
    assert response.json()["message"]
    assert trace(carols_ticket) == before


def test_an_outsider_cannot_move_a_card_of_another_group(client: Client, mallory: User, carols_ticket: Ticket) -> None:
    before = trace(carols_ticket)

    response = move(login(client, mallory), carols_ticket, Status.RESOLVED)

    assert response.status_code == 404
    assert trace(carols_ticket) == before


# --- handing a card to an agent -------------------------------------------------------------


def test_a_dispatcher_hands_a_card_to_an_eligible_agent(
    client: Client, bob: User, alice: User, carols_ticket: Ticket
) -> None:
    agent_set_presence(agent=alice, presence=Presence.ONLINE)

    response = hand_over(login(client, bob), carols_ticket, alice)

    assert response.status_code == 200, response.json()
    assert trace(carols_ticket)[:2] == (Status.PENDING_ACCEPTANCE, alice.pk)


def test_a_hand_over_to_an_offline_agent_is_refused_by_the_engines_rule(
    client: Client, bob: User, alice: User, carols_ticket: Ticket
) -> None:
    before = trace(carols_ticket)

    response = hand_over(login(client, bob), carols_ticket, alice)

    assert response.status_code == 409
    assert response.json()["code"].startswith("ineligible_")
    assert "Alice Agent" in response.json()["message"]
    assert trace(carols_ticket) == before


def test_a_hand_over_to_an_agent_without_the_skill_is_refused(
    bob: User, alice: User, network: SkillGroup, carols_ticket: Ticket
) -> None:
    agent_set_presence(agent=alice, presence=Presence.ONLINE)
    carols_ticket.required_skills.add(SkillFactory(slug="fibre", name="Fibre"))
    before = trace(carols_ticket)

    with pytest.raises(DomainError) as refused:
        ticket_hand_over(ticket_id=carols_ticket.pk, agent_id=alice.pk, actor=bob)

    assert refused.value.code == "ineligible_missing_skill"
    assert trace(carols_ticket) == before


def test_a_hand_over_to_a_full_agent_is_refused_with_her_load(
    bob: User, alice: User, network: SkillGroup, carols_ticket: Ticket
) -> None:
    agent_set_presence(agent=alice, presence=Presence.ONLINE)
    alice.agent.capacity = 1
    alice.agent.save()
    ticket_assign(ticket_id=TicketFactory(group=network).pk, agent_id=alice.pk, actor=bob)
    before = trace(carols_ticket)

    with pytest.raises(DomainError) as refused:
        ticket_hand_over(ticket_id=carols_ticket.pk, agent_id=alice.pk, actor=bob)

    assert refused.value.code in {"ineligible_capacity", "agent_at_capacity"}
    assert trace(carols_ticket) == before


def test_an_agent_may_not_hand_work_to_a_colleague(
    client: Client, alice: User, nora: User, carols_ticket: Ticket
) -> None:
    agent_set_presence(agent=nora, presence=Presence.ONLINE)
    before = trace(carols_ticket)

    response = hand_over(login(client, alice), carols_ticket, nora)

    assert response.status_code == 403
    assert response.json()["message"] == "Only dispatchers and leads may assign tickets to others."
    assert trace(carols_ticket) == before


def test_the_menu_offers_agents_only_to_those_who_dispatch(
    client: Client, alice: User, bob: User, nora: User, network: SkillGroup
) -> None:
    for agent in (alice, nora):
        agent_set_presence(agent=agent, presence=Presence.ONLINE)

    agents_page = login(client, alice).get(f"/agent/board/{network.pk}/").text
    dispatcher_page = login(Client(), bob).get(f"/agent/board/{network.pk}/").text

    assert "Assign to me" in agents_page
    assert "Assign to Nora North" not in agents_page
    assert "Assign to Nora North" in dispatcher_page
    assert "Assign to Alice Agent" in dispatcher_page


# --- column limits --------------------------------------------------------------------------


def test_a_manager_sets_column_limits_from_the_board(client: Client, dave: User, network: SkillGroup) -> None:
    response = login(client, dave).post(f"/agent/board/{network.pk}/limits/", {Status.NEW: "5", Status.IN_PROGRESS: ""})

    assert response.status_code == 302
    assert dict(WipLimit.objects.filter(group=network).values_list("status", "limit")) == {Status.NEW: 5}


def test_an_agent_may_not_set_limits_and_nothing_changes(alice: User, network: SkillGroup) -> None:
    with pytest.raises(DomainError, match="Only the group's lead"):
        wip_limits_set(actor=alice, group_id=network.pk, limits={Status.NEW: 3})

    assert not WipLimit.objects.exists()


def test_a_limit_out_of_range_is_refused_and_keeps_the_others(dave: User, network: SkillGroup) -> None:
    WipLimit.objects.create(group=network, status=Status.NEW, limit=4)

    with pytest.raises(DomainError):
        wip_limits_set(actor=dave, group_id=network.pk, limits={Status.NEW: 2, Status.IN_PROGRESS: 0})

    assert list(WipLimit.objects.values_list("status", "limit")) == [(Status.NEW, 4)]


def test_the_limits_form_keeps_what_was_typed_when_refused(client: Client, dave: User, network: SkillGroup) -> None:
    response = login(client, dave).post(f"/agent/board/{network.pk}/limits/", {Status.NEW: "-3"})

    assert response.status_code == 200
    assert 'value="-3"' in response.text
    assert not WipLimit.objects.exists()
