"""Reads of what the channels keep beside the tickets."""

from dispatchdesk.intake.models import Alert
from dispatchdesk.tickets.models import Channel, Ticket


def alerts_on_ticket(ticket: Ticket) -> list[Alert]:
    """The alerts a ticket stands for, most recently seen first (none unless it came from an alert
    source, so other tickets' pages cost no query). The caller has checked the ticket is visible."""
    if ticket.channel != Channel.ALERT:
        return []
    return list(Alert.objects.filter(ticket=ticket).select_related("source"))
