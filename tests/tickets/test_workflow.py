"""The status workflow: every legal transition works, every illegal one is refused and changes nothing."""

import itertools

import pytest

from dispatchdesk.accounts.models import User
from dispatchdesk.common.errors import DomainError
from dispatchdesk.tickets import workflow
from dispatchdesk.tickets.models import OWNED_STATUSES, Status, Ticket
from dispatchdesk.tickets.services import ticket_change_status
from tests.factories import TicketFactory

PAIRS = list(itertools.product(Status.values, Status.values))
LEGAL = [(a, b) for a, b in PAIRS if b in workflow.TRANSITIONS[Status(a)]]
# From New, owned statuses are legal but need an assignee: reached through ticket_assign.
NEEDS_ASSIGNEE = [(a, b) for a, b in LEGAL if a == Status.NEW and b in OWNED_STATUSES]
BY_STATUS_CHANGE = [pair for pair in LEGAL if pair not in NEEDS_ASSIGNEE]
ILLEGAL = [(a, b) for a, b in PAIRS if b not in workflow.TRANSITIONS[Status(a)]]


def _ticket_in(status: str, owner: User) -> Ticket:
    assignee = None if status == Status.NEW else owner
    return TicketFactory(status=status, assignee=assignee, group=None)


@pytest.mark.parametrize(("current", "target"), BY_STATUS_CHANGE)
def test_every_legal_transition_moves_the_ticket_and_records_it(bob: User, current: str, target: str) -> None:
    ticket = _ticket_in(current, bob)

    changed = ticket_change_status(ticket_id=ticket.pk, to=target, actor=bob)

    changed.refresh_from_db()
    assert changed.status == target
    event = changed.timeline.get()
    assert event.data["from"] == current
    assert event.data["to"] == target
    if target == Status.NEW:
        assert changed.assignee is None
    if target in OWNED_STATUSES:
        assert changed.assignee == bob


@pytest.mark.parametrize(("current", "target"), ILLEGAL)
def test_every_illegal_transition_is_refused_and_changes_nothing(bob: User, current: str, target: str) -> None:
    ticket = _ticket_in(current, bob)
    before = Ticket.objects.values().get(pk=ticket.pk)

    with pytest.raises(DomainError) as refused:
        ticket_change_status(ticket_id=ticket.pk, to=target, actor=bob)

    assert refused.value.message
    assert Ticket.objects.values().get(pk=ticket.pk) == before
    assert not ticket.timeline.exists()


@pytest.mark.parametrize(("current", "target"), NEEDS_ASSIGNEE)
def test_a_new_ticket_needs_an_assignee_before_it_is_owned(bob: User, current: str, target: str) -> None:
    ticket = TicketFactory(status=current)

    with pytest.raises(DomainError, match="Assign the ticket"):
        ticket_change_status(ticket_id=ticket.pk, to=target, actor=bob)

    ticket.refresh_from_db()
    assert ticket.status == Status.NEW


def test_an_unknown_status_is_refused_as_invalid_input(bob: User) -> None:
    ticket = TicketFactory(status=Status.NEW)

    with pytest.raises(DomainError) as refused:
        ticket_change_status(ticket_id=ticket.pk, to="on_fire", actor=bob)

    assert refused.value.status == 422


def test_reopening_counts_and_clears_the_resolution_time(bob: User) -> None:
    ticket = _ticket_in(Status.IN_PROGRESS, bob)
    ticket_change_status(ticket_id=ticket.pk, to=Status.RESOLVED, actor=bob)

    reopened = ticket_change_status(ticket_id=ticket.pk, to=Status.IN_PROGRESS, actor=bob)

    assert reopened.reopen_count == 1
    assert reopened.resolved_at is None


def test_a_customer_cannot_change_status(carol: User) -> None:
    ticket = TicketFactory(status=Status.NEW)

    with pytest.raises(DomainError) as refused:
        ticket_change_status(ticket_id=ticket.pk, to=Status.RESOLVED, actor=carol)

    assert refused.value.status == 403
