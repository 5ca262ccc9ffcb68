"""Reads of incidents: the open ones (the agents' banner), one with its tickets, as the reader may see them."""

from __future__ import annotations

from django.db.models import Count, QuerySet

from dispatchdesk.accounts.models import User
from dispatchdesk.common.prepared import PreparedRead
from dispatchdesk.incidents.models import Incident, IncidentStatus
from dispatchdesk.tickets.models import Ticket
from dispatchdesk.tickets.selectors import tickets_visible_to


def open_incidents() -> QuerySet[Incident]:
    return Incident.objects.filter(status=IncidentStatus.OPEN).annotate(tickets=Count("links"))


# The agents' banner, on every agent page: compiled once per process (common.prepared).
_in_banner = PreparedRead(lambda: open_incidents()[:3])


def incidents_in_banner() -> list[Incident]:
    """The first three open incidents, with their ticket counts."""
    return _in_banner.objects()


def incidents_listed() -> QuerySet[Incident]:
    return Incident.objects.annotate(tickets=Count("links")).select_related("category", "region")


def incident_tickets(user: User, incident: Incident) -> QuerySet[Ticket]:
    """The incident's tickets that `user` may see."""
    return tickets_visible_to(user).filter(incident_links__incident=incident).order_by("-created_at")


def incidents_of(ticket: Ticket) -> QuerySet[Incident]:
    return Incident.objects.filter(links__ticket=ticket, status=IncidentStatus.OPEN)
