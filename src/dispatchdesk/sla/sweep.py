"""The safety net under the timers: every ticket whose warning or deadline has passed gets its check.

Timers can be lost (a worker down at the moment, a clock changed, a backend that cannot defer);
the sweep runs every minute from the worker, and sla_check's bookkeeping makes a second look harmless.
"""

from contextlib import nullcontext
from datetime import datetime

from dispatchdesk.common import clock
from dispatchdesk.sla.escalation import sla_check
from dispatchdesk.sla.models import TicketSla


def sla_sweep(*, now: datetime | None = None) -> int:
    """Check every ticket with an unfired threshold at or before `now`; how many crossed one."""
    moment = now or clock.now()
    waiting = list(TicketSla.objects.filter(check_at__lte=moment).values_list("ticket_id", flat=True))
    with clock.frozen_at(moment) if now else nullcontext():
        return sum(1 for ticket_id in waiting if sla_check(ticket_id=ticket_id) is not None)
