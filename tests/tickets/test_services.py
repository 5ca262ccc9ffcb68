"""Ticket services: each writes its change and its timeline event together, or neither."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction
from PIL import Image

from dispatchdesk.accounts.models import SkillGroup, User
from dispatchdesk.common.errors import DomainError
from dispatchdesk.customers.models import Contact
from dispatchdesk.intake.services import ticket_import
from dispatchdesk.tickets.models import (
    Attachment,
    Channel,
    EventKind,
    Message,
    MessageKind,
    NumberSequence,
    Status,
    Ticket,
    TimelineEvent,
)
from dispatchdesk.tickets.services import (
    ticket_accept,
    ticket_add_note,
    ticket_assign,
    ticket_change_status,
    ticket_reply,
    ticket_update_fields,
)
from tests.factories import ContactFactory


def png_upload(name: str = "photo.png") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "red").save(buffer, format="PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


class RollbackError(Exception):
    """Raised after a service call to roll back the surrounding transaction."""


def assign_then_fail(ticket: Ticket, agent: User) -> None:
    with transaction.atomic():
        ticket_assign(ticket_id=ticket.pk, agent_id=agent.pk, actor=agent)
        raise RollbackError


def test_creation_numbers_tickets_sequentially_with_an_unguessable_key(db: None) -> None:
    customer = ContactFactory()

    first = ticket_import(customer=customer, subject="One", description="First", channel=Channel.WEB)
    second = ticket_import(customer=customer, subject="Two", description="Second", channel=Channel.WEB)

    assert second.number == first.number + 1
    assert len(first.access_key) >= 40
    assert first.access_key != second.access_key


def test_creation_writes_the_description_as_the_first_public_message_and_a_public_event(carols_ticket: Ticket) -> None:
    message = carols_ticket.messages.get()
    event = carols_ticket.timeline.get()

    assert message.kind == MessageKind.REPLY
    assert message.author_contact == carols_ticket.customer
    assert event.kind == EventKind.CREATED
    assert event.public


def test_customer_html_is_sanitised_on_the_way_in(db: None) -> None:
    ticket = ticket_import(
        customer=ContactFactory(),
        subject="Hi",
        description='<p onclick="x()">Hello <script>alert(1)</script><b>there</b></p>',
        is_html=True,
        channel=Channel.WEB,
    )

    assert "script" not in ticket.description
    assert "onclick" not in ticket.description
    assert "<b>there</b>" in ticket.description


def test_a_refused_creation_leaves_no_ticket_no_event_and_no_number_used(db: None) -> None:
    customer = ContactFactory()
    sequence_before = NumberSequence.objects.get(name="ticket").next_value

    with pytest.raises(DomainError):
        ticket_import(customer=customer, subject="x" * 201, description="too long a subject", channel=Channel.WEB)

    assert not Ticket.objects.exists()
    assert not TimelineEvent.objects.exists()
    assert NumberSequence.objects.get(name="ticket").next_value == sequence_before


def test_an_event_is_rolled_back_with_the_change_it_records(carols_ticket: Ticket, alice: User) -> None:
    events_before = carols_ticket.timeline.count()

    with pytest.raises(RollbackError):
        assign_then_fail(carols_ticket, alice)

    carols_ticket.refresh_from_db()
    assert carols_ticket.assignee is None
    assert carols_ticket.status == Status.NEW
    assert carols_ticket.timeline.count() == events_before


@pytest.mark.parametrize(
    ("service", "kind"),
    [
        (lambda t, a: ticket_reply(ticket_id=t.pk, author=a, body="Hello"), EventKind.REPLY),
        (lambda t, a: ticket_add_note(ticket_id=t.pk, author=a, body="Looks like the router"), EventKind.NOTE),
        (lambda t, a: ticket_assign(ticket_id=t.pk, agent_id=a.pk, actor=a), EventKind.ASSIGNED),
        (lambda t, a: ticket_update_fields(ticket_id=t.pk, actor=a, changes={"priority": 1}), EventKind.PRIORITY),
        (lambda t, a: ticket_update_fields(ticket_id=t.pk, actor=a, changes={"tags": ["vpn"]}), EventKind.FIELDS),
        (lambda t, a: ticket_change_status(ticket_id=t.pk, to=Status.RESOLVED, actor=a), EventKind.STATUS),
    ],
)
def test_every_service_call_writes_its_event(carols_ticket: Ticket, alice: User, service, kind: EventKind) -> None:
    service(carols_ticket, alice)

    assert carols_ticket.timeline.filter(kind=kind, actor=alice).count() == 1


def test_accepting_moves_pending_work_into_progress(carols_ticket: Ticket, alice: User) -> None:
    ticket_assign(ticket_id=carols_ticket.pk, agent_id=alice.pk, actor=alice)

    accepted = ticket_accept(ticket_id=carols_ticket.pk, actor=alice)

    assert accepted.status == Status.IN_PROGRESS
    assert carols_ticket.timeline.filter(kind=EventKind.ACCEPTED).exists()


def test_only_the_assignee_may_accept(carols_ticket: Ticket, alice: User, bob: User) -> None:
    ticket_assign(ticket_id=carols_ticket.pk, agent_id=alice.pk, actor=alice)

    with pytest.raises(DomainError, match="assigned agent"):
        ticket_accept(ticket_id=carols_ticket.pk, actor=bob)

    carols_ticket.refresh_from_db()
    assert carols_ticket.status == Status.PENDING_ACCEPTANCE


def test_an_agent_cannot_hand_work_to_someone_else(carols_ticket: Ticket, alice: User, mallory: User) -> None:
    with pytest.raises(DomainError) as refused:
        ticket_assign(ticket_id=carols_ticket.pk, agent_id=mallory.pk, actor=alice)

    assert refused.value.status == 403
    carols_ticket.refresh_from_db()
    assert carols_ticket.assignee is None


def test_a_dispatcher_reassigns_work_in_progress_back_to_pending(carols_ticket: Ticket, alice: User, bob: User) -> None:
    ticket_assign(ticket_id=carols_ticket.pk, agent_id=alice.pk, actor=bob)
    ticket_accept(ticket_id=carols_ticket.pk, actor=alice)

    moved = ticket_assign(ticket_id=carols_ticket.pk, agent_id=bob.pk, actor=bob)

    assert moved.assignee == bob
    assert moved.status == Status.PENDING_ACCEPTANCE


def test_the_first_staff_reply_sets_first_response_time(carols_ticket: Ticket, alice: User, carol: User) -> None:
    ticket_reply(ticket_id=carols_ticket.pk, author=carol, body="Any news?")
    carols_ticket.refresh_from_db()
    assert carols_ticket.first_response_at is None

    ticket_reply(ticket_id=carols_ticket.pk, author=alice, body="Looking into it")

    carols_ticket.refresh_from_db()
    assert carols_ticket.first_response_at is not None


def test_a_customer_reply_resumes_a_ticket_awaiting_the_customer(
    carols_ticket: Ticket, alice: User, carol: User
) -> None:
    ticket_assign(ticket_id=carols_ticket.pk, agent_id=alice.pk, actor=alice)
    ticket_accept(ticket_id=carols_ticket.pk, actor=alice)
    ticket_change_status(ticket_id=carols_ticket.pk, to=Status.AWAITING_CUSTOMER, actor=alice)

    ticket_reply(ticket_id=carols_ticket.pk, author=carol, body="Here is the log")

    carols_ticket.refresh_from_db()
    assert carols_ticket.status == Status.IN_PROGRESS


def test_a_customer_reply_reopens_a_resolved_ticket(carols_ticket: Ticket, alice: User, carol: User) -> None:
    ticket_change_status(ticket_id=carols_ticket.pk, to=Status.RESOLVED, actor=alice)

    ticket_reply(ticket_id=carols_ticket.pk, author=carol, body="Still broken")

    carols_ticket.refresh_from_db()
    assert carols_ticket.status == Status.NEW
    assert carols_ticket.reopen_count == 1


def test_nobody_replies_to_a_closed_ticket(carols_ticket: Ticket, alice: User) -> None:
    ticket_change_status(ticket_id=carols_ticket.pk, to=Status.RESOLVED, actor=alice)
    ticket_change_status(ticket_id=carols_ticket.pk, to=Status.CLOSED, actor=alice)

    with pytest.raises(DomainError, match="closed"):
        ticket_reply(ticket_id=carols_ticket.pk, author=alice, body="Hello?")

    assert carols_ticket.messages.count() == 1


def test_another_customer_cannot_reply_on_carols_ticket(carols_ticket: Ticket, erin: User) -> None:
    with pytest.raises(DomainError) as refused:
        ticket_reply(ticket_id=carols_ticket.pk, author=erin, body="Let me in")

    assert refused.value.status == 403
    assert carols_ticket.messages.count() == 1


def test_customers_cannot_write_internal_notes(carols_ticket: Ticket, carol: User) -> None:
    with pytest.raises(DomainError):
        ticket_add_note(ticket_id=carols_ticket.pk, author=carol, body="secret")

    assert not carols_ticket.messages.filter(kind=MessageKind.NOTE).exists()


def test_attachments_are_stored_with_a_safe_name(carols_ticket: Ticket, alice: User) -> None:
    message = ticket_reply(
        ticket_id=carols_ticket.pk, author=alice, body="See photo", files=[png_upload("../../etc/x.png")]
    )

    attachment = message.attachments.get()
    assert attachment.filename == "x.png"
    assert attachment.is_image
    assert ".." not in attachment.file.name
    assert attachment.file.read().startswith(b"\x89PNG")


@pytest.mark.parametrize(
    "upload",
    [
        SimpleUploadedFile("run.exe", b"MZ...", content_type="application/octet-stream"),
        SimpleUploadedFile("fake.png", b"<html>not an image</html>", content_type="image/png"),
    ],
    ids=["forbidden type", "not really an image"],
)
def test_a_bad_attachment_refuses_the_whole_reply(
    carols_ticket: Ticket, alice: User, upload: SimpleUploadedFile
) -> None:
    with pytest.raises(DomainError):
        ticket_reply(ticket_id=carols_ticket.pk, author=alice, body="See file", files=[upload])

    assert carols_ticket.messages.count() == 1
    assert not Attachment.objects.exists()


def test_an_oversize_attachment_is_refused(carols_ticket: Ticket, alice: User, settings) -> None:
    settings.DISPATCHDESK_MAX_ATTACHMENT_BYTES = 10

    with pytest.raises(DomainError, match="larger than"):
        ticket_add_note(ticket_id=carols_ticket.pk, author=alice, body="log", files=[png_upload()])

    assert not Message.objects.filter(kind=MessageKind.NOTE).exists()


def test_manual_field_changes_are_remembered_for_the_routing_rules(
    carols_ticket: Ticket, alice: User, software: SkillGroup
) -> None:
    changed = ticket_update_fields(ticket_id=carols_ticket.pk, actor=alice, changes={"group": software, "priority": 2})

    assert set(changed.manual_fields) == {"group", "priority"}


def test_unknown_fields_and_bad_values_change_nothing(carols_ticket: Ticket, alice: User) -> None:
    for changes in ({"status": "closed"}, {"priority": 9}, {"priority": "high"}, {"tier": "L9"}):
        with pytest.raises(DomainError):
            ticket_update_fields(ticket_id=carols_ticket.pk, actor=alice, changes=changes)

    carols_ticket.refresh_from_db()
    assert carols_ticket.priority == 3
    assert carols_ticket.timeline.count() == 1


def test_contact_email_is_unique_whatever_the_case(db: None) -> None:
    ContactFactory(email="Someone@Example.com")

    with pytest.raises(IntegrityError), transaction.atomic():
        Contact.objects.create(name="Dup", email="someone@example.com")
