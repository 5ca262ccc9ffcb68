"""Incidents' writers (A4): detect a surge at each new ticket, link tickets, answer and resolve them all."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from dispatchdesk.accounts.models import User
from dispatchdesk.common import clock
from dispatchdesk.common.errors import DomainError
from dispatchdesk.incidents import detector
from dispatchdesk.incidents.models import Incident, IncidentStatus, IncidentTicket
from dispatchdesk.tickets.models import OPEN_STATUSES, Status, Ticket
from dispatchdesk.tickets.permissions import may_change_status, may_lead_incidents, may_link_to_incident, may_reply
from dispatchdesk.tickets.services import ticket_change_status, ticket_reply
from dispatchdesk.tickets.workflow import allowed_targets

RULE = detector.Rule()


def incident_detect(*, ticket: Ticket) -> Incident | None:
    """Test the new ticket's series (its category, its region) for a surge: a surge opens an incident
    linking the window's tickets; a series with an open incident links the ticket to it."""
    found = None
    for field, value in (("category", ticket.category_id), ("region", ticket.region_id)):
        if value is not None:
            found = _series_check(ticket, field, value) or found
    return found


def _series_check(ticket: Ticket, field: str, value: int) -> Incident | None:
    with transaction.atomic():
        current = Incident.objects.filter(status=IncidentStatus.OPEN, **{f"{field}_id": value}).first()
        if current is not None:
            IncidentTicket.objects.get_or_create(incident=current, ticket=ticket)
            return current
        now = clock.now()
        since = now - RULE.window - RULE.baseline
        series = Ticket.objects.filter(created_at__gt=since, created_at__lte=now, **{f"{field}_id": value})
        verdict = detector.judge(list(series.values_list("created_at", flat=True)), now=now, rule=RULE)
        if not verdict.surge:
            return None
        try:
            with transaction.atomic():
                incident = Incident.objects.create(
                    title=_title(ticket, field, verdict),
                    **{f"{field}_id": value},
                    evidence={"count": verdict.count, "expected": round(verdict.expected, 2), "p": verdict.p_value},
                )
        except IntegrityError:  # another process raised it a moment ago: join it
            return Incident.objects.filter(status=IncidentStatus.OPEN, **{f"{field}_id": value}).first()
        window = series.filter(created_at__gt=now - RULE.window)
        IncidentTicket.objects.bulk_create([IncidentTicket(incident=incident, ticket=t) for t in window])
        return incident


def _title(ticket: Ticket, field: str, verdict: detector.Verdict) -> str:
    series = ticket.category if field == "category" else ticket.region
    return _("More %(series)s requests than usual: %(count)d in the last hour (usually %(usual).1f)") % {
        "series": series,
        "count": verdict.count,
        "usual": verdict.expected,
    }


@transaction.atomic
def incident_link(*, incident_id: int, ticket: Ticket, actor: User) -> IncidentTicket:
    """An agent links a ticket to an open incident by hand."""
    may_link_to_incident(actor, ticket).require()
    incident = Incident.objects.select_for_update().get(pk=incident_id)
    if not incident.is_open:
        raise DomainError(
            _("This incident is resolved; open tickets are no longer linked to it."), code="incident_resolved"
        )
    link, _created = IncidentTicket.objects.get_or_create(
        incident=incident, ticket=ticket, defaults={"linked_by": actor}
    )
    return link


@dataclass(frozen=True)
class Outcome:
    answered: int  # tickets whose customer got the reply
    resolved: int  # tickets resolved
    skipped: int  # tickets that could take neither (closed, or not this person's to change)


@transaction.atomic
def incident_reply(*, incident_id: int, actor: User, body: str, resolve: bool = False) -> Outcome:
    """One reply that reaches every linked ticket's customer; with `resolve`, the incident is resolved and
    so is every linked ticket that may be, the others told by the reply."""
    may_lead_incidents(actor).require()
    incident = Incident.objects.select_for_update().get(pk=incident_id)
    if not incident.is_open:
        raise DomainError(_("This incident is already resolved."), code="incident_resolved")
    if not body.strip():
        raise DomainError(_("The text must not be empty."), code="text_required", status=422)
    answered = resolved = skipped = 0
    for ticket in Ticket.objects.filter(incident_links__incident=incident, status__in=OPEN_STATUSES).order_by("pk"):
        if not may_reply(actor, ticket):
            skipped += 1
            continue
        ticket_reply(ticket_id=ticket.pk, author=actor, body=body)
        answered += 1
        fresh = Ticket.objects.get(pk=ticket.pk)
        if resolve and may_change_status(actor, fresh) and Status.RESOLVED in allowed_targets(fresh.status):
            ticket_change_status(ticket_id=ticket.pk, to=Status.RESOLVED, actor=actor, reason=incident.title)
            resolved += 1
    if resolve:
        incident.status, incident.resolved_at, incident.resolved_by = IncidentStatus.RESOLVED, clock.now(), actor
        incident.save(update_fields=["status", "resolved_at", "resolved_by"])
    return Outcome(answered, resolved, skipped)
