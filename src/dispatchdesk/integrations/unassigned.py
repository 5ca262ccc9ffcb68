""" "Unassigned too long" (X2): a ticket waiting in the queue without an agent past a subscription's
threshold, in business minutes of its SLA calendar (wall-clock minutes without one), is announced
once per stretch of waiting. No service records this moment, so a sweep looks for it every minute.

A stretch starts at the timeline event that left the ticket without an agent in its group (created,
routed, status back to new); that row's id is in the event id, so the delivery's unique key makes
the announcement idempotent: sweeps running twice, or at once, record it once."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db.models import OuterRef, Q, Subquery
from django.db.models.functions import Coalesce

from dispatchdesk.common import clock
from dispatchdesk.integrations.models import Format, WebhookDelivery, WebhookEvent, WebhookSubscription
from dispatchdesk.integrations.services import delivery_record
from dispatchdesk.sla import calendar as business
from dispatchdesk.sla.config import service_levels
from dispatchdesk.sla.models import TicketSla
from dispatchdesk.tickets.models import EventKind, Status, Ticket, TimelineEvent

# Created, routed to a group, or back to the queue (a decline, an agent gone, a timeout).
STRETCH_STARTS = Q(kind__in=(EventKind.CREATED, EventKind.ROUTED)) | Q(kind=EventKind.STATUS, data__to=Status.NEW)
EVENT = WebhookEvent.UNASSIGNED_TOO_LONG


def unassigned_sweep(*, now: datetime | None = None) -> list[int]:
    """Record an announcement for every ticket that crossed a threshold; the new deliveries' ids."""
    moment = now or clock.now()
    created: list[int] = []
    for subscription in WebhookSubscription.objects.filter(paused_at=None).order_by("pk"):
        if EVENT in subscription.events:
            created += _announce(subscription, moment)
    return created


def _announce(subscription: WebhookSubscription, now: datetime) -> list[int]:
    threshold = timedelta(minutes=subscription.unassigned_minutes)
    created = []
    # Business time never runs faster than the wall clock: a ticket younger than the threshold can wait.
    for ticket, since, stretch_id in _waiting(subscription, since_before=now - threshold):
        event_id = f"unassigned:{ticket.pk}:{stretch_id}"
        if WebhookDelivery.objects.filter(subscription=subscription, event_id=event_id).exists():
            continue
        waited = _business_seconds(ticket, since, now)
        if waited < threshold.total_seconds():
            continue
        delivery_id = delivery_record(
            subscription=subscription, event=EVENT, event_id=event_id, data=_data(ticket, waited)
        )
        if delivery_id is not None:
            created.append(delivery_id)
    return created


def _waiting(subscription: WebhookSubscription, *, since_before: datetime) -> list[tuple[Ticket, datetime, int]]:
    """Queued tickets without an agent (of the channel's group) waiting since before `since_before`,
    with the start of their stretch and the id of the timeline row that started it."""
    starts = TimelineEvent.objects.filter(STRETCH_STARTS, ticket=OuterRef("pk")).order_by("-created_at", "-pk")
    tickets = Ticket.objects.filter(status=Status.NEW, assignee=None)
    if subscription.format != Format.WEBHOOK:
        tickets = tickets.filter(group_id=subscription.group_id)
    rows = (
        tickets.annotate(
            since=Coalesce(Subquery(starts.values("created_at")[:1]), "created_at"),
            stretch=Coalesce(Subquery(starts.values("pk")[:1]), 0),
        )
        .filter(since__lte=since_before)
        .order_by("pk")
        .values_list("pk", "since", "stretch")
    )
    found = list(rows)
    by_id = Ticket.objects.in_bulk([pk for pk, _since, _stretch in found])
    return [(by_id[pk], since, stretch) for pk, since, stretch in found]


def _business_seconds(ticket: Ticket, start: datetime, end: datetime) -> float:
    policy_id = TicketSla.objects.filter(ticket=ticket).values_list("policy_id", flat=True).first()
    view = service_levels().policies.get(policy_id) if policy_id else None
    if view is None:
        return (end - start).total_seconds()
    return business.business_seconds(view.calendar, start, end)


def _data(ticket: Ticket, waited: float) -> dict[str, object]:
    return {
        "ticket": {
            "id": ticket.pk,
            "number": ticket.number,
            "subject": ticket.subject,
            "status": ticket.status,
            "priority": ticket.priority,
            "group_id": ticket.group_id,
            "assignee_id": None,
        },
        "waiting_seconds": round(waited),
    }
