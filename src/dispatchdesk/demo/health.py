"""How the loaded desk stands: the figures issue 11 judged the demo by, read back from the database.

Each figure has one definition, here:

- **First-response attainment**: of the tickets that arrived in the period and have had their first
  staff reply, or are past the target without one, the share answered within the first-response
  target of their SLA policy, counted in the policy's business hours with the clock's pauses, for
  the priority the ticket had when answered.
- **Resolution attainment**: the same for resolution, over the tickets resolved (Resolved or Closed)
  or past the target unresolved; the time counted runs to the last resolution.
- **Backlog**: the open tickets (New to Awaiting review), also in days of arrivals (open tickets
  divided by the period's arrivals per day).
- **At risk, breached**: open tickets in those SLA states now (tickets.sla_state).
- **Unassigned**: tickets in New; the oldest one's wait.

They are computed independently of how the demo was planned, from tickets, SLA rows and timelines,
with the SLA app's own calendar arithmetic, so a test can hold the demo to them.
"""

from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from dispatchdesk.customers.models import CustomerTier
from dispatchdesk.sla import calendar as business
from dispatchdesk.sla.config import service_levels
from dispatchdesk.sla.models import TicketSla
from dispatchdesk.tickets.models import OPEN_STATUSES, EventKind, Status, Ticket, TimelineEvent
from dispatchdesk.tickets.sla_state import AT_RISK, BREACHED, in_sla_state

RESOLVED_STATUSES = (Status.RESOLVED, Status.CLOSED)


@dataclass(frozen=True, slots=True)
class Attainment:
    met: int
    counted: int

    @property
    def share(self) -> float:
        return self.met / self.counted if self.counted else 1.0


@dataclass(frozen=True, slots=True)
class DeskHealth:
    days: int
    arrivals: int
    open: int
    by_status: dict[str, int]
    at_risk: int
    breached: int
    unassigned: int
    oldest_unassigned: timedelta | None
    vip_unassigned: int
    first_response: Attainment
    resolution: Attainment

    @property
    def backlog_days(self) -> float:
        """The open tickets in days of arrivals."""
        return self.open / (self.arrivals / self.days) if self.arrivals else 0.0


def desk_health(*, now: datetime, days: int = 30) -> DeskHealth:
    """The desk as it stands at `now`, attainment over the tickets that arrived in the `days` before."""
    arrived = Ticket.objects.filter(created_at__gt=now - timedelta(days=days), created_at__lte=now)
    open_tickets = Ticket.objects.filter(status__in=OPEN_STATUSES)
    new = Ticket.objects.filter(status=Status.NEW).select_related("customer__organisation")
    oldest = min((ticket.created_at for ticket in new), default=None)
    first, resolution = _attainment(list(arrived.select_related("sla")), now)
    return DeskHealth(
        days=days,
        arrivals=arrived.count(),
        open=open_tickets.count(),
        by_status=dict(Counter(open_tickets.values_list("status", flat=True))),
        at_risk=in_sla_state(open_tickets, AT_RISK, now=now).count(),
        breached=in_sla_state(open_tickets, BREACHED, now=now).count(),
        unassigned=len(new),
        oldest_unassigned=now - oldest if oldest else None,
        vip_unassigned=sum(1 for ticket in new if ticket.customer.effective_tier == CustomerTier.VIP),
        first_response=first,
        resolution=resolution,
    )


def _attainment(tickets: list[Ticket], now: datetime) -> tuple[Attainment, Attainment]:
    ids = [ticket.pk for ticket in tickets]
    priorities: dict[int, list[tuple[datetime, int, int]]] = defaultdict(list)
    for ticket_id, at, data in (
        TimelineEvent.objects.filter(ticket_id__in=ids, kind=EventKind.PRIORITY)
        .order_by("created_at", "pk")
        .values_list("ticket_id", "created_at", "data")
    ):
        priorities[ticket_id].append((at, int(data["from"]), int(data["to"])))
    levels = service_levels()
    first, resolution = [0, 0], [0, 0]
    for ticket in tickets:
        try:
            clocks = ticket.sla
        except TicketSla.DoesNotExist:
            continue
        view = levels.policies.get(clocks.policy_id) if clocks.policy_id else None
        if view is None:
            continue
        pauses, calendar = _pauses(clocks), view.calendar
        answered = ticket.first_response_at
        target = view.targets.get(_priority_at(ticket, priorities[ticket.pk], answered or now))
        if target is not None:
            minutes = target.first_response_minutes
            _tally(first, _in_time(calendar, ticket.created_at, answered, now=now, minutes=minutes, pauses=pauses))
        done = ticket.resolved_at if ticket.status in RESOLVED_STATUSES else None  # the last resolution
        target = view.targets.get(_priority_at(ticket, priorities[ticket.pk], done or now))
        if target is not None:
            minutes = target.resolution_minutes
            _tally(resolution, _in_time(calendar, ticket.created_at, done, now=now, minutes=minutes, pauses=pauses))
    return Attainment(*first), Attainment(*resolution)


def _in_time(
    calendar: business.BusinessCalendar,
    start: datetime,
    done: datetime | None,
    *,
    now: datetime,
    minutes: int,
    pauses: list[business.Pause],
) -> bool | None:
    """Whether the target was met; None while it is neither met nor missed (not done, not overdue)."""
    if done is not None:
        return business.business_seconds(calendar, start, done, pauses) <= minutes * 60
    return False if business.business_seconds(calendar, start, now, pauses) > minutes * 60 else None


def _tally(tally: list[int], met: bool | None) -> None:
    if met is not None:
        tally[0] += met
        tally[1] += 1


def _priority_at(ticket: Ticket, changes: list[tuple[datetime, int, int]], moment: datetime) -> int:
    before = [to for at, _from, to in changes if at <= moment]
    if before:
        return before[-1]
    return changes[0][1] if changes else ticket.priority


def _pauses(clocks: TicketSla) -> list[business.Pause]:
    pauses: list[business.Pause] = [
        (datetime.fromisoformat(start).astimezone(UTC), datetime.fromisoformat(end).astimezone(UTC))
        for start, end in clocks.pauses
    ]
    if clocks.paused_since is not None:
        pauses.append((clocks.paused_since, None))
    return pauses
