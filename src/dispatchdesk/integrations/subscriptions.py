"""What the integrations app listens to (common.events): timeline events become webhook deliveries.

Every event a webhook announces is a timeline row, so the row's id is the event's id: a delivery is
unique per (subscription, event), and the deliveries commit or roll back with the change itself."""

from __future__ import annotations

from functools import partial

from django.db import transaction

from dispatchdesk.common import history
from dispatchdesk.common.events import Phase, subscribe
from dispatchdesk.integrations.models import WebhookEvent
from dispatchdesk.integrations.services import deliveries_record
from dispatchdesk.integrations.tasks import deliver_webhook
from dispatchdesk.tickets.events import TimelineRecorded
from dispatchdesk.tickets.models import EventKind, TimelineEvent

EVENTS = {
    EventKind.CREATED: WebhookEvent.TICKET_CREATED,
    EventKind.ASSIGNED: WebhookEvent.TICKET_ASSIGNED,
    EventKind.STATUS: WebhookEvent.STATUS_CHANGED,
    EventKind.REPLY: WebhookEvent.TICKET_REPLIED,
    EventKind.SLA_WARNING: WebhookEvent.SLA_WARNING,
    EventKind.SLA_BREACH: WebhookEvent.SLA_BREACHED,
    EventKind.RATING: WebhookEvent.TICKET_RATED,
}
# What a receiver learns of an event's details: never the engine's reasons or internal notes.
SHARED_DATA = ("from", "to", "agent_id", "rating", "clock", "channel")


def connect() -> None:
    subscribe(TimelineRecorded, record_webhooks, phase=Phase.IN_TRANSACTION)


def record_webhooks(recorded: TimelineRecorded) -> None:
    timeline = recorded.event
    event = EVENTS.get(EventKind(timeline.kind))
    if event is None or history.is_replaying() or (event == WebhookEvent.TICKET_REPLIED and not timeline.public):
        return
    for delivery_id in deliveries_record(event=event, event_id=f"timeline:{timeline.pk}", data=_data(timeline)):
        transaction.on_commit(partial(deliver_webhook.enqueue, delivery_id=delivery_id), robust=True)


def _data(timeline: TimelineEvent) -> dict[str, object]:
    ticket = timeline.ticket
    return {
        "ticket": {
            "id": ticket.pk,
            "number": ticket.number,
            "subject": ticket.subject,
            "status": ticket.status,
            "priority": ticket.priority,
            "group_id": ticket.group_id,
            "assignee_id": ticket.assignee_id,
        },
        **{key: timeline.data[key] for key in SHARED_DATA if key in timeline.data},
    }
