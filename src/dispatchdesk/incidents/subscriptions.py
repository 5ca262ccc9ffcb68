"""The incidents app hears of each new ticket from the front door (after it committed)."""

from dispatchdesk.common.events import Phase, subscribe
from dispatchdesk.incidents.services import incident_detect
from dispatchdesk.intake.events import TicketSubmitted


def detect_on_submission(event: TicketSubmitted) -> None:
    incident_detect(ticket=event.ticket)


def connect() -> None:
    subscribe(TicketSubmitted, detect_on_submission, phase=Phase.AFTER_COMMIT)
