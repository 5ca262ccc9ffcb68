"""Routing a new ticket through the current rule set (T5, D9): category, group, skills, priority, mode."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from dispatchdesk.accounts.models import Region, Skill, SkillGroup
from dispatchdesk.dispatch import selectors
from dispatchdesk.dispatch.engine.rules import RuleInput, evaluate
from dispatchdesk.dispatch.services.classify import ticket_classify
from dispatchdesk.tickets.models import Category, EventKind, Ticket
from dispatchdesk.tickets.services.fields import apply_field_changes
from dispatchdesk.tickets.services.timeline import timeline_record

logger = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Routing:
    """How a ticket was just routed: its first dispatch needs no read of the history for it."""

    rule_version: int | None
    classifier_version: int | None = None


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
    manual = manual | set(ticket.manual_fields)
    outcome = evaluate(rules, item, manual=manual)
    changes = _resolve(outcome.changes)
    # The learned classifier fills what neither a person nor a rule decided (A2).
    classified = ticket_classify(ticket, fixed=manual | set(changes), group=changes.get("group", ticket.group))
    changes.update(classified.changes)
    if changes:  # nothing to write otherwise: saves an UPDATE on every unmatched ticket
        apply_field_changes(ticket, changes, actor=None)
    timeline_record(
        ticket=ticket,
        kind=EventKind.ROUTED,
        actor=None,
        public=False,
        data={
            "rule_version": version,
            "rules": list(outcome.matched),
            "classifier_version": classified.version,
        },
    )
    return Routing(rule_version=version, classifier_version=classified.version)


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
