"""What the notifications app listens to (common.events): each announcement becomes a message."""

from dispatchdesk.common.events import Phase, subscribe
from dispatchdesk.intake.events import ChatFellBack, TicketSubmitted
from dispatchdesk.notifications.live import announce_ticket_change
from dispatchdesk.notifications.services import (
    confirm_submission,
    notify_assigned,
    notify_customer_reply,
    notify_low_rating,
    notify_sla_crossed,
    tell_customer_of_chat_fallback,
    tell_customer_of_reply,
    tell_customer_of_status,
)
from dispatchdesk.sla.events import SlaThresholdCrossed
from dispatchdesk.tickets.events import StatusChanged, TicketAssigned, TicketRated, TicketReplied, TimelineRecorded


def connect() -> None:
    # Notification rows commit with the change they announce, and their emails with them.
    subscribe(TicketAssigned, notify_assigned, phase=Phase.IN_TRANSACTION)
    subscribe(SlaThresholdCrossed, notify_sla_crossed, phase=Phase.IN_TRANSACTION)
    subscribe(TicketReplied, notify_customer_reply, phase=Phase.IN_TRANSACTION)
    subscribe(TicketRated, notify_low_rating, phase=Phase.IN_TRANSACTION)
    # So are the customer's emails (outbox rows); each is sent once its change has committed.
    subscribe(TicketSubmitted, confirm_submission, phase=Phase.IN_TRANSACTION)
    subscribe(TicketReplied, tell_customer_of_reply, phase=Phase.IN_TRANSACTION)
    subscribe(StatusChanged, tell_customer_of_status, phase=Phase.IN_TRANSACTION)
    subscribe(ChatFellBack, tell_customer_of_chat_fallback, phase=Phase.IN_TRANSACTION)
    # Open pages hear of every change once it has committed (live.publish waits for the commit).
    subscribe(TimelineRecorded, announce_ticket_change, phase=Phase.IN_TRANSACTION)
