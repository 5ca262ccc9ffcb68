"""Outbound webhooks (X1) against a real HTTP receiver on a free local port: signed, logged, retried
with back-off, paused when a target keeps failing, replayed from the log, and never sent into a
private network unless an administrator allowed it (these tests allow loopback explicitly)."""

import time
from datetime import timedelta
from io import StringIO
from typing import Any

import pytest
import time_machine
from django.core.management import CommandError, call_command

from dispatchdesk.accounts.models import User
from dispatchdesk.common import clock
from dispatchdesk.common.errors import DomainError
from dispatchdesk.common.signing import HEADER, verify
from dispatchdesk.integrations.models import DeliveryState, WebhookDelivery, WebhookEvent, WebhookSubscription
from dispatchdesk.integrations.services import (
    deliver,
    deliveries_record,
    delivery_replay,
    subscription_create,
    webhooks_sweep,
)
from dispatchdesk.notifications.models import Kind, Notification
from dispatchdesk.tickets.models import Ticket
from dispatchdesk.tickets.services import ticket_assign
from tests.conftest import Capture
from tests.local_server import LocalServer


@pytest.fixture
def hook(root: User, local_server: LocalServer) -> WebhookSubscription:
    # The receiver is on 127.0.0.1: the administrator's allowance for loopback is set on purpose.
    subscription = subscription_create(
        actor=root,
        url=local_server.url("/hooks"),
        events=[WebhookEvent.TICKET_ASSIGNED, WebhookEvent.STATUS_CHANGED],
        allow_private_network=True,
    )
    return subscription


def record(event_id: str = "test:1") -> int:
    [delivery_id] = deliveries_record(event=WebhookEvent.TICKET_ASSIGNED, event_id=event_id, data={"n": 1})
    return delivery_id


