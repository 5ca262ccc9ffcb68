"""The timeline writer: every service records its event through here, inside its transaction."""

from typing import Any

from dispatchdesk.accounts.models import User
from dispatchdesk.common.events import publish
from dispatchdesk.tickets.events import TimelineRecorded
from dispatchdesk.tickets.models import EventKind, Message, Ticket, TimelineEvent


def timeline_record(
    *,
    ticket: Ticket,
    kind: EventKind,
    actor: User | None,
    public: bool,
    data: dict[str, Any] | None = None,
    message: Message | None = None,
    actor_label: str = "",
) -> TimelineEvent:
    label = actor_label or (str(actor) if actor else "")
    event = TimelineEvent.objects.create(
        ticket=ticket, kind=kind, actor=actor, actor_label=label, public=public, data=data or {}, message=message
    )
    publish(TimelineRecorded(event))  # the SLA clocks move with it, in this transaction (sla.apps)
    return event
