"""Each member's work on tickets, kept as it happens (decision 0058; docs/metrics.md, "Load and staffing").

- A **work action** is what a member (a user with an agent profile) does on a ticket itself: a reply,
  a note, a status change, an acceptance, a change of fields, priority or escalation; not assigning or
  routing, and not the status change of a handover (to Pending acceptance), which is the assignment's.
- Its **credit** is the time since the member's previous work action on any ticket, at most
  ACTION_CAP: what it took to read, think and type it. Actions at the same moment count once (the
  later one gets 0), a pause longer than the cap counts the cap (idle stretches and nights do not
  count), and the member's first action counts the cap. It is a property of the member's whole line,
  so it is the same whatever a report filters: in a report of one group, an action is credited with
  the gap to the member's previous action in any group (a filter cannot stretch the gaps).
- **Tickets worked** count each ticket once per member and clock hour (desk time): the member's first
  action on the ticket in that hour carries it (`first_in_hour`).

Both are computed once, when the action is recorded (work_record, in the change's transaction), and by
`dispatchdesk rebuild-reports` (work_rebuild), with the same functions. An action recorded out of order
(history imported later) also corrects the credit of the member's next action.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from datetime import UTC, datetime
from functools import lru_cache
from itertools import groupby
from operator import itemgetter
from typing import Any
from zoneinfo import ZoneInfo

from django.db import transaction
from django.db.models import Q

from dispatchdesk.accounts.models import AgentProfile
from dispatchdesk.common import clock
from dispatchdesk.common.bulk import insert_rows
from dispatchdesk.reports.models import MemberHour, WorkAction
from dispatchdesk.tickets.models import EventKind, Status, Ticket, TimelineEvent

WORK = (
    EventKind.REPLY,
    EventKind.NOTE,
    EventKind.STATUS,
    EventKind.ACCEPTED,
    EventKind.PRIORITY,
    EventKind.FIELDS,
    EventKind.ESCALATION,
)
# The most one action is credited with: a longer pause since the member's previous action was not work.
ACTION_CAP = 600.0
BATCH = 5000


def is_work(kind: str, data: Mapping[str, Any]) -> bool:
    """Whether an event of `kind` with `data`, by a member, is work on the ticket (see the module)."""
    return kind in WORK and not (kind == EventKind.STATUS and data.get("to") == Status.PENDING_ACCEPTANCE)


def credit(previous: datetime | None, at: datetime) -> float:
    """The seconds credited to an action at `at` whose member last acted at `previous` (None: never)."""
    if previous is None:
        return ACTION_CAP
    return min(ACTION_CAP, max(0.0, (at - previous).total_seconds()))


def clock_hour(at: datetime) -> tuple[datetime, int]:
    """The start of the desk's clock hour holding `at`, and its hour of the week (weekday * 24 + hour)."""
    # Every zone's offset is a whole number of quarter hours, so one UTC quarter hour lies in one clock hour.
    utc = at.astimezone(UTC)
    return _clock_hour_of(utc.replace(minute=utc.minute // 15 * 15, second=0, microsecond=0), clock.desk_zone())


@lru_cache(maxsize=4096)
def _clock_hour_of(quarter: datetime, zone: ZoneInfo) -> tuple[datetime, int]:
    local = quarter.astimezone(zone)
    return local.replace(minute=0, second=0, microsecond=0), local.weekday() * 24 + local.hour


def work_record(event: TimelineEvent) -> None:
    """Keep the member's work after `event`, inside its transaction: the action with its credit, the
    credit of the member's next action (only when this one arrived out of order), and their hours' sums."""
    actor_id = event.actor_id
    if actor_id is None or not is_work(event.kind, event.data) or not _is_member(actor_id):
        return
    at, ticket = event.created_at, event.ticket
    hour, slot = clock_hour(at)
    mine = WorkAction.objects.filter(actor_id=actor_id)
    earlier = Q(at__lt=at) | Q(at=at, event_id__lt=event.pk)
    previous = mine.filter(earlier).order_by("-at", "-event_id").values_list("at", flat=True).first()
    same_hour = mine.filter(ticket_id=ticket.pk, hour=hour)
    first = not same_hour.filter(earlier).exists()
    if first:
        same_hour.update(first_in_hour=False)  # a later action of that hour no longer carries the ticket
    WorkAction.objects.create(
        event_id=event.pk,
        actor_id=actor_id,
        ticket_id=ticket.pk,
        at=at,
        hour=hour,
        slot=slot,
        first_in_hour=first,
        credit_s=credit(previous, at),
        group_id=ticket.group_id,
        channel=ticket.channel,
        category_id=ticket.category_id,
    )
    hours = {hour: slot}
    following = mine.filter(Q(at__gt=at) | Q(at=at, event_id__gt=event.pk)).order_by("at", "event_id").first()
    if following is not None:
        following.credit_s = credit(at, following.at)
        following.save(update_fields=["credit_s"])
        hours[following.hour] = following.slot
    for moment, its_slot in hours.items():
        _sum_hour(actor_id, moment, its_slot)


def _is_member(user_id: int) -> bool:
    return AgentProfile.objects.filter(user_id=user_id).exists()


def _sum_hour(actor_id: int, hour: datetime, slot: int) -> None:
    actions = WorkAction.objects.filter(actor_id=actor_id, hour=hour).values_list("first_in_hour", "credit_s")
    MemberHour.objects.bulk_create(
        [member_hour(actor_id, hour, slot, actions)],
        update_conflicts=True,
        unique_fields=["actor_id", "hour"],
        update_fields=["slot", "tickets", "credit_s"],
    )


def member_hour(actor_id: int, hour: datetime, slot: int, actions: Iterable[tuple[bool, float]]) -> MemberHour:
    """The sums of the member's actions in one hour ((first_in_hour, credit_s) each); fsum, so the
    live path and a rebuild, adding in different orders, store the same float."""
    found = list(actions)
    return MemberHour(
        actor_id=actor_id,
        hour=hour,
        slot=slot,
        tickets=sum(1 for first, _credit in found if first),
        credit_s=math.fsum(seconds for _first, seconds in found),
    )


def work_follow_ticket(ticket: Ticket) -> None:
    """Copy the ticket's group, channel and category to its work actions where they changed (one
    UPDATE, of no row unless the ticket moved): a report filters actions by the ticket's current ones."""
    copied = {"group_id": ticket.group_id, "channel": ticket.channel, "category_id": ticket.category_id}
    WorkAction.objects.filter(ticket_id=ticket.pk).exclude(**copied).update(**copied)


def work_rebuild() -> int:
    """Recompute every member's work actions and hours from the timeline (`dispatchdesk rebuild-reports`,
    the import, `generate`); returns the number of actions. One ordered pass over all members' events (a
    query per member read the whole timeline each time: 25 minutes at 1,000,000 tickets), and one
    transaction per member, so a big desk is not locked at once."""
    events = (
        TimelineEvent.objects.filter(kind__in=WORK, actor__agent__isnull=False)
        .order_by("actor_id", "created_at", "id")
        .values_list(
            "actor_id",
            "id",
            "ticket_id",
            "kind",
            "data",
            "created_at",
            "ticket__group_id",
            "ticket__channel",
            "ticket__category_id",
        )
    )
    count, members = 0, []
    for actor_id, rows in groupby(events.iterator(chunk_size=BATCH), key=itemgetter(0)):
        with transaction.atomic():
            count += _replace_member(actor_id, _actions_of(actor_id, rows))
        members.append(actor_id)
    with transaction.atomic():  # members who no longer have any (their user lost the agent profile)
        WorkAction.objects.exclude(actor_id__in=members).delete()
        MemberHour.objects.exclude(actor_id__in=members).delete()
    return count


ACTION_FIELDS = (
    "event_id",
    "actor_id",
    "ticket_id",
    "at",
    "hour",
    "slot",
    "first_in_hour",
    "credit_s",
    "group_id",
    "channel",
    "category_id",
)
HOUR_FIELDS = ("actor_id", "hour", "slot", "tickets", "credit_s")


def _replace_member(actor_id: int, actions: list[tuple[Any, ...]]) -> int:
    """Write the member's actions (rows of ACTION_FIELDS, in order) and their hours in place of the old."""
    WorkAction.objects.filter(actor_id=actor_id).delete()
    MemberHour.objects.filter(actor_id=actor_id).delete()
    insert_rows(WorkAction._meta.db_table, ACTION_FIELDS, actions)
    hour_at, slot_at, first_at, credit_at = (
        ACTION_FIELDS.index(name) for name in ("hour", "slot", "first_in_hour", "credit_s")
    )
    hours = []
    for hour, rows in groupby(actions, key=itemgetter(hour_at)):
        found = list(rows)
        total = member_hour(actor_id, hour, found[0][slot_at], ((row[first_at], row[credit_at]) for row in found))
        hours.append(tuple(getattr(total, name) for name in HOUR_FIELDS))
    insert_rows(MemberHour._meta.db_table, HOUR_FIELDS, hours)
    return len(actions)


def _actions_of(actor_id: int, events: Iterable[tuple[Any, ...]]) -> list[tuple[Any, ...]]:
    """The member's work actions (rows of ACTION_FIELDS) from their events in order, each with its credit
    and whether it is first on its ticket in its hour."""
    actions: list[tuple[Any, ...]] = []
    previous: datetime | None = None
    seen: set[tuple[datetime, int]] = set()  # (hour, ticket) already carried
    for _actor, event_id, ticket_id, kind, data, at, group_id, channel, category_id in events:
        if not is_work(kind, data):
            continue
        hour, slot = clock_hour(at)
        first = (hour, ticket_id) not in seen
        seen.add((hour, ticket_id))
        actions.append(
            (event_id, actor_id, ticket_id, at, hour, slot, first, credit(previous, at), group_id, channel, category_id)
        )
        previous = at
    return actions
