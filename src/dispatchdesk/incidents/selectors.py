"""Reads of incidents: the open ones (the agents' banner), one with its tickets, as the reader may see them."""

from __future__ import annotations

from django.db.models import Count, QuerySet

from dispatchdesk.accounts.models import User
from dispatchdesk.incidents.models import Incident, IncidentStatus
from dispatchdesk.tickets.models import Ticket
from dispatchdesk.tickets.selectors import tickets_visible_to


def open_incidents() -> QuerySet[Incident]:
    return Incident.objects.filter(status=IncidentStatus.OPEN).annotate(tickets=Count("links"))


def incidents_listed() -> QuerySet[Incident]:
    return Incident.objects.annotate(tickets=Count("links")).select_related("category", "region")


def incident_tickets(user: User, incident: Incident) -> QuerySet[Ticket]:
    """The incident's tickets that `user` may see."""
    return tickets_visible_to(user).filter(incident_links__incident=incident).order_by("-created_at")


def incidents_of(ticket: Ticket) -> QuerySet[Incident]:
    return Incident.objects.filter(links__ticket=ticket, status=IncidentStatus.OPEN)
