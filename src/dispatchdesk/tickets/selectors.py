"""Reads for views and the API, always starting from what the asking user may see."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db.models import F, Q, QuerySet, prefetch_related_objects
from django.db.models.expressions import OrderBy
from django.utils import timezone

from dispatchdesk.accounts.models import Role, User
from dispatchdesk.common import clock, live
from dispatchdesk.common.prepared import PreparedRead
from dispatchdesk.customers.models import Contact
from dispatchdesk.tickets.models import (
    CUSTOMER_STATUS,
    OPEN_STATUSES,
    Attachment,
    EventKind,
    Message,
    MessageKind,
    Tag,
    Ticket,
    TimelineEvent,
)
from dispatchdesk.tickets.search import search_match
from dispatchdesk.tickets.sla_state import in_sla_state, with_sla_state


def tickets_visible_to(user: User) -> QuerySet[Ticket]:
    """The only starting point for tickets a user may see; every view and API route uses it.

    Each ticket comes with its SLA clocks and `sla_state` (sla.selectors), as of now.
    """
    base = _tickets_shown(clock.now())
    if not user.is_active:
        return base.none()
    if _sees_whole_desk(user):
        return base
    if user.role == Role.AGENT and hasattr(user, "agent"):
        return base.filter(Q(group__in=user.agent.groups.all()) | Q(assignee=user))
    if user.role == Role.CUSTOMER:
        return base.filter(_customers_tickets(user))
    return base.none()


def _tickets_shown(now: datetime) -> QuerySet[Ticket]:
    shown = Ticket.objects.select_related(
        "customer", "organisation", "assignee", "group", "category", "region", "sla__policy"
    )
    return with_sla_state(shown, now=now)


def _sees_whole_desk(user: User) -> bool:
    return user.is_active and user.oversees_all


# Every ticket page and API fetch of a dispatcher or manager reads one ticket this way: compiled once
# per process, as Django would take 2-3 ms to compile its seven joins anew each time (common.prepared).
_ticket_of_desk = PreparedRead(
    lambda ticket_id, now: _tickets_shown(now).filter(pk=ticket_id).order_by(), ticket_id=int, now=datetime
)


def _customers_tickets(user: User) -> Q:
    """A customer's own tickets; an organisation admin's also those of their organisation."""
    own = Q(customer__user=user)
    contact = Contact.objects.filter(user=user, organisation_admin=True, organisation__isnull=False).first()
    return own | Q(organisation_id=contact.organisation_id) if contact is not None else own


def live_topics(user: User, ticket_ids: Iterable[int] = ()) -> set[str]:
    """What a user's open pages may hear (common.live), by the rule of `tickets_visible_to`: their
    own messages, and changes to the tickets they may see (the whole desk, their groups' and theirs,
    or the tickets asked for by id)."""
    topics = {live.user_topic(user.pk)}
    if user.oversees_all:
        topics.add(live.DESK)
    elif user.role == Role.AGENT and hasattr(user, "agent"):
        topics |= {live.group_topic(group_id) for group_id in user.agent.groups.values_list("pk", flat=True)}
    wanted = tickets_visible_to(user).filter(pk__in=list(ticket_ids)[:100]).values_list("pk", flat=True)
    return topics | {live.ticket_topic(ticket_id) for ticket_id in wanted}


def ticket_visible_to(*, user: User, ticket_id: int) -> Ticket:
    """The ticket as `tickets_visible_to` has it; Ticket.DoesNotExist (a 404 in one place) if not visible."""
    if not _sees_whole_desk(user):
        return tickets_visible_to(user).get(pk=ticket_id)
    found = _ticket_of_desk.objects(ticket_id=ticket_id, now=clock.now())
    if not found:
        raise Ticket.DoesNotExist("Ticket matching query does not exist.")
    return found[0]


def ticket_by_number_visible_to(*, user: User, number: int) -> Ticket:
    return tickets_visible_to(user).get(number=number)


def ticket_for_lookup(*, number: int, email: str) -> Ticket:
    """The customer lookup: the number and the customer's email must both match."""
    return Ticket.objects.select_related("assignee", "group").get(number=number, customer__email__iexact=email.strip())


def ticket_by_access_key(access_key: str) -> Ticket:
    return Ticket.objects.select_related("assignee", "group", "customer").get(access_key=access_key)


