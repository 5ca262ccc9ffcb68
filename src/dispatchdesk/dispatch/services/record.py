"""Writing decisions: the candidates and reasons behind every dispatch outcome (D8)."""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Mapping
from typing import Any

from dispatchdesk.accounts.models import User
from dispatchdesk.common import history
from dispatchdesk.dispatch.engine.types import Candidate, Refusal
from dispatchdesk.dispatch.models import DispatchDecision, Outcome
from dispatchdesk.tickets.models import Ticket

STORED_CANDIDATES = 10
logger = logging.getLogger(__name__)


def decision_record(
    *,
    ticket: Ticket,
    mode: str,
    outcome: Outcome,
    policy: str = "",
    agent: User | None = None,
    actor: User | None = None,
    candidates: list[Candidate] | None = None,
    refusals: list[Refusal] | None = None,
    rule_version: int | None = None,
    classifier_version: int | None = None,
    rules_matched: list[str] | None = None,
    reason: str = "",
    names: Mapping[int, str] | None = None,
) -> DispatchDecision:
    """Store one decision; `names` (agent id -> the name people see) spares a query when the caller has them."""
    if not history.is_replaying():  # one line per live decision, naming the request that caused it
        logger.info(
            "dispatch: #%s %s%s",
            ticket.number,
            str(outcome),
            f" to agent {agent.pk}" if agent is not None else "",
            extra={"ticket": ticket.number, "outcome": str(outcome), "agent_id": agent.pk if agent else None},
        )
    return DispatchDecision.objects.create(
        ticket=ticket,
        mode=mode,
        policy=policy,
        outcome=outcome,
        agent=agent,
        actor=actor,
        rule_version=rule_version,
        classifier_version=classifier_version,
        rules_matched=rules_matched or [],
        candidates=candidates_json(candidates or [], names),
        refusals=dict(Counter(r.rule for r in refusals or [])),
        reason=reason[:500],
    )


def candidates_json(candidates: list[Candidate], names: Mapping[int, str] | None = None) -> list[dict[str, Any]]:
    stored = candidates[:STORED_CANDIDATES]
    if names is None or any(int(c.agent_id) not in names for c in stored):
        names = {user.pk: str(user) for user in User.objects.filter(pk__in=[c.agent_id for c in stored])}
    return [
        {
            "agent_id": c.agent_id,
            "agent": names.get(int(c.agent_id), str(c.agent_id)),
            "score": c.score,
            "factors": [{"name": f.name, "points": round(f.points, 3), "detail": f.detail} for f in c.factors],
        }
        for c in stored
    ]
