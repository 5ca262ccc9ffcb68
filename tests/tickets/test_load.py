"""Agent load follows ownership: active work takes a slot, waiting or finished work frees it."""

import pytest

from dispatchdesk.accounts.models import AgentProfile, SkillGroup, User
from dispatchdesk.common.errors import DomainError
from dispatchdesk.intake.services import ticket_import
from dispatchdesk.tickets.models import Channel, Status, Ticket
from dispatchdesk.tickets.services import ticket_accept, ticket_assign, ticket_change_status
from tests.factories import AgentFactory, ContactFactory


def load_of(user: User) -> int:
    return AgentProfile.objects.get(user=user).load


def new_ticket(group: SkillGroup) -> Ticket:
    return ticket_import(
        customer=ContactFactory(), subject="Help", description="Please", fields={"group": group}, channel=Channel.WEB
    )


def test_assignment_takes_a_slot_and_resolution_frees_it(alice: User, network: SkillGroup) -> None:
    ticket = new_ticket(network)

    ticket_assign(ticket_id=ticket.pk, agent_id=alice.pk, actor=alice)
    ticket_accept(ticket_id=ticket.pk, actor=alice)
    assert load_of(alice) == 1

    ticket_change_status(ticket_id=ticket.pk, to=Status.RESOLVED, actor=alice)
    assert load_of(alice) == 0


def test_waiting_for_the_customer_frees_the_slot_and_the_reply_takes_it_again(alice: User, network: SkillGroup) -> None:
    ticket = new_ticket(network)
    ticket_assign(ticket_id=ticket.pk, agent_id=alice.pk, actor=alice)

    ticket_change_status(ticket_id=ticket.pk, to=Status.IN_PROGRESS, actor=alice)
    ticket_change_status(ticket_id=ticket.pk, to=Status.AWAITING_CUSTOMER, actor=alice)
    assert load_of(alice) == 0

    ticket_change_status(ticket_id=ticket.pk, to=Status.IN_PROGRESS, actor=alice)
    assert load_of(alice) == 1


def test_reassignment_moves_the_slot(alice: User, bob: User, network: SkillGroup) -> None:
    ticket = new_ticket(network)
    ticket_assign(ticket_id=ticket.pk, agent_id=alice.pk, actor=bob)

    ticket_assign(ticket_id=ticket.pk, agent_id=bob.pk, actor=bob)

    assert (load_of(alice), load_of(bob)) == (0, 1)


def test_returning_work_to_the_queue_frees_the_slot(alice: User, network: SkillGroup) -> None:
    ticket = new_ticket(network)
    ticket_assign(ticket_id=ticket.pk, agent_id=alice.pk, actor=alice)

    ticket_change_status(ticket_id=ticket.pk, to=Status.NEW, actor=alice)

    assert load_of(alice) == 0


def test_an_agent_at_capacity_gets_no_more_work_and_nothing_changes(bob: User, network: SkillGroup) -> None:
    full = AgentFactory(capacity=1, groups=[network]).user
    ticket_assign(ticket_id=new_ticket(network).pk, agent_id=full.pk, actor=bob)
    second = new_ticket(network)

    with pytest.raises(DomainError, match="already holds 1 of 1"):
        ticket_assign(ticket_id=second.pk, agent_id=full.pk, actor=bob)

    second.refresh_from_db()
    assert second.assignee is None
    assert second.status == Status.NEW
    assert load_of(full) == 1
