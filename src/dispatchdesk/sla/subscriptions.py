"""What the SLA app listens to (common.events)."""

from dispatchdesk.common.events import Phase, subscribe
from dispatchdesk.sla.clocks import sla_observe
from dispatchdesk.tickets.events import TimelineRecorded


def connect() -> None:
    subscribe(TimelineRecorded, sla_observe, phase=Phase.IN_TRANSACTION)
