"""ticket_merge: the duplicate's request and conversation move into the target; the duplicate closes, linked."""

import pytest

from dispatchdesk.accounts.models import SkillGroup, User
from dispatchdesk.common.errors import DomainError
from dispatchdesk.customers.models import Contact
from dispatchdesk.intake.services import ticket_import
from dispatchdesk.tickets.models import Channel, EventKind, Status, Ticket
from dispatchdesk.tickets.services import ticket_add_note, ticket_merge, ticket_reply
from tests.factories import ContactFactory


def carols(carol: User, network: SkillGroup, subject: str) -> Ticket:
    contact: Contact = carol.contact
    return ticket_import(
        customer=contact,
        subject=subject,
        description="It drops.",
        actor=carol,
        fields={"group": network},
        channel=Channel.EMAIL,
    )


def test_merging_moves_the_conversation_and_closes_the_duplicate_with_a_link(
    alice: User, carol: User, network: SkillGroup, carols_ticket: Ticket
) -> None:
    duplicate = carols(carol, network, "VPN again")
    ticket_reply(ticket_id=duplicate.pk, author=carol, body="Still broken.")
    ticket_add_note(ticket_id=duplicate.pk, author=alice, body="Same as the other one.")

    ticket_merge(source_id=duplicate.pk, target_id=carols_ticket.pk, actor=alice)

    duplicate.refresh_from_db()
    assert duplicate.status == Status.CLOSED
    assert duplicate.merged_into_id == carols_ticket.pk
    assert not duplicate.messages.exists()
    bodies = [m.body for m in carols_ticket.messages.order_by("created_at", "id")]
    assert "<p>It drops.</p>" in bodies  # the duplicate's request
    assert any("Still broken." in body for body in bodies)
    assert any("Same as the other one." in body for body in bodies)
    merged_here = carols_ticket.timeline.get(kind=EventKind.MERGED)
    assert merged_here.data["from_number"] == duplicate.number
    assert not merged_here.public
    link = duplicate.timeline.get(kind=EventKind.MERGED)
    assert link.public
    assert link.public_data() == {"into_number": carols_ticket.number}


def test_merging_tickets_of_two_customers_is_refused_and_changes_nothing(
    alice: User, network: SkillGroup, carols_ticket: Ticket
) -> None:
    other = ticket_import(
        customer=ContactFactory(), subject="Mine too", description="x", fields={"group": network}, channel=Channel.WEB
    )
    before = (other.messages.count(), other.timeline.count(), carols_ticket.timeline.count())

    with pytest.raises(DomainError, match="another customer"):
        ticket_merge(source_id=other.pk, target_id=carols_ticket.pk, actor=alice)

    other.refresh_from_db()
    assert other.status == Status.NEW
    assert other.merged_into is None
    assert (other.messages.count(), other.timeline.count(), carols_ticket.timeline.count()) == before


def test_a_ticket_is_never_merged_into_itself_nor_into_closed_work(
    alice: User, carol: User, network: SkillGroup, carols_ticket: Ticket
) -> None:
    duplicate = carols(carol, network, "VPN again")
    ticket_merge(source_id=duplicate.pk, target_id=carols_ticket.pk, actor=alice)

    with pytest.raises(DomainError, match="into itself"):
        ticket_merge(source_id=carols_ticket.pk, target_id=carols_ticket.pk, actor=alice)
    with pytest.raises(DomainError, match="closed and cannot take in"):
        ticket_merge(source_id=carols_ticket.pk, target_id=duplicate.pk, actor=alice)


def test_customers_may_not_merge(carol: User, network: SkillGroup, carols_ticket: Ticket) -> None:
    duplicate = carols(carol, network, "VPN again")

    with pytest.raises(DomainError, match="support staff"):
        ticket_merge(source_id=duplicate.pk, target_id=carols_ticket.pk, actor=carol)

    duplicate.refresh_from_db()
    assert duplicate.status == Status.NEW
