"""The team board (P4): a group's or one agent's open tickets in columns by status and lanes by agent
or priority, read in a few queries whatever the number of tickets.

A column shows its full count but only its `CARDS_PER_COLUMN` most urgent cards, each in its lane
(the rest are a "N more" link to the ticket list per lane): a board of 2,000 tickets stays readable
and renders fast.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, time

from django.db.models import Count, F, Q, QuerySet, Window
from django.db.models.functions import RowNumber
from django.utils import timezone
from django.utils.translation import gettext as _

from dispatchdesk.accounts.models import AgentProfile, Presence, SkillGroup, User
from dispatchdesk.common import clock
from dispatchdesk.tickets import workflow
from dispatchdesk.tickets.models import OPEN_STATUSES, Priority, Status, Ticket, WipLimit
from dispatchdesk.tickets.selectors import tickets_visible_to

# Open work, and what was resolved today: the team sees what it finished without old work piling up.
COLUMNS: tuple[str, ...] = (*OPEN_STATUSES, Status.RESOLVED)
CARDS_PER_COLUMN = 15
LANES = ("agent", "priority")
LaneKey = int | None  # an agent's user id (None: unassigned) or a priority


@dataclass(frozen=True, slots=True)
class Column:
    status: str
    label: str
    count: int
    limit: int | None

    @property
    def over_limit(self) -> bool:
        return self.limit is not None and self.count > self.limit


@dataclass(slots=True)
class Cell:
    status: str
    tickets: list[Ticket] = field(default_factory=list)
    count: int = 0

    @property
    def hidden(self) -> int:
        return self.count - len(self.tickets)


@dataclass(frozen=True, slots=True)
class Lane:
    key: LaneKey
    label: str
    cells: list[Cell]

    @property
    def count(self) -> int:
        return sum(cell.count for cell in self.cells)


@dataclass(frozen=True, slots=True)
class Board:
    group: SkillGroup | None  # None: the viewer's own tickets
    lanes_by: str
    columns: list[Column]
    lanes: list[Lane]
    agents: list[User]  # whom a card may be handed to from this board

    @property
    def moves(self) -> dict[str, list[str]]:
        """For each column, the columns a card may legally move to (tickets.workflow)."""
        shown = set(COLUMNS)
        return {status: [str(s) for s in workflow.allowed_targets(status) if s in shown] for status in COLUMNS}


def board_tickets(user: User, *, group: SkillGroup | None) -> QuerySet[Ticket]:
    """What a board shows, scoped by who asks (tickets_visible_to): open work and today's resolved."""
    start_of_day = timezone.make_aware(datetime.combine(timezone.localtime(clock.now()).date(), time.min))
    shown = Q(status__in=OPEN_STATUSES) | Q(status=Status.RESOLVED, resolved_at__gte=start_of_day)
    tickets = tickets_visible_to(user).filter(shown)
    return tickets.filter(group=group) if group is not None else tickets.filter(assignee=user)


def team_board(user: User, *, group: SkillGroup | None, lanes_by: str) -> Board:
    """The board of `group` (or `user`'s own tickets) as `user` may see it, lanes by agent or priority."""
    tickets = board_tickets(user, group=group)
    lane_field = "assignee_id" if lanes_by == "agent" else "priority"
    counts = _counts(tickets, lane_field)
    agents = _available_members(group) if group is not None else [user]
    names = _names(counts, agents) if lanes_by == "agent" else {}
    keys = _lane_keys(lanes_by, names, group)
    cells = {(key, status): Cell(status, count=counts[(key, status)]) for key in keys for status in COLUMNS}
    for ticket in _first_cards(tickets):
        cells[(getattr(ticket, lane_field), ticket.status)].tickets.append(ticket)
    lanes = [Lane(key, _lane_label(lanes_by, key, names), [cells[(key, s)] for s in COLUMNS]) for key in keys]
    return Board(group, lanes_by, _columns(counts, group), lanes, agents)


def _counts(tickets: QuerySet[Ticket], lane_field: str) -> Counter[tuple[LaneKey, str]]:
    rows = tickets.order_by().values_list(lane_field, "status").annotate(n=Count("id"))
    return Counter({(lane, status): n for lane, status, n in rows})


def _first_cards(tickets: QuerySet[Ticket]) -> list[Ticket]:
    """The most urgent cards of each column: their ids by a window per column over narrow rows, then
    the cards with everything they show (ranking whole rows with their joins costs 3 times more)."""
    urgency = [F("priority").asc(), F("sla_due_at").asc(nulls_last=True), F("created_at").asc()]
    ranked = tickets.order_by().annotate(place=Window(RowNumber(), partition_by=[F("status")], order_by=urgency))
    places = dict(ranked.filter(place__lte=CARDS_PER_COLUMN).values_list("id", "place"))
    cards = tickets.filter(pk__in=list(places)).select_related(None).select_related("customer", "assignee", "sla")
    return sorted(cards, key=lambda ticket: places[ticket.pk])


def _columns(counts: Counter[tuple[LaneKey, str]], group: SkillGroup | None) -> list[Column]:
    limits = dict(WipLimit.objects.filter(group=group).values_list("status", "limit")) if group else {}
    totals: Counter[str] = Counter()
    for (_lane, status), n in counts.items():
        totals[status] += n
    return [Column(status, str(Status(status).label), totals[status], limits.get(status)) for status in COLUMNS]


def _available_members(group: SkillGroup) -> list[User]:
    """The group's members who are online: whom a card can be handed to now (the engine refuses the rest)."""
    members = AgentProfile.objects.filter(groups=group, user__is_active=True, presence=Presence.ONLINE)
    return sorted((profile.user for profile in members.select_related("user")), key=str)


def _names(counts: Counter[tuple[LaneKey, str]], agents: Sequence[User]) -> dict[int, str]:
    """Agent lanes: everyone who holds some of the board's tickets, and the members who are online."""
    holders = {lane for lane, _status in counts if lane is not None} - {agent.pk for agent in agents}
    return {agent.pk: str(agent) for agent in agents} | {
        user.pk: str(user) for user in User.objects.filter(pk__in=holders)
    }


def _lane_keys(lanes_by: str, names: dict[int, str], group: SkillGroup | None) -> list[LaneKey]:
    """Priority lanes are always the four priorities; agent lanes are the unassigned work (on a group's
    board), then the agents by name."""
    if lanes_by == "priority":
        return [int(p) for p in Priority]
    agents = sorted(names, key=lambda pk: (names[pk], pk))
    return [*([None] if group is not None else []), *agents]


def _lane_label(lanes_by: str, key: LaneKey, names: dict[int, str]) -> str:
    if lanes_by == "priority" and key is not None:
        return str(Priority(key).label)
    if key is None:
        return _("Unassigned")
    return names.get(key, "")
