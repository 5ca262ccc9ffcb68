"""The customer's confirmation (S5): ticket number, who is responsible, and the expected wait."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from django.conf import settings
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from dispatchdesk.common import clock
from dispatchdesk.common.durations import duration
from dispatchdesk.dispatch.expected import promised_wait
from dispatchdesk.notifications.customer_mail import customer_draft, reply_address, ticket_link
from dispatchdesk.notifications.draft import Draft
from dispatchdesk.sla.wait import Estimate
from dispatchdesk.tickets.models import Ticket

ROUND_TO = timedelta(minutes=5)  # "around 09:30", not "around 09:31:12"
WORKDAYS = 5  # Monday to Friday are business days


def responsible_label(ticket: Ticket) -> str:
    """Who the customer may expect to hear from: the agent's first name, the team, or the queue."""
    if ticket.assignee is not None:
        return ticket.assignee.first_name or _("a support agent")
    if ticket.group is not None:
        return _("the %(group)s team") % {"group": ticket.group.name}
    return _("our support team")


def wait_label(estimate: Estimate | None, asked_at: datetime) -> str:
    """The expected wait in words, with its range: "about 25 minutes (10 to 45 minutes)"; when nobody
    who can take the request is on duty, the moment they are back: "next business day, around 09:30"."""
    if estimate is None:
        return _("A member of our team will look at your request shortly.")
    if estimate.basis == "next_shift":
        return _("Nobody who can take your request is on duty right now; expect a first response %(when)s.") % {
            "when": moment_label(asked_at + timedelta(seconds=estimate.seconds), asked_at)
        }
    return _("Expected first response in about %(point)s (between %(low)s and %(high)s).") % {
        "point": duration(estimate.seconds, after_preposition=True),
        "low": duration(estimate.low, after_preposition=True),
        "high": duration(estimate.high, after_preposition=True),
    }


def moment_label(moment: datetime, asked_at: datetime) -> str:
    """ "today, around 14:00", "next business day, around 09:30" or "on Saturday December 5, around 10:00",
    in the desk's time zone."""
    local = timezone.localtime(moment)
    local = local - timedelta(minutes=local.minute % 5, seconds=local.second, microseconds=local.microsecond)
    if moment - local >= ROUND_TO / 2:
        local += ROUND_TO
    day = f"{formats.date_format(local, 'l')} {formats.date_format(local, 'MONTH_DAY_FORMAT')}"
    values = {"time": formats.time_format(local, "H:i"), "day": day}
    today = timezone.localtime(asked_at).date()
    if local.date() == today:
        return _("today, around %(time)s") % values
    if local.date() == _next_business_day(today):
        return _("next business day, around %(time)s") % values
    return _("on %(day)s, around %(time)s") % values


def _next_business_day(day: date) -> date:
    following = day + timedelta(days=1)
    while following.weekday() >= WORKDAYS:
        following += timedelta(days=1)
    return following


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
            wait_label(*promised_wait(ticket) or (None, clock.now())),
            (
                _("To add anything, reply to this email. Follow it here: %(link)s")
                if reply_address(ticket)
                else _("Follow it here: %(link)s")
            )
            % {"link": ticket_link(ticket)},
        ]
    return customer_draft(ticket, subject, lines, starts_thread=True)
