"""What the intake app listens to (common.events): replies on chat tickets move their chat."""

from dispatchdesk.common.events import Phase, subscribe
from dispatchdesk.intake.channels.chat.services import chat_note_reply
from dispatchdesk.tickets.events import TicketReplied


def connect() -> None:
    # In the reply's transaction: the session's wait starts or ends with the reply itself.
    subscribe(TicketReplied, chat_note_reply, phase=Phase.IN_TRANSACTION)
