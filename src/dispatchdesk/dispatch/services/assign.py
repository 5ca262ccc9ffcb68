"""Routing a new ticket through the rules and dispatching it in its group's mode (D2-D5, T5)."""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.core.files.base import File
from django.db import transaction

from dispatchdesk.accounts.models import DispatchMode, Region, Skill, SkillGroup, Tier, User
from dispatchdesk.common import clock, history
from dispatchdesk.common.errors import DomainError
from dispatchdesk.customers.models import Contact
from dispatchdesk.dispatch import selectors
from dispatchdesk.dispatch.engine.ranking import rank, refusals
from dispatchdesk.dispatch.engine.rules import RuleInput, evaluate
from dispatchdesk.dispatch.engine.types import Candidate
from dispatchdesk.dispatch.models import DispatchDecision, Outcome
from dispatchdesk.dispatch.services.record import decision_record
from dispatchdesk.notifications.tasks import send_confirmation_email
from dispatchdesk.sla.selectors import with_sla_state
from dispatchdesk.tickets.models import Category, EventKind, Status, Ticket
from dispatchdesk.tickets.services import ticket_create
from dispatchdesk.tickets.services.assign import assign_locked
from dispatchdesk.tickets.services.fields import apply_field_changes
from dispatchdesk.tickets.services.timeline import timeline_record

logger = logging.getLogger(__name__)


def ticket_submit(
    *,
    customer: Contact,
    subject: str,
    description: str,
    actor: User | None = None,
    fields: Mapping[str, Any] | None = None,
    files: Sequence[File[Any]] = (),
    **options: Any,
) -> Ticket:
    """Create, route and dispatch: what every channel calls. Dispatch runs in its own
    transaction after the ticket is committed, so a dispatch problem never loses a ticket."""
    with transaction.atomic():
        ticket = ticket_create(
            customer=customer,
            subject=subject,
            description=description,
            actor=actor,
            fields=fields,
            files=files,
            **options,
        )
        routing = ticket_route(ticket, manual=set(fields or ()))
    dispatch_ticket(ticket_id=ticket.pk, routing=routing)
    if not history.is_replaying():  # the customer's confirmation (S5), once dispatch has chosen
        send_confirmation_email.enqueue(ticket_id=ticket.pk)
    # As dispatch left it, with what every caller shows next (one query, not six), SLA state included.
    shown = ("customer", "organisation", "assignee", "group", "category", "region", "sla__policy")
    return with_sla_state(Ticket.objects.select_related(*shown), now=clock.now()).get(pk=ticket.pk)


@dataclass(frozen=True, slots=True)
class Routing:
    """How a ticket was just routed: its first dispatch needs no read of the history for it."""

    rule_version: int | None


def ticket_route(ticket: Ticket, *, manual: set[str]) -> Routing:
    """Apply the current rule set to a locked or new ticket; fields given by hand stay as they are."""
    version, rules = selectors.current_rules()
    item = RuleInput(
        subject=ticket.subject,
        body=ticket.description,
        channel=ticket.channel,
        category=ticket.category.slug if ticket.category else None,
        customer_tier=ticket.customer.effective_tier,
        priority=ticket.priority,
        region=ticket.region.slug if ticket.region else None,
        language=ticket.language,
    )
    outcome = evaluate(rules, item, manual=manual | set(ticket.manual_fields))
    if outcome.changes:  # nothing to write otherwise: saves an UPDATE on every unmatched ticket
        apply_field_changes(ticket, _resolve(outcome.changes), actor=None)
    timeline_record(
        ticket=ticket,
        kind=EventKind.ROUTED,
        actor=None,
        public=False,
        data={"rule_version": version, "rules": list(outcome.matched)},
    )
    return Routing(rule_version=version)


@transaction.atomic
def dispatch_ticket(
    *, ticket_id: int, actor: User | None = None, now: datetime | None = None, routing: Routing | None = None
) -> DispatchDecision | None:
    """Decide who handles a queued ticket, in the mode of its group and tier.

    `routing` comes with a ticket's first dispatch, right after ticket_route: nobody can have
    declined it yet and its rule version is known, which spares two reads of its history.
    """
    now = now or clock.now()
    ticket = (
        Ticket.objects.select_for_update(of=("self",))
        .select_related("group", "region", "customer__organisation")
        .get(pk=ticket_id)
    )
    if ticket.status != Status.NEW:
        return None
    mode = mode_for(ticket)
    roster = selectors.agent_roster(now=now, customer_id=ticket.customer_id)
    declined = frozenset[int]() if routing else selectors.agents_who_declined(ticket)
    agents = [a for a in roster.states if a.id not in declined]
    facts = selectors.ticket_facts(ticket)
    ranked = rank(facts, agents, selectors.current_policy(), now)

    def record(outcome: Outcome, agent: User | None = None, reason: str = "") -> DispatchDecision:
        return decision_record(
            ticket=ticket,
            mode=mode,
            outcome=outcome,
            agent=agent,
            actor=actor,
            candidates=ranked,
            refusals=refusals(facts, agents),
            rule_version=routing.rule_version if routing else _routed_version(ticket),
            reason=reason,
            names=roster.names,
        )

    if mode == DispatchMode.AUTOMATIC:
        chosen = _assign_best(ticket, ranked, actor)
        return (
            record(Outcome.ASSIGNED, chosen) if chosen else record(Outcome.QUEUED, reason="no eligible agent is free")
        )
    return record(Outcome.PROPOSED if mode == DispatchMode.REVIEW else Outcome.QUEUED)


def mode_for(ticket: Ticket) -> str:
    """The mode this ticket is dispatched in: a rule's choice, else its group's (hybrid by tier)."""
    if ticket.dispatch_mode:
        return ticket.dispatch_mode
    if ticket.group is None:
        return DispatchMode.REVIEW  # unrouted work is looked at by a dispatcher
    if ticket.group.mode == DispatchMode.HYBRID:
        return DispatchMode.AUTOMATIC if ticket.tier == Tier.L1 else DispatchMode.REVIEW
    return ticket.group.mode


def _assign_best(ticket: Ticket, ranked: list[Candidate], actor: User | None) -> User | None:
    """Give the ticket to the best candidate whose slot is still free when locked."""
    for candidate in ranked[:10]:
        agent = User.objects.get(pk=candidate.agent_id)
        try:
            with transaction.atomic():
                assign_locked(ticket, agent, actor=actor, reasons=list(candidate.reasons))
        except DomainError as refused:  # another process took the last slot first
            logger.info("dispatch: %s skipped for #%s: %s", agent, ticket.number, refused.code)
            continue
        return agent
    return None


def _routed_version(ticket: Ticket) -> int | None:
    routed = ticket.timeline.filter(kind=EventKind.ROUTED).order_by("-created_at", "-id").first()
    return routed.data.get("rule_version") if routed else None


def _resolve(changes: Mapping[str, Any]) -> dict[str, Any]:
    """Rule actions name things by key; turn keys into rows, dropping (and logging) unknown keys."""
    lookups: dict[str, Any] = {"category": Category, "group": SkillGroup, "region": Region}
    resolved: dict[str, Any] = {}
    for name, value in changes.items():
        if name in lookups:
            found = lookups[name].objects.filter(slug=value).first()
            if found is None:
                logger.warning("routing rule names unknown %s %r", name, value)
                continue
            resolved[name] = found
        elif name == "required_skills":
            resolved[name] = list(Skill.objects.filter(slug__in=value))
        elif name == "mode":
            resolved["dispatch_mode"] = value
        else:
            resolved[name] = list(value) if name == "tags" else value
    return resolved
