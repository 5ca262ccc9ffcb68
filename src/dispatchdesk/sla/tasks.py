"""SLA timers: a check at each warning and deadline moment, and a sweep that catches what they missed."""

from datetime import datetime

from django_tasks import task

from dispatchdesk.common import clock, history, request_context
from dispatchdesk.sla.escalation import sla_check
from dispatchdesk.sla.sweep import sla_sweep


@task()
def check_ticket(ticket_id: int, request_id: str = "") -> str | None:
    with request_context.bound(request_id):  # the request that started the clock (docs/decisions/0038)
        return sla_check(ticket_id=ticket_id)


@task()
def run_sla_sweep() -> int:
    return sla_sweep()


def schedule_check(ticket_id: int, moment: datetime) -> None:
    """A check at `moment`; now if it has passed; left to the sweep on a backend that cannot defer."""
    if history.is_replaying():
        return
    request_id = request_context.current()
    if moment <= clock.now():
        check_ticket.enqueue(ticket_id=ticket_id, request_id=request_id)
    elif check_ticket.get_backend().supports_defer:
        check_ticket.using(run_after=moment).enqueue(ticket_id=ticket_id, request_id=request_id)
