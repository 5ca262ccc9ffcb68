"""Each ticket's figures (reports.models.TicketFigures): computed in one place, kept and rebuilt from here.

The definitions (docs/metrics.md):
- first response: the moment the SLA clock records the first public reply by staff
  (sla.TicketSla.first_responded_at); a reopen does not make it happen again.
- resolution: the ticket's latest resolution (Ticket.resolved_at); a reopen clears it, so a ticket
  counts as resolved on the day it was resolved for the last time.
- calendar seconds: wall-clock time from creation to that moment.
- business seconds: the SLA clock's business time from creation to that moment, on the calendar of
  the ticket's SLA policy, its pauses (awaiting customer; resolved before a reopen) left out; None
  when the ticket has no SLA policy.
- met: the business seconds are within the target of the ticket's policy for its current priority,
  which is the same as "it happened by the deadline the SLA clock showed"; None without a target.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

from django.db import transaction

from dispatchdesk.reports.models import TicketFigures
from dispatchdesk.sla import calendar as business
from dispatchdesk.sla.config import service_levels
from dispatchdesk.sla.models import TicketSla
from dispatchdesk.tickets.models import Ticket

FIGURE_FIELDS = [field.name for field in TicketFigures._meta.concrete_fields if field.name != "ticket"]


def figures_of(ticket: Ticket, sla: TicketSla | None) -> TicketFigures:
    """The figures of one ticket as its rows say now: the single definition both paths use."""
    answered = sla.first_responded_at if sla is not None else None
    resolved = ticket.resolved_at
    first_business, first_target, resolution_business, resolution_target = _business(ticket, sla, answered, resolved)
    return TicketFigures(
        ticket_id=ticket.pk,
        group_id=ticket.group_id,
        created_at=ticket.created_at,
        first_response_at=answered,
        first_response_s=_seconds(ticket.created_at, answered),
        first_response_business_s=first_business,
        first_response_met=_met(first_business, first_target),
        resolved_at=resolved,
        resolution_s=_seconds(ticket.created_at, resolved),
        resolution_business_s=resolution_business,
        resolution_met=_met(resolution_business, resolution_target),
    )


def _business(
    ticket: Ticket, sla: TicketSla | None, answered: datetime | None, resolved: datetime | None
) -> tuple[float | None, float | None, float | None, float | None]:
    """(first response, its target, resolution, its target) in business seconds; None where unknown."""
    view = service_levels().policies.get(sla.policy_id) if sla is not None and sla.policy_id else None
    if sla is None or view is None:
        return None, None, None, None
    pauses: list[business.Pause] = [(_parse(start), _parse(end)) for start, end in sla.pauses]
    if sla.paused_since is not None:
        pauses.append((sla.paused_since, None))
    target = view.targets.get(ticket.priority)

    def elapsed(moment: datetime | None) -> float | None:
        return None if moment is None else business.business_seconds(view.calendar, ticket.created_at, moment, pauses)

    return (
        elapsed(answered),
        target.first_response_minutes * 60.0 if target else None,
        elapsed(resolved),
        target.resolution_minutes * 60.0 if target else None,
    )


def _seconds(start: datetime, end: datetime | None) -> float | None:
    return None if end is None else max(0.0, (end - start).total_seconds())


def _met(elapsed: float | None, target: float | None) -> bool | None:
    return None if elapsed is None or target is None else elapsed <= target


def _parse(moment: str) -> datetime:
    return datetime.fromisoformat(moment).astimezone(UTC)


def figures_refresh(ticket: Ticket) -> None:
    """Store the ticket's figures as of now, inside the caller's transaction, in one upsert."""
    TicketFigures.objects.bulk_create(
        [figures_of(ticket, _clocks_of(ticket))],
        update_conflicts=True,
        unique_fields=["ticket"],
        update_fields=FIGURE_FIELDS,
    )


def _clocks_of(ticket: Ticket) -> TicketSla | None:
    """The clocks sla.clocks has just written for this event, which the ticket object then holds (no read);
    else, for a ticket object that never met them, from the database."""
    if Ticket.sla.is_cached(ticket):
        return getattr(ticket, "sla", None)  # None when the cache says it has none
    return TicketSla.objects.filter(ticket_id=ticket.pk).first()


BATCH = 2000


def figures_rebuild() -> int:
    """Recompute every ticket's figures from scratch (`dispatchdesk rebuild-reports`); returns the count.

    Batches by id, each in its own transaction, so a big desk is rebuilt without one huge lock; a ticket
    changed meanwhile is refreshed by its own event either way.
    """
    count = 0
    for batch in _batches():
        with transaction.atomic():
            TicketFigures.objects.bulk_create(
                batch, update_conflicts=True, unique_fields=["ticket"], update_fields=FIGURE_FIELDS
            )
        count += len(batch)
    return count  # a deleted ticket's figures went with it (CASCADE)


def _batches() -> Iterator[list[TicketFigures]]:
    last = 0
    while True:
        tickets = list(Ticket.objects.select_related("sla").filter(pk__gt=last).order_by("pk")[:BATCH])
        if not tickets:
            return
        yield [figures_of(ticket, getattr(ticket, "sla", None)) for ticket in tickets]
        last = tickets[-1].pk