@pytest.mark.usefixtures("immediate_tasks")
def test_an_assignment_reaches_the_receiver_signed_and_is_logged_with_its_answer(  # noqa: PLR0917 - fixtures
    hook: WebhookSubscription,
    local_server: LocalServer,
    carols_ticket: Ticket,
    alice: User,
    bob: User,
    django_capture_on_commit_callbacks: Capture,
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        ticket_assign(ticket_id=carols_ticket.pk, agent_id=alice.pk, actor=bob)

    for request in local_server.received:
        assert verify(secret=hook.secret, header=request.headers[HEADER], body=request.body)
        assert not verify(secret="not-the-secret", header=request.headers[HEADER], body=request.body)
    events = {payload["event"]: payload for payload in local_server.json_bodies()}
    assert set(events) == {"ticket.assigned", "ticket.status_changed"}  # the assignment awaits her acceptance
    payload = events["ticket.assigned"]
    assert payload["data"]["ticket"] == {
        "id": carols_ticket.pk,
        "number": carols_ticket.number,
        "subject": "VPN drops every hour",
        "status": "pending_acceptance",
        "priority": carols_ticket.priority,
        "group_id": carols_ticket.group_id,
        "assignee_id": alice.pk,
    }
    assert "reasons" not in payload["data"]
    assert events["ticket.status_changed"]["data"]["to"] == "pending_acceptance"
    delivery = WebhookDelivery.objects.get(event=WebhookEvent.TICKET_ASSIGNED)
    assert (delivery.state, delivery.response_code, delivery.attempts) == (DeliveryState.DELIVERED, 200, 1)
    assert delivery.event_id == payload["id"]


def test_an_event_recorded_twice_is_one_delivery(hook: WebhookSubscription) -> None:
    record("timeline:7")

    assert deliveries_record(event=WebhookEvent.TICKET_ASSIGNED, event_id="timeline:7", data={}) == []
    assert WebhookDelivery.objects.count() == 1


def test_an_event_nobody_subscribed_to_records_nothing(hook: WebhookSubscription) -> None:
    assert deliveries_record(event=WebhookEvent.TICKET_RATED, event_id="timeline:8", data={}) == []
    assert not WebhookDelivery.objects.exists()


@pytest.mark.parametrize("url", ["http://127.0.0.1:9/", "http://10.1.2.3/", "http://[::1]/", "http://169.254.169.254/"])
def test_a_private_or_loopback_target_is_refused_without_the_admins_allowance(dave: User, url: str) -> None:
    with pytest.raises(DomainError, match="private or loopback") as refusal:
        subscription_create(actor=dave, url=url, events=[WebhookEvent.TICKET_CREATED])

    assert refusal.value.code == "webhook_private_target"
    assert not WebhookSubscription.objects.exists()


def test_only_an_administrator_may_allow_a_private_target(dave: User, alice: User) -> None:
    for person in (dave, alice):
        with pytest.raises(DomainError) as refusal:
            subscription_create(
                actor=person, url="http://127.0.0.1/", events=[WebhookEvent.TICKET_CREATED], allow_private_network=True
            )
        assert refusal.value.status == 403
    assert not WebhookSubscription.objects.exists()


@pytest.mark.parametrize(
    ("url", "events"), [("ftp://example.com/", ["ticket.created"]), ("https://example.com/", ["ticket.eaten"])]
)
def test_a_bad_url_or_unknown_event_is_refused(root: User, url: str, events: list[str]) -> None:
    with pytest.raises(DomainError):
        subscription_create(actor=root, url=url, events=events)

    assert not WebhookSubscription.objects.exists()


def test_a_failing_target_is_retried_with_back_off_then_paused_and_its_owner_told(
    hook: WebhookSubscription, local_server: LocalServer, root: User, settings: Any
) -> None:
    settings.DISPATCHDESK_WEBHOOK_PAUSE_AFTER = 2
    local_server.status = 500
    delivery_id = record()

    assert deliver(delivery_id=delivery_id) == DeliveryState.PENDING
    delivery = WebhookDelivery.objects.get()
    assert (delivery.response_code, delivery.last_error) == (500, "HTTP 500")
    assert delivery.due_at > clock.now() + timedelta(seconds=50)
    assert webhooks_sweep() == 0  # not due yet: nothing sent
    assert len(local_server.received) == 1

    with time_machine.travel(clock.now() + timedelta(minutes=2)):
        webhooks_sweep()
        webhooks_sweep()  # paused now: nothing more is sent

    hook.refresh_from_db()
    assert hook.paused_at is not None
    assert len(local_server.received) == 2
    [told] = Notification.objects.filter(kind=Kind.WEBHOOK_PAUSED)
    assert told.recipient == root
    assert local_server.url("/hooks") in told.text


def test_a_target_that_never_answers_times_out_and_is_tried_again(
    hook: WebhookSubscription, local_server: LocalServer, settings: Any
) -> None:
    settings.DISPATCHDESK_WEBHOOK_TIMEOUT = 1
    local_server.delay = 2
    started = time.monotonic()

    assert deliver(delivery_id=record()) == DeliveryState.PENDING

    assert time.monotonic() - started < 1.9
    assert "timed out" in WebhookDelivery.objects.get().last_error


def test_a_logged_delivery_is_replayed_with_the_same_event_id(
    hook: WebhookSubscription, local_server: LocalServer, root: User
) -> None:
    delivery_id = record()
    deliver(delivery_id=delivery_id)

    delivery_replay(actor=root, delivery_id=delivery_id)
    assert deliver(delivery_id=delivery_id) == DeliveryState.DELIVERED

    first, second = local_server.json_bodies()
    assert first["id"] == second["id"] == "test:1"


def test_an_agent_cannot_replay(hook: WebhookSubscription, alice: User) -> None:
    delivery_id = record()

    with pytest.raises(DomainError):
        delivery_replay(actor=alice, delivery_id=delivery_id)

    assert WebhookDelivery.objects.get().state == DeliveryState.PENDING


def test_a_delivered_webhook_is_not_sent_twice(hook: WebhookSubscription, local_server: LocalServer) -> None:
    delivery_id = record()

    assert deliver(delivery_id=delivery_id) == DeliveryState.DELIVERED
    assert deliver(delivery_id=delivery_id) is None
    assert len(local_server.received) == 1


def test_the_command_subscribes_through_the_service_and_refuses_what_it_refuses(root: User) -> None:
    out = StringIO()
    call_command("webhook_add", "root", "http://127.0.0.1:9/", "ticket.created", "--allow-private-network", stdout=out)
    assert "signing secret" in out.getvalue()
    assert WebhookSubscription.objects.get().allow_private_network

    with pytest.raises(CommandError, match="private or loopback"):
        call_command("webhook_add", "root", "http://127.0.0.1:9/", "ticket.created")
    assert WebhookSubscription.objects.count() == 1
