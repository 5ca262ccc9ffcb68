"""The customer's confirmation (S5): ticket number, who is responsible, and the expected wait."""

from __future__ import annotations

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _

from dispatchdesk.common.durations import duration
from dispatchdesk.notifications.customer_mail import customer_draft, ticket_link
from dispatchdesk.notifications.draft import Draft
from dispatchdesk.sla.expected import expected_wait
from dispatchdesk.sla.wait import Estimate
from dispatchdesk.tickets.models import Ticket


def responsible_label(ticket: Ticket) -> str:
    """Who the customer may expect to hear from: the agent's first name, the team, or the queue."""
    if ticket.assignee is not None:
        return ticket.assignee.first_name or _("a support agent")
    if ticket.group is not None:
        return _("the %(group)s team") % {"group": ticket.group.name}
    return _("our support team")


def wait_label(estimate: Estimate | None) -> str:
    """The expected wait in words, with its range: "about 25 minutes (10 to 45 minutes)"."""
    if estimate is None:
        return _("A member of our team will look at your request shortly.")
    if estimate.basis == "next_shift":
        return _("Nobody is on duty right now; expect a first response in about %(point)s, once the team is back.") % {
            "point": duration(estimate.seconds, after_preposition=True)
        }
    return _("Expected first response in about %(point)s (between %(low)s and %(high)s).") % {
        "point": duration(estimate.seconds, after_preposition=True),
        "low": duration(estimate.low, after_preposition=True),
        "high": duration(estimate.high, after_preposition=True),
    }


def confirmation_draft(ticket: Ticket) -> Draft | None:
    """The customer's confirmation, in their language; None if the contact has no address."""
    with translation.override(ticket.customer.language or settings.LANGUAGE_CODE):
        subject = _("[#%(number)s] We received your request: %(subject)s") % {
            "number": ticket.number,
            "subject": ticket.subject,
        }
        lines = [
            _("Thank you. Your request has the number %(number)s.") % {"number": ticket.number},
            _("Responsible: %(who)s.") % {"who": responsible_label(ticket)},
            wait_label(expected_wait(ticket)),
            _("Follow it here: %(link)s") % {"link": ticket_link(ticket)},
        ]
    return customer_draft(ticket, subject, lines, starts_thread=True)
