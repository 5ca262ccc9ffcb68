"""Call events onto the desk (I5). Each (call, event) counts once, however often it is posted:
its moment on the `Call` row is set once, under the row's lock.

- ringing, answered: the agent's open pages hear of the call (a toast with the caller and their
  open tickets, fetched through a permission-checked view).
- ended, after an answer: an internal note on the caller's most recent open ticket; a caller with
  no open ticket gets none (the agent opens one from the toast if the call needs it).
- missed: a call-back ticket through the front door, for the caller's contact (a new one known by
  the number if none has it); further missed calls while it is open are noted on it instead.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from dispatchdesk.accounts.models import STAFF_ROLES, User
from dispatchdesk.common import clock, live
from dispatchdesk.common.durations import elapsed
from dispatchdesk.customers.phones import e164_or_blank, readable
from dispatchdesk.customers.selectors import contacts_with_phone
from dispatchdesk.customers.services import contact_for_caller
from dispatchdesk.intake.channels.phone.adapter import IncomingCallEvent
from dispatchdesk.intake.models import Call, CallEvent, CallSource
from dispatchdesk.intake.selectors import open_tickets_of_caller
from dispatchdesk.intake.services import ticket_submit
from dispatchdesk.tickets.models import OPEN_STATUSES, Channel, Ticket
from dispatchdesk.tickets.services.conversation import ticket_machine_note

logger = logging.getLogger(__name__)

UPDATED = ("ringing_at", "answered_at", "ended_at", "missed_at", "agent", "duration_seconds", "contact", "ticket")


@dataclass(frozen=True)
class CallReceipt:
    call: Call
    duplicate: bool


def call_event_receive(*, source: CallSource, incoming: IncomingCallEvent) -> CallReceipt:
    """Record one event of a call and act on it; an event the call already had changes nothing."""
    with transaction.atomic():
        call = _locked_call(source, incoming)
        moment = f"{incoming.event}_at"
        if getattr(call, moment) is not None:
            return CallReceipt(call, duplicate=True)
        setattr(call, moment, incoming.at)
        if incoming.agent:
            call.agent = _agent(incoming.agent) or call.agent
        if incoming.event == CallEvent.ENDED:
            call.duration_seconds = _duration(call, incoming)
        EFFECTS[incoming.event](call, source)
        call.save(update_fields=UPDATED)
    return CallReceipt(call, duplicate=False)


def _locked_call(source: CallSource, incoming: IncomingCallEvent) -> Call:
    """The call's row, made by its first event (whichever arrives first), locked."""
    number = e164_or_blank(incoming.caller)
    call, _created = Call.objects.get_or_create(
        source=source,
        call_id=incoming.call_id,
        defaults={
            "caller": incoming.caller,
            "number": number,
            "dialled": incoming.dialled,
            "contact": contacts_with_phone(number).first(),
            "received_at": clock.now(),
        },
    )
    return Call.objects.select_for_update(of=("self",)).select_related("contact", "agent").get(pk=call.pk)


def _agent(given: str) -> User | None:
    """The staff member the source names by username or email; an unknown one is logged, not refused:
    the call still happened."""
    agent = User.objects.filter(Q(username=given) | Q(email__iexact=given), role__in=STAFF_ROLES).first()
    if agent is None:
        logger.warning("call event names an unknown agent %r", given)
    return agent


def _duration(call: Call, incoming: IncomingCallEvent) -> int | None:
    """The source's duration, else the time from the answer to the end."""
    if incoming.duration is not None or call.answered_at is None:
        return incoming.duration
    return max(0, round((incoming.at - call.answered_at).total_seconds()))


def _announce(call: Call, source: CallSource) -> None:
    """Tell the agent's open pages; they fetch what they show (workstation.calls)."""
    if call.agent_id is not None:
        live.publish({live.user_topic(call.agent_id)}, "call", id=call.pk, event=_event_of(call))


def _event_of(call: Call) -> str:
    return (CallEvent.ANSWERED if call.answered_at is not None else CallEvent.RINGING).value


def _log_on_ticket(call: Call, source: CallSource) -> None:
    if call.answered_at is None or not call.number:
        return  # never answered: the missed event, if any, deals with it
    ticket = open_tickets_of_caller(call.number).first()
    if ticket is None:
        return
    ticket_machine_note(ticket_id=ticket.pk, channel=Channel.PHONE, label=source.name, body=_call_summary(call))
    call.ticket = ticket


def _call_summary(call: Call) -> str:
    values = {"number": readable(call.number), "duration": elapsed(call.duration_seconds or 0)}
    if call.agent is None:
        return _("Phone call with %(number)s: %(duration)s.") % values
    return _("Phone call with %(number)s, answered by %(agent)s: %(duration)s.") % (values | {"agent": str(call.agent)})


def _call_back(call: Call, source: CallSource) -> None:
    if not call.number:
        logger.info("missed call %s from a withheld number %r: nothing to call back", call.call_id, call.caller)
        return
    CallSource.objects.select_for_update().get(pk=source.pk)  # one call-back ticket when calls race in
    earlier = _open_call_back(call)
    if earlier is not None:
        body = _("Another missed call from %(number)s.") % {"number": readable(call.number)}
        ticket_machine_note(ticket_id=earlier.pk, channel=Channel.PHONE, label=source.name, body=body)
        call.ticket = earlier
        return
    call.contact = contact_for_caller(number=call.number)
    call.ticket = ticket_submit(
        customer=call.contact,
        subject=_("Call back %(caller)s") % {"caller": _caller_name(call)},
        description=_("Missed call from %(number)s.") % {"number": readable(call.number)},
        channel=Channel.PHONE,
    )


def _open_call_back(call: Call) -> Ticket | None:
    earlier = (
        Call.objects.filter(number=call.number, missed_at__isnull=False, ticket__status__in=OPEN_STATUSES)
        .exclude(pk=call.pk)
        .select_related("ticket")
        .order_by("-pk")
        .first()
    )
    return earlier.ticket if earlier is not None else None


def _caller_name(call: Call) -> str:
    number = readable(call.number)
    if call.contact is None or call.contact.name == call.number:
        return number
    return f"{call.contact.name} ({number})"


EFFECTS: dict[str, Callable[[Call, CallSource], None]] = {
    CallEvent.RINGING: _announce,
    CallEvent.ANSWERED: _announce,
    CallEvent.ENDED: _log_on_ticket,
    CallEvent.MISSED: _call_back,
}
