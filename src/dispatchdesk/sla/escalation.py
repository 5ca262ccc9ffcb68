"""When a clock turns at risk or breached: record it once, then run the escalation rules (S4)."""

from __future__ import annotations

from datetime import datetime

from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from dispatchdesk.accounts.models import Role, Tier, User
from dispatchdesk.common import clock
from dispatchdesk.dispatch.services import dispatch_ticket, ticket_escalate
from dispatchdesk.dispatch.services.escalate import ESCALATABLE
from dispatchdesk.notifications.models import Kind
from dispatchdesk.notifications.services import notify
from dispatchdesk.sla.models import EscalationRule, TicketSla, Trigger
from dispatchdesk.tickets.models import OWNED_STATUSES, EventKind, Status, Ticket
from dispatchdesk.tickets.services.fields import apply_field_changes
from dispatchdesk.tickets.services.status import apply_transition
from dispatchdesk.tickets.services.timeline import timeline_record

ESCALATE, DISPATCH = "escalate", "dispatch"
NOTIFICATION = {Trigger.AT_RISK: Kind.SLA_AT_RISK, Trigger.BREACHED: Kind.SLA_BREACHED}
EVENT = {Trigger.AT_RISK: EventKind.SLA_WARNING, Trigger.BREACHED: EventKind.SLA_BREACH}


def sla_check(*, ticket_id: int) -> str | None:
    """Act on a crossed threshold, at most once per clock (timers may run twice); the trigger, if any."""
    after: set[str] = set()
    with transaction.atomic():
        related = Ticket.objects.select_related("group__lead", "assignee", "customer")
        ticket = related.select_for_update(of=("self",)).get(pk=ticket_id)  # the nullable joins stay unlocked
        sla = TicketSla.objects.select_for_update().filter(ticket=ticket).first()
        trigger = _crossed(sla, clock.now()) if sla else None
        if sla is None or trigger is None:
            return None
        data = {"clock": sla.due_clock, "due": sla.due_at.isoformat() if sla.due_at else None, "trigger": trigger}
        timeline_record(ticket=ticket, kind=EVENT[trigger], actor=None, public=False, data=data)
        for rule in _rules(sla, trigger):
            after |= _apply(rule, ticket, sla, trigger)
    # Dispatch runs in its own transactions, after the escalation has committed, as everywhere.
    if ESCALATE in after:
        ticket_escalate(ticket_id=ticket_id, actor=None, reason=_reason(trigger))
    elif DISPATCH in after:
        dispatch_ticket(ticket_id=ticket_id)
    return trigger


def _crossed(sla: TicketSla, now: datetime) -> Trigger | None:
    """The threshold this check acts on, marked as fired (a breach marks its warning too)."""
    if sla.due_at is None:
        return None
    fired = set(sla.fired)
    if sla.due_at <= now and sla.fired_key(Trigger.BREACHED) not in fired:
        trigger, fired = Trigger.BREACHED, fired | {sla.fired_key(Trigger.BREACHED), sla.fired_key(Trigger.AT_RISK)}
        sla.breaches += 1
    elif sla.warn_at is not None and sla.warn_at <= now and sla.fired_key(Trigger.AT_RISK) not in fired:
        trigger, fired = Trigger.AT_RISK, fired | {sla.fired_key(Trigger.AT_RISK)}
    else:
        return None
    sla.fired = sorted(fired)
    sla.check_at = sla.next_check()
    sla.save(update_fields=["fired", "breaches", "check_at"])
    return trigger


def _rules(sla: TicketSla, trigger: str) -> list[EscalationRule]:
    return list(
        EscalationRule.objects.filter(Q(policy=None) | Q(policy_id=sla.policy_id), trigger=trigger, active=True)
    )


def _reason(trigger: str) -> str:
    return _("SLA %(trigger)s") % {"trigger": Trigger(trigger).label}


def _apply(rule: EscalationRule, ticket: Ticket, sla: TicketSla, trigger: Trigger) -> set[str]:
    """Run one rule's actions on the locked ticket; what must follow once it commits."""
    for person in _recipients(rule, ticket):
        data = {"number": ticket.number, "subject": ticket.subject, "clock": sla.due_clock}
        notify(recipient=person, kind=NOTIFICATION[trigger], ticket=ticket, data=data)
    if rule.raise_priority and ticket.priority > 1:
        apply_field_changes(ticket, {"priority": ticket.priority - 1}, actor=None)
    if rule.next_tier and ticket.tier == Tier.L1 and ticket.status in ESCALATABLE:
        return {ESCALATE}
    if rule.reassign and ticket.status in OWNED_STATUSES:
        apply_transition(ticket, Status.NEW, actor=None, reason=_reason(trigger))
        return {DISPATCH}
    return {DISPATCH} if rule.reassign and ticket.status == Status.NEW else set()


def _recipients(rule: EscalationRule, ticket: Ticket) -> list[User]:
    people: dict[int, User] = {}
    if rule.notify_assignee and ticket.assignee is not None:
        people[ticket.assignee.pk] = ticket.assignee
    if rule.notify_lead and ticket.group is not None and ticket.group.lead is not None:
        people[ticket.group.lead.pk] = ticket.group.lead
    if rule.notify_managers:
        people.update({m.pk: m for m in User.objects.filter(role=Role.MANAGER, is_active=True)})
    return list(people.values())
