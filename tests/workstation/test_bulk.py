"""Bulk actions: each ticked ticket through its own service; the legal ones done, each refusal listed with its reason."""

from typing import Any

from django.test import Client

from dispatchdesk.accounts.models import SkillGroup, User
from dispatchdesk.intake.services import ticket_import
from dispatchdesk.tickets.models import Channel, EventKind, Priority, Status, Ticket
from dispatchdesk.tickets.services import ticket_assign
from tests.conftest import login
from tests.factories import ContactFactory, TicketFactory

BULK = "/agent/inbox/bulk/"


def post(client: Client, tickets: list[Any], **data: Any) -> Any:
    fields = {f"bulk-{name}": value for name, value in data.items()}
    return client.post(BULK, {"ticket": [t.pk for t in tickets], "query": "open=on", **fields})


def test_priority_for_many_tickets_records_one_event_each(client: Client, bob: User, network: SkillGroup) -> None:
    tickets = [TicketFactory(group=network) for _ in range(3)]

    response = post(login(client, bob), tickets, action="priority", priority=Priority.URGENT)

    assert response.status_code == 200
    assert "Done for 3 tickets." in response.text
    for ticket in tickets:
        ticket.refresh_from_db()
        assert ticket.priority == Priority.URGENT
        assert ticket.timeline.filter(kind=EventKind.PRIORITY).count() == 1


def test_illegal_status_moves_are_refused_per_ticket_with_the_reason(
    client: Client, bob: User, network: SkillGroup
) -> None:
    queued = TicketFactory(group=network)  # New -> Resolved is legal
    closed = TicketFactory(group=network, status=Status.CLOSED)
    waiting = TicketFactory(group=network, status=Status.AWAITING_CUSTOMER, assignee=bob)  # legal too

    response = post(login(client, bob), [queued, closed, waiting], action="status", status=Status.RESOLVED)

    assert "Done for 2 tickets." in response.text
    assert f"#{closed.number}" in response.text
    assert "A ticket that is Closed cannot become Resolved" in response.text
    closed.refresh_from_db()
    assert closed.status == Status.CLOSED
    assert not closed.timeline.exists()
    assert Ticket.objects.filter(status=Status.RESOLVED).count() == 2


def test_an_agent_assigning_to_someone_else_is_refused_for_each_ticket(
    client: Client, alice: User, bob: User, network: SkillGroup
) -> None:
    tickets = [TicketFactory(group=network) for _ in range(2)]

    response = post(login(client, alice), tickets, action="assign", agent=bob.pk)

    assert response.text.count("Only dispatchers and leads may assign tickets to others.") == 2
    assert not Ticket.objects.filter(assignee__isnull=False).exists()


def test_assign_to_me_takes_what_is_legal(client: Client, alice: User, bob: User, network: SkillGroup) -> None:
    mine = TicketFactory(group=network)
    already = TicketFactory(group=network)
    ticket_assign(ticket_id=already.pk, agent_id=alice.pk, actor=bob)

    response = post(login(client, alice), [mine, already], action="assign", agent="me")

    assert "Done for 1 ticket." in response.text
    assert "The ticket is already assigned to Alice Agent." in response.text
    mine.refresh_from_db()
    assert mine.assignee == alice


def test_tickets_the_agent_cannot_see_are_refused_without_saying_what_they_are(
    client: Client, alice: User, software: SkillGroup
) -> None:
    hidden = TicketFactory(group=software, subject="Secret merger plans")

    response = post(login(client, alice), [hidden], action="priority", priority=Priority.URGENT)

    assert "This ticket no longer exists or is not yours to see." in response.text
    assert "Secret merger plans" not in response.text
    hidden.refresh_from_db()
    assert hidden.priority == Priority.NORMAL


def test_tags_are_added_and_removed_keeping_the_others(client: Client, bob: User, network: SkillGroup) -> None:
    ticket = TicketFactory(group=network)

    post(login(client, bob), [ticket], action="add_tags", tags="VIP, billing")
    post(client, [ticket], action="remove_tags", tags="billing")

    assert list(ticket.tags.values_list("name", flat=True)) == ["vip"]


def test_merging_duplicates_into_one_refuses_another_customers_ticket(
    client: Client, bob: User, carol: User, network: SkillGroup, carols_ticket: Ticket
) -> None:
    duplicate = ticket_import(
        customer=carol.contact,
        subject="VPN again",
        description="Again.",
        fields={"group": network},
        channel=Channel.EMAIL,
    )
    stranger = ticket_import(
        customer=ContactFactory(), subject="Mine", description="x", fields={"group": network}, channel=Channel.WEB
    )

    response = post(
        login(client, bob), [carols_ticket, duplicate, stranger], action="merge", target=carols_ticket.number
    )

    assert "Done for 2 tickets." in response.text  # the target itself, and the duplicate
    assert "from another customer" in response.text
    duplicate.refresh_from_db()
    stranger.refresh_from_db()
    assert duplicate.merged_into == carols_ticket
    assert duplicate.status == Status.CLOSED
    assert stranger.status == Status.NEW
    assert stranger.merged_into is None


def test_a_missing_value_or_no_ticket_keeps_the_page_and_the_ticks(
    client: Client, bob: User, network: SkillGroup
) -> None:
    ticket = TicketFactory(group=network)

    missing_value = post(login(client, bob), [ticket], action="priority")
    nothing_ticked = client.post(BULK, {"bulk-action": "priority", "bulk-priority": 1})
    unknown_target = post(client, [ticket], action="merge", target=424242)

    assert "This action needs a value here." in missing_value.text
    assert f'value="{ticket.pk}" form="bulk-form"' in missing_value.text
    assert "checked" in missing_value.text
    assert "Tick at least one ticket first." in nothing_ticked.text
    assert "There is no ticket 424242 you can see." in unknown_target.text
    ticket.refresh_from_db()
    assert ticket.priority == Priority.NORMAL
    assert not ticket.timeline.exists()


def test_hundreds_of_tickets_in_one_go(client: Client, bob: User, network: SkillGroup) -> None:
    contact = ContactFactory()
    Ticket.objects.bulk_create(
        [
            Ticket(number=700000 + n, access_key=f"b{n}", subject="Flood", customer=contact, group=network)
            for n in range(300)
        ]
    )
    tickets = list(Ticket.objects.all())

    response = post(login(client, bob), tickets, action="priority", priority=Priority.LOW)

    assert "Done for 300 tickets." in response.text
    assert not Ticket.objects.exclude(priority=Priority.LOW).exists()
