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
- tags: a copy of each of the ticket's tags with its creation moment (TaggedTicket), replaced whenever
  the tags change (at creation and by a change of fields: the only ways they change); a deleted tag's
  copies go with it.
- from the timeline (History): reassignments (the ticket handed from one agent to another), escalations,
  replies by the customer, and the time in progress (the closed spells between a change to In progress
  and the next change away from it; a spell still running counts once it ends).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime
from typing import Any, NamedTuple

from django.db import connection, transaction

from dispatchdesk.accounts.models import Role
from dispatchdesk.reports.models import TaggedTicket, TicketFigures
from dispatchdesk.sla import calendar as business
from dispatchdesk.sla.config import service_levels
from dispatchdesk.sla.models import TicketSla
from dispatchdesk.tickets.models import EventKind, Status, Ticket, TimelineEvent

FIGURE_FIELDS = [field.name for field in TicketFigures._meta.concrete_fields if field.name != "ticket"]


class History(NamedTuple):
    """What the reports count from a ticket's timeline."""

    reassignments: int = 0
    escalations: int = 0
    customer_replies: int = 0
    handle_s: float = 0.0


# The timeline rows History reads: (kind, data, created_at, the actor's role or None).
EventRow = tuple[str, dict[str, Any], datetime, str | None]
COUNTED = (EventKind.ASSIGNED, EventKind.ESCALATION, EventKind.REPLY, EventKind.STATUS)


def history_of(events: Iterable[EventRow]) -> History:
    """The counts, from the ticket's events in order. A reassignment is an assignment to an agent while
    another held it; a customer's reply is a reply by a customer, signed in or not (no staff author)."""
    reassignments = escalations = replies = 0
    handle, since = 0.0, None
    for kind, data, moment, role in events:
        if kind == EventKind.ASSIGNED:
            previous = data.get("previous_agent_id")
            reassignments += previous is not None and previous != data.get("agent_id")
        elif kind == EventKind.ESCALATION:
            escalations += 1
        elif kind == EventKind.REPLY:
            replies += role is None or role == Role.CUSTOMER
        elif kind == EventKind.STATUS:
            if data.get("from") == Status.IN_PROGRESS and since is not None:
                handle += max(0.0, (moment - since).total_seconds())
                since = None
            if data.get("to") == Status.IN_PROGRESS:
                since = moment
    return History(reassignments, escalations, replies, handle)


def _events(ticket_ids: Iterable[int]) -> dict[int, list[EventRow]]:
    rows = (
        TimelineEvent.objects.filter(ticket_id__in=ticket_ids, kind__in=COUNTED)
        .order_by("ticket_id", "created_at", "id")
        .values_list("ticket_id", "kind", "data", "created_at", "actor__role")
    )
    events: dict[int, list[EventRow]] = defaultdict(list)
    for ticket_id, *row in rows:
        events[ticket_id].append((row[0], row[1], row[2], row[3]))
    return events


def figures_of(ticket: Ticket, sla: TicketSla | None, history: History) -> TicketFigures:
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
        assignee_id=ticket.assignee_id,
        channel=ticket.channel,
        category_id=ticket.category_id,
        reopens=ticket.reopen_count,
        reassignments=history.reassignments,
        escalations=history.escalations,
        customer_replies=history.customer_replies,
        handle_s=history.handle_s,
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
        [figures_of(ticket, _clocks_of(ticket), history_of(_events([ticket.pk])[ticket.pk]))],
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


COPIED = ("group_id", "created_at", "assignee_id", "channel", "category_id")


def figures_follow(event: TimelineEvent) -> None:
    """Keep the ticket's figures current after `event`, inside its transaction, with as little work as
    the event needs. While nothing is answered or resolved there is no SLA time to compute: a new
    ticket's row is one INSERT, and an event that moves no count one UPDATE of the copied columns
    (a new ticket's routing and first assignment cost 2 queries, not 3 reads and writes each)."""
    ticket = event.ticket
    if event.kind == EventKind.CREATED or (event.kind == EventKind.FIELDS and "tags" in event.data):
        tags_refresh([ticket.pk], new=event.kind == EventKind.CREATED)
    if ticket.first_response_at is not None or ticket.resolved_at is not None:
        figures_refresh(ticket)
    elif event.kind == EventKind.CREATED:
        figures_of(ticket, None, History()).save(force_insert=True)
    elif _moves_counts(event.kind, event.data) or not _copy(ticket):
        figures_refresh(ticket)


def tags_refresh(ticket_ids: list[int], *, new: bool = False) -> None:
    """Replace the tickets' TaggedTicket rows by copies of their tags now (a new ticket has none to
    replace): one INSERT … SELECT, so a new ticket's copies cost one query, not a read and a write."""
    if not new:
        TaggedTicket.objects.filter(ticket_id__in=ticket_ids).delete()
    marks = ", ".join(["%s"] * len(ticket_ids))
    sql = (
        f"INSERT INTO {TaggedTicket._meta.db_table} (ticket_id, tag_id, created_at)"  # noqa: S608 - our tables
        f" SELECT tt.ticket_id, tt.tag_id, t.created_at FROM {Ticket.tags.through._meta.db_table} tt"
        f" JOIN {Ticket._meta.db_table} t ON t.id = tt.ticket_id WHERE tt.ticket_id IN ({marks})"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, ticket_ids)


def _moves_counts(kind: str, data: dict[str, Any]) -> bool:
    """Whether an event of `kind` may change a History count (history_of's rules, asked of one event)."""
    if kind == EventKind.ASSIGNED:
        return data.get("previous_agent_id") is not None
    if kind == EventKind.STATUS:
        return Status.IN_PROGRESS in (data.get("from"), data.get("to"))
    return kind in COUNTED


def _copy(ticket: Ticket) -> bool:
    """Copy the ticket's own columns into figures that have no SLA time yet; False when there is no
    such row (none yet, or answered or resolved: then a new priority's target may change `met`)."""
    copied = {name: getattr(ticket, name) for name in COPIED}
    untimed = TicketFigures.objects.filter(ticket_id=ticket.pk, first_response_at=None, resolved_at=None)
    return bool(untimed.update(**copied, reopens=ticket.reopen_count))


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
                [figures for figures, _ticket in batch],
                update_conflicts=True,
                unique_fields=["ticket"],
                update_fields=FIGURE_FIELDS,
            )
            tags_refresh([ticket.pk for _figures, ticket in batch])
        count += len(batch)
    return count  # a deleted ticket's figures went with it (CASCADE)


def _batches() -> Iterator[list[tuple[TicketFigures, Ticket]]]:
    last = 0
    while True:
        tickets = list(Ticket.objects.select_related("sla").filter(pk__gt=last).order_by("pk")[:BATCH])
        if not tickets:
            return
        events = _events(ticket.pk for ticket in tickets)
        yield [
            (figures_of(ticket, getattr(ticket, "sla", None), history_of(events[ticket.pk])), ticket)
            for ticket in tickets
        ]
        last = tickets[-1].pk
