"""SLA state as the database computes it, so ticket lists filter and sort by it.

It reads the copy of the clocks the sla app keeps on the ticket row itself (`sla_due_at`,
`sla_warn_at`, `sla_paused`, written by sla.clocks with the clocks), so a list needs no join and
its filters and order use the ticket's indexes; the record never imports the layer above it.
"""

from datetime import datetime

from django.db.models import Case, CharField, Q, QuerySet, Value, When

from dispatchdesk.tickets.models import Ticket

BREACHED, AT_RISK, PAUSED, RUNNING = "breached", "at_risk", "paused", "running"


def _conditions(now: datetime) -> list[tuple[str, Q]]:
    """Each state's condition; the first that holds wins (a breached ticket is also past its warning)."""
    return [
        (BREACHED, Q(sla_due_at__lte=now)),
        # A warning moment comes with a deadline (sla.clocks), so "not yet due" is a range the index serves.
        (AT_RISK, Q(sla_warn_at__lte=now, sla_due_at__gt=now)),
        (PAUSED, Q(sla_paused=True)),
        (RUNNING, Q(sla_due_at__isnull=False)),
    ]


def with_sla_state(tickets: QuerySet[Ticket], *, now: datetime) -> QuerySet[Ticket]:
    """Annotate `sla_state`: breached, at_risk, paused, running, or "" (no SLA, or nothing pending)."""
    cases = [When(condition, then=Value(state)) for state, condition in _conditions(now)]
    return tickets.annotate(sla_state=Case(*cases, default=Value(""), output_field=CharField()))


def in_sla_state(tickets: QuerySet[Ticket], state: str, *, now: datetime) -> QuerySet[Ticket]:
    """The tickets whose `sla_state` is `state`, as a filter the database can use its indexes for."""
    wanted = Q()
    for name, condition in _conditions(now):
        if name == state:
            return tickets.filter(wanted & condition)
        wanted &= ~condition
    raise ValueError(f"unknown SLA state {state!r}")
