"""The front door: a live request is recorded, routed, dispatched and confirmed; the past is only recorded."""

from collections.abc import Iterator

import pytest

from dispatchdesk.accounts.models import SkillGroup, User
from dispatchdesk.common import events
from dispatchdesk.common.errors import DomainError
from dispatchdesk.common.events import Phase, subscribe
from dispatchdesk.dispatch.services.rules import rules_publish
from dispatchdesk.intake.events import TicketSubmitted
from dispatchdesk.intake.services import ticket_import, ticket_submit
from dispatchdesk.tickets.models import Channel, EventKind, Priority, Ticket
from tests.conftest import Capture
from tests.factories import ContactFactory


@pytest.fixture
def announced() -> Iterator[list[int]]:
    """The ticket ids TicketSubmitted announced during one test."""
    heard: list[int] = []

    def listen(event: TicketSubmitted) -> None:
        heard.append(event.ticket_id)

    subscribe(TicketSubmitted, listen, phase=Phase.AFTER_COMMIT)
    yield heard
    events._handlers[TicketSubmitted, Phase.AFTER_COMMIT].remove(listen)


@pytest.fixture
def printers_to_network(network: SkillGroup) -> None:
    rules_publish(
        rules=[{"name": "printers", "when": {"keywords": ["printer"]}, "then": {"group": "network"}}], actor=None
    )


@pytest.mark.usefixtures("printers_to_network")
def test_a_request_is_routed_dispatched_and_announced_once_committed(
    network: SkillGroup, announced: list[int], django_capture_on_commit_callbacks: Capture
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        ticket = ticket_submit(
            customer=ContactFactory(), subject="Printer offline", description="E-42", channel=Channel.EMAIL
        )

    assert ticket.group == network
    assert ticket.channel == Channel.EMAIL
    kinds = list(ticket.timeline.values_list("kind", flat=True))
    assert kinds[0] == EventKind.CREATED
    assert EventKind.ROUTED in kinds
    assert ticket.decisions.exists()
    assert announced == [ticket.pk]


@pytest.mark.usefixtures("printers_to_network")
def test_fields_given_by_hand_are_left_alone_by_the_rules(software: SkillGroup) -> None:
    ticket = ticket_submit(
        customer=ContactFactory(),
        subject="Printer offline",
        description="E-42",
        channel=Channel.WEB,
        fields={"group": software, "priority": Priority.URGENT},
    )

    assert (ticket.group, ticket.priority) == (software, Priority.URGENT)


@pytest.mark.django_db
def test_a_refused_request_leaves_nothing_and_announces_nothing(announced: list[int]) -> None:
    with pytest.raises(DomainError, match="subject"):
        ticket_submit(customer=ContactFactory(), subject="  ", description="E-42", channel=Channel.WEB)

    assert not Ticket.objects.exists()
    assert announced == []


@pytest.mark.usefixtures("printers_to_network")
def test_a_ticket_from_the_past_is_recorded_as_it_was(
    alice: User, announced: list[int], django_capture_on_commit_callbacks: Capture
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        ticket = ticket_import(
            customer=ContactFactory(), subject="Printer offline", description="E-42", channel=Channel.PHONE, actor=alice
        )

    assert ticket.group is None  # not routed
    assert not ticket.decisions.exists()  # not dispatched
    assert list(ticket.timeline.values_list("kind", flat=True)) == [EventKind.CREATED]
    assert announced == []  # nobody is told today