@dataclass(frozen=True)
class TicketFilters:
    status: str = ""
    priority: int | None = None
    group_id: int | None = None
    assignee_id: int | None = None
    unassigned: bool = False
    open_only: bool = False
    query: str = ""  # full-text search (tickets.search): words of the text, or the ticket's number
    sla_state: str = ""  # at_risk or breached (sla.selectors)
    by_due: bool = False  # most urgent deadline first, instead of priority then age
    by_priority_then_due: bool = False  # "My tickets": most urgent priority, then the nearest deadline
    channel: str = ""
    category_id: int | None = None
    tag_id: int | None = None
    customer_id: int | None = None
    organisation_id: int | None = None
    group_ids: tuple[int, ...] | None = None  # one of these groups (a queue of several groups)
    created_from: date | None = None  # whole days in the desk's time zone, both ends included
    created_to: date | None = None
    updated_from: date | None = None
    updated_to: date | None = None
    # Desk days (common.clock.desk_day), as the dashboard counts them (reports.metrics).
    answered_on: date | None = None  # the first response, as the SLA clock records it
    resolved_on: date | None = None  # the latest resolution


def visibility_parts(user: User, filters: TicketFilters | None = None) -> tuple[Q, ...]:
    """Disjoint parts whose union is `tickets_visible_to(user)`, to narrow that queryset with, never to
    replace it: each of an agent's groups, then her own tickets outside them. A long list reads each part
    through its own ordered index range (common.counts.PartsPaginator, docs/decisions/0049).

    One part when the filters name an assignee, customer or organisation: their own index finds a few
    thousand tickets at most, and reading it once is cheaper than once per part."""
    narrow = filters is not None and bool(filters.assignee_id or filters.customer_id or filters.organisation_id)
    if narrow or user.role != Role.AGENT or user.oversees_all or not hasattr(user, "agent"):
        return (Q(),)
    groups = sorted(user.agent.groups.values_list("pk", flat=True))
    return (*(Q(group_id=group) for group in groups), Q(assignee=user) & ~Q(group_id__in=groups))


def tickets_filtered(*, user: User, filters: TicketFilters) -> QuerySet[Ticket]:
    tickets = tickets_visible_to(user).filter(_record_match(filters))
    if filters.status:
        tickets = tickets.filter(status=filters.status)
    if filters.open_only:
        tickets = tickets.filter(status__in=OPEN_STATUSES)
    if filters.priority:
        tickets = tickets.filter(priority=filters.priority)
    if filters.group_id:
        tickets = tickets.filter(group_id=filters.group_id)
    if filters.assignee_id:
        tickets = tickets.filter(assignee_id=filters.assignee_id)
    if filters.unassigned:
        tickets = tickets.filter(assignee__isnull=True)
    if filters.query:
        tickets = tickets.filter(search_match(filters.query, include_notes=user.is_staff_member))
    if filters.sla_state:
        tickets = in_sla_state(tickets, filters.sla_state, now=clock.now())
    tickets = _on_days(tickets, filters)
    return tickets.prefetch_related("tags").order_by(*_order(filters), "-created_at", "-id")


def _order(filters: TicketFilters) -> tuple[str | OrderBy, ...]:
    due = F("sla_due_at").asc(nulls_last=True)
    if filters.by_due:
        return (due, "priority")
    if filters.by_priority_then_due:
        return ("priority", due)
    if filters.query:
        # A search spans the whole history: newest matches first, which the database finds by walking
        # the creation index instead of sorting every match by priority (docs/decisions/0041).
        return ()
    return ("priority",)


def _record_match(filters: TicketFilters) -> Q:
    """The filters on the ticket's own columns (channel, category, tag, people, days)."""
    match = Q()
    exact = {
        "channel": filters.channel,
        "category_id": filters.category_id,
        "tags": filters.tag_id,
        "customer_id": filters.customer_id,
        "organisation_id": filters.organisation_id,
    }
    for lookup, value in exact.items():
        if value:
            match &= Q(**{lookup: value})
    if filters.group_ids is not None:
        match &= Q(group_id__in=filters.group_ids)
    for column, first, last in (
        ("created_at", filters.created_from, filters.created_to),
        ("updated_at", filters.updated_from, filters.updated_to),
    ):
        if first:
            match &= Q(**{f"{column}__gte": _day_start(first)})
        if last:
            match &= Q(**{f"{column}__lt": _day_start(last + timedelta(days=1))})
    return match


def _day_start(day: date) -> datetime:
    # A range on the column itself (not on its date) lets the database use the column's index.
    return datetime.combine(day, time.min, tzinfo=timezone.get_current_timezone())


