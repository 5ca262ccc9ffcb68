"""Escalation: first-line work handed to the specialist tier and dispatched again in that tier's mode."""

from __future__ import annotations

from django.db import transaction
from django.db.models import Count
from django.utils.translation import gettext as _

from dispatchdesk.accounts.models import AgentProfile, SkillGroup, Tier, User
from dispatchdesk.common import clock
from dispatchdesk.common.errors import DomainError
from dispatchdesk.dispatch.services.assign import dispatch_ticket
from dispatchdesk.sla.events import SlaThresholdCrossed
from dispatchdesk.tickets.models import EventKind, Status, Ticket
from dispatchdesk.tickets.permissions import may_escalate
from dispatchdesk.tickets.services.status import apply_transition
from dispatchdesk.tickets.services.timeline import timeline_record

SHOWN = ("customer", "organisation", "assignee", "group", "category", "region")


def ticket_escalate(*, ticket_id: int, actor: User | None, reason: str) -> Ticket:
    """Release the agent, move the ticket to tier L2 (and an L2 group), queue it, then dispatch it.

    `actor` None is the desk itself (an SLA escalation rule), which needs no permission. The
    escalation commits before dispatch, as ticket_submit does, so a dispatch problem can never
    undo it; the ticket then waits in its new queue like any other.
    """
    _escalate(ticket_id=ticket_id, actor=actor, reason=reason)
    dispatch_ticket(ticket_id=ticket_id)
    return Ticket.objects.select_related(*SHOWN).get(pk=ticket_id)


def follow_sla_rules(crossed: SlaThresholdCrossed) -> None:
    """After an SLA check committed: escalate to L2, or dispatch again what the rules sent back to the queue."""
    if crossed.to_next_tier:
        ticket_escalate(ticket_id=crossed.ticket.pk, actor=None, reason=crossed.reason)
    elif crossed.requeued:
        dispatch_ticket(ticket_id=crossed.ticket.pk)


@transaction.atomic
def _escalate(*, ticket_id: int, actor: User | None, reason: str) -> None:
    if not reason.strip():
        raise DomainError(_("Say why you escalate."), code="escalation_reason_required", status=422)
    # Ticket row first; apply_transition then locks the agent row (load_move): the usual order.
    ticket = Ticket.objects.select_for_update(of=("self",)).select_related("group").get(pk=ticket_id)
    may_escalate(actor, ticket).require()
    released, from_group = ticket.assignee_id, ticket.group
    if ticket.status != Status.NEW:  # the reason goes on the escalation event below, not twice
        apply_transition(ticket, Status.NEW, actor=actor)
    ticket.tier, ticket.group, ticket.updated_at = Tier.L2, _l2_group_for(ticket), clock.now()
    ticket.save(update_fields=["tier", "group", "updated_at"])
    data = {
        "from_tier": Tier.L1.value,
        "to_tier": Tier.L2.value,
        "from_group": from_group.name if from_group else "",
        "to_group": ticket.group.name if ticket.group else "",
        "released_agent_id": released,
        "reason": reason.strip()[:500],
    }
    timeline_record(ticket=ticket, kind=EventKind.ESCALATION, actor=actor, public=False, data=data)


def _l2_group_for(ticket: Ticket) -> SkillGroup | None:
    """An L2 group keeps the ticket; otherwise the L2 group with the most members holding every
    required skill (one whose own skills cover them first), else the ticket stays where it is."""
    if ticket.group is not None and ticket.group.tier == Tier.L2:
        return ticket.group
    required = list(ticket.required_skills.values_list("pk", flat=True))
    able = AgentProfile.objects.filter(user__is_active=True)
    for skill_id in required:  # one join per skill: the member holds all of them
        able = able.filter(skills__skill_id=skill_id)
    # Filtering on members before annotating makes the count one of able members only.
    groups = list(
        SkillGroup.objects.filter(tier=Tier.L2, members__in=able.values("pk")).annotate(able=Count("members"))
    )
    if not groups:
        return ticket.group
    covering = _groups_declaring(required)
    return min(groups, key=lambda g: (g.pk not in covering, -g.able, g.slug))


def _groups_declaring(skill_ids: list[int]) -> set[int]:
    """L2 groups whose declared skills include every one of `skill_ids`."""
    groups = SkillGroup.objects.filter(tier=Tier.L2)
    if not skill_ids:
        return set(groups.values_list("pk", flat=True))
    declaring = groups.filter(skills__in=skill_ids).annotate(held=Count("skills", distinct=True))
    return set(declaring.filter(held=len(skill_ids)).values_list("pk", flat=True))
