"""When a clock turns at risk or breached: record it once, then run the escalation rules (S4).

The rules' own writes (timeline, priority, back to the queue) happen here, in the check's
transaction; telling people and dispatching again belong to the layers above, which hear of it
through `SlaThresholdCrossed` (notifications in the transaction, dispatch after the commit).
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from django.db import transaction
from django.db.models import Q

from dispatchdesk.accounts.models import Role, Tier, User
from dispatchdesk.common import clock
from dispatchdesk.common.events import publish
from dispatchdesk.sla.events import SlaThresholdCrossed
from dispatchdesk.sla.models import EscalationRule, TicketSla, Trigger
from dispatchdesk.tickets.models import ESCALATABLE_STATUSES, OWNED_STATUSES, EventKind, Status, Ticket
from dispatchdesk.tickets.services.fields import apply_field_changes
from dispatchdesk.tickets.services.status import apply_transition
from dispatchdesk.tickets.services.timeline import timeline_record

EVENT = {Trigger.AT_RISK: EventKind.SLA_WARNING, Trigger.BREACHED: EventKind.SLA_BREACH}


def sla_check(*, ticket_id: int) -> str | None:
    """Act on a crossed threshold, at most once per clock (timers may run twice); the trigger, if any."""
    with transaction.atomic():
        related = Ticket.objects.select_related("group__lead", "assignee", "customer")
        ticket = related.select_for_update(of=("self",)).get(pk=ticket_id)  # the nullable joins stay unlocked
        sla = TicketSla.objects.select_for_update().filter(ticket=ticket).first()
        trigger = _crossed(sla, clock.now()) if sla else None
        if sla is None or trigger is None:
            return None
        data = {"clock": sla.due_clock, "due": sla.due_at.isoformat() if sla.due_at else None, "trigger": trigger}
        timeline_record(ticket=ticket, kind=EVENT[trigger], actor=None, public=False, data=data)
        crossed = SlaThresholdCrossed(ticket, trigger, sla.due_clock, (), _reason(trigger))
        for rule in _rules(sla, trigger):
            crossed = _apply(rule, ticket, crossed)
        publish(crossed)
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
    """A stable code ("SLA breached"), worded in the reader's language when shown (dispatch.wording)."""
    return f"SLA {Trigger(trigger).value}"


def _apply(rule: EscalationRule, ticket: Ticket, crossed: SlaThresholdCrossed) -> SlaThresholdCrossed:
    """Run one rule's writes on the locked ticket; the event, grown by what the rule asks of others."""
    recipients = {user.pk: user for user in (*crossed.recipients, *_recipients(rule, ticket))}
    if rule.raise_priority and ticket.priority > 1:
        apply_field_changes(ticket, {"priority": ticket.priority - 1}, actor=None)
    to_next_tier = crossed.to_next_tier or (
        rule.next_tier and ticket.tier == Tier.L1 and ticket.status in ESCALATABLE_STATUSES
    )
    requeued = crossed.requeued
    if rule.reassign and not to_next_tier and ticket.status in OWNED_STATUSES:
        apply_transition(ticket, Status.NEW, actor=None, reason=crossed.reason)
    requeued = requeued or (rule.reassign and ticket.status == Status.NEW)
    return replace(crossed, recipients=tuple(recipients.values()), to_next_tier=to_next_tier, requeued=requeued)


def _recipients(rule: EscalationRule, ticket: Ticket) -> list[User]:
    people: dict[int, User] = {}
    if rule.notify_assignee and ticket.assignee is not None:
        people[ticket.assignee.pk] = ticket.assignee
    if rule.notify_lead and ticket.group is not None and ticket.group.lead is not None:
        people[ticket.group.lead.pk] = ticket.group.lead
    if rule.notify_managers:
        people.update({m.pk: m for m in User.objects.filter(role=Role.MANAGER, is_active=True)})
    return list(people.values())
