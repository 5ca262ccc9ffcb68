""" "Unassigned too long" (X2): a ticket left in the queue without an agent past the channel's
threshold is announced once in the group's Slack channel, by the periodic sweep; not before the
threshold, not twice for the same stretch of waiting, again after it went back to the queue."""

from datetime import timedelta

import pytest
import time_machine

from dispatchdesk.accounts.models import AgentProfile, Presence, SkillGroup, User
from dispatchdesk.dispatch.services.returns import ticket_decline
from dispatchdesk.integrations.models import DeliveryState, Format, WebhookDelivery, WebhookEvent
from dispatchdesk.integrations.services import subscription_create
from dispatchdesk.integrations.tasks import run_webhooks_sweep
from dispatchdesk.integrations.unassigned import unassigned_sweep
from dispatchdesk.tickets.models import Ticket
from dispatchdesk.tickets.services import ticket_assign
from tests.local_server import Answer, LocalServer
from tests.sla.desk import at, office, open_ticket, policy


@pytest.fixture
def slack_channel(root: User, network: SkillGroup, local_server: LocalServer) -> LocalServer:
    local_server.answer = lambda request: Answer(body=b"ok")
    subscription_create(
        actor=root,
        url=local_server.url("/services/T0/B0/x"),
        events=[WebhookEvent.UNASSIGNED_TOO_LONG],
        allow_private_network=True,  # the stand-in for Slack is on 127.0.0.1, allowed on purpose
        format=Format.SLACK,
        group=network,
        unassigned_minutes=30,
    )
    return local_server


def test_a_ticket_unassigned_past_the_threshold_is_announced_once(
    slack_channel: LocalServer, carols_ticket: Ticket
) -> None:
    with time_machine.travel(carols_ticket.created_at + timedelta(minutes=29)):
        assert unassigned_sweep() == []
    with time_machine.travel(carols_ticket.created_at + timedelta(minutes=31)):
        run_webhooks_sweep.call()
        run_webhooks_sweep.call()  # the next minute's sweep: nothing new

    [message] = slack_channel.json_bodies()
    assert message["text"] == (
        f"Ticket {carols_ticket.number} has waited for 31 minutes without an agent: VPN drops every hour"
    )
    assert WebhookDelivery.objects.get().state == DeliveryState.DELIVERED


def test_a_ticket_of_another_group_or_with_an_agent_is_not_announced(
    slack_channel: LocalServer, carols_ticket: Ticket, software: SkillGroup, alice: User, bob: User
) -> None:
    ticket_assign(ticket_id=carols_ticket.pk, agent_id=alice.pk, actor=bob)

    with time_machine.travel(carols_ticket.created_at + timedelta(hours=2)):
        assert unassigned_sweep() == []

    assert not WebhookDelivery.objects.exists()


def test_back_in_the_queue_is_a_new_stretch_announced_again(
    slack_channel: LocalServer, carols_ticket: Ticket, alice: User, bob: User
) -> None:
    start = carols_ticket.created_at
    with time_machine.travel(start + timedelta(minutes=31)):
        run_webhooks_sweep.call()
    with time_machine.travel(start + timedelta(minutes=40)):
        ticket_assign(ticket_id=carols_ticket.pk, agent_id=alice.pk, actor=bob)
        AgentProfile.objects.filter(user=alice).update(presence=Presence.OFFLINE)  # nobody to dispatch it to
        ticket_decline(ticket_id=carols_ticket.pk, agent=alice, reason="Not my area.")
    with time_machine.travel(start + timedelta(minutes=60)):
        assert unassigned_sweep() == []  # 20 minutes into the new stretch
    with time_machine.travel(start + timedelta(minutes=71)):
        run_webhooks_sweep.call()

    assert WebhookDelivery.objects.count() == 2
    assert len(slack_channel.received) == 2


def test_the_wait_is_counted_in_the_tickets_business_hours(
    slack_channel: LocalServer, carol: User, network: SkillGroup
) -> None:
    policy(office())
    ticket = open_ticket(at(6, 17, 50), carol.contact, network)  # Friday, ten minutes before closing

    with time_machine.travel(at(9, 9, 15)):  # Monday: 63 hours later, 25 business minutes
        assert unassigned_sweep() == []
    with time_machine.travel(at(9, 9, 25)):
        run_webhooks_sweep.call()

    [message] = slack_channel.json_bodies()
    assert f"Ticket {ticket.number} has waited for 35 minutes without an agent" in message["text"]