def _on_days(tickets: QuerySet[Ticket], filters: TicketFilters) -> QuerySet[Ticket]:
    days = {"sla__first_responded_at": filters.answered_on, "resolved_at": filters.resolved_on}
    for field, day in days.items():
        if day is not None:
            start, end = clock.desk_day(day)
            tickets = tickets.filter(**{f"{field}__gte": start, f"{field}__lt": end})
    return tickets


def _conversation(ticket_id: int) -> QuerySet[Message]:
    return Message.objects.filter(ticket_id=ticket_id).select_related("author", "author_contact")


def ticket_messages(*, ticket: Ticket, user: User) -> QuerySet[Message]:
    """The conversation as `user` may read it: customers never see internal notes."""
    messages = _conversation(ticket.pk).prefetch_related("attachments")
    return messages if user.is_staff_member else messages.filter(kind=MessageKind.REPLY)


def public_messages(ticket: Ticket) -> QuerySet[Message]:
    return (
        ticket.messages.filter(kind=MessageKind.REPLY)
        .select_related("author", "author_contact")
        .prefetch_related("attachments")
    )


def ticket_timeline(*, ticket: Ticket, public_only: bool) -> QuerySet[TimelineEvent]:
    """The events with who did them; an event's message is not read (each page shows the conversation
    apart, and the API gives an event's `message_id`)."""
    events = _timeline(ticket.pk)
    return events.filter(public=True) if public_only else events


def _timeline(ticket_id: int) -> QuerySet[TimelineEvent]:
    return TimelineEvent.objects.filter(ticket_id=ticket_id).select_related("actor")


# The staff ticket page's timeline, conversation and tags: what `ticket_timeline`, `ticket_messages`
# and `ticket.tags` read, compiled once per process (common.prepared).
_staff_timeline = PreparedRead(_timeline, ticket_id=int)
_staff_conversation = PreparedRead(_conversation, ticket_id=int)
_tags = PreparedRead(lambda ticket_id: Tag.objects.filter(tickets=ticket_id), ticket_id=int)


def staff_timeline(ticket: Ticket) -> list[TimelineEvent]:
    """`ticket_timeline(ticket=ticket, public_only=False)`, read for a page."""
    events = _staff_timeline.objects(ticket_id=ticket.pk)
    for event in events:
        event.ticket = ticket  # as the ticket's related manager would have it
    return events


def staff_conversation(ticket: Ticket) -> list[Message]:
    """`ticket_messages` as staff read it (internal notes too), with each message's attachments."""
    messages = _staff_conversation.objects(ticket_id=ticket.pk)
    for message in messages:
        message.ticket = ticket
    prefetch_related_objects(messages, "attachments")
    return messages


def ticket_tags(ticket: Ticket) -> list[Tag]:
    return _tags.objects(ticket_id=ticket.pk)


def latest_event_id(events: Iterable[TimelineEvent]) -> int:
    """The newest of the timeline rows a page shows (0 before any): where the page starts listening, so a
    change recorded while it was drawn is announced rather than missed."""
    return max((event.pk for event in events), default=0)


def changes_since(*, ticket: Ticket, after_id: int, reader: User) -> list[TimelineEvent]:
    """What was recorded on the ticket after row `after_id` by anyone but `reader`: other people and
    the desk itself (SLA warnings, alerts, the dispatcher's engine). At most 20, oldest first."""
    later = ticket_timeline(ticket=ticket, public_only=False).filter(pk__gt=after_id).exclude(actor=reader)
    return list(later.order_by("pk")[:20])


def customer_timeline(ticket: Ticket) -> list[TimelineEvent]:
    """The public events, minus the status moves a customer cannot tell apart (tickets.models.CUSTOMER_STATUS)."""
    public = ticket_timeline(ticket=ticket, public_only=True)
    return [
        event
        for event in public
        if event.kind != EventKind.STATUS
        or CUSTOMER_STATUS.get(event.data.get("from")) != CUSTOMER_STATUS.get(event.data.get("to"))
    ]


def attachment_visible_to(*, user: User, token: str) -> Attachment:
    """A file on a ticket `user` may see; files of internal notes only for staff."""
    attachments = Attachment.objects.select_related("message").filter(message__ticket__in=tickets_visible_to(user))
    if not user.is_staff_member:
        attachments = attachments.filter(message__kind=MessageKind.REPLY)
    return attachments.get(token=token)


def public_attachment(*, ticket: Ticket, token: str) -> Attachment:
    """A file of one of the ticket's public messages (downloads through the access key)."""
    return Attachment.objects.get(token=token, message__ticket=ticket, message__kind=MessageKind.REPLY)
