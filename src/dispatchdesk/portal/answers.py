"""Whether the customer's page offers the answer form: a reply, or a follow-up (intake.services.customer_answer)."""

from dispatchdesk.accounts.models import User
from dispatchdesk.customers.models import Contact
from dispatchdesk.tickets.models import Ticket
from dispatchdesk.tickets.permissions import FOLLOW_UP_CODES, may_reply


def may_answer(author: User | Contact, ticket: Ticket) -> bool:
    answer = may_reply(author, ticket)
    return bool(answer) or answer.code in FOLLOW_UP_CODES
