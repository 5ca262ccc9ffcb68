"""What the dispatch app listens to (common.events): freed capacity, the SLA rules' requests, corrections."""

from dispatchdesk.common.events import Phase, subscribe
from dispatchdesk.dispatch.services.classify import record_correction
from dispatchdesk.dispatch.services.escalate import follow_sla_rules
from dispatchdesk.dispatch.tasks import offer_work_later
from dispatchdesk.sla.events import SlaThresholdCrossed
from dispatchdesk.tickets.events import SlotFreed, TimelineRecorded


def connect() -> None:
    subscribe(SlotFreed, offer_work_later, phase=Phase.AFTER_COMMIT)  # D6: pull on free capacity
    subscribe(SlaThresholdCrossed, follow_sla_rules, phase=Phase.AFTER_COMMIT)
    subscribe(TimelineRecorded, record_correction, phase=Phase.IN_TRANSACTION)  # A2: corrections feed training
