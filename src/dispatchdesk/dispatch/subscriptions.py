"""What the dispatch app listens to (common.events): freed capacity and the SLA rules' requests."""

from dispatchdesk.common.events import Phase, subscribe
from dispatchdesk.dispatch.services.escalate import follow_sla_rules
from dispatchdesk.dispatch.tasks import offer_work_later
from dispatchdesk.sla.events import SlaThresholdCrossed
from dispatchdesk.tickets.events import SlotFreed


def connect() -> None:
    subscribe(SlotFreed, offer_work_later, phase=Phase.AFTER_COMMIT)  # D6: pull on free capacity
    subscribe(SlaThresholdCrossed, follow_sla_rules, phase=Phase.AFTER_COMMIT)
