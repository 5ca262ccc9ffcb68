"""Routing rules (engine.rules) applied to a workload's tickets: the "what if we route ... to ..." of D10.

A rule's `required_skills` replace what the text classifier believes (a rule is an
admin's decision), `group` asks for agents of that team, `tier` for agents of that tier,
`priority` changes the order the dispatcher works in. The SLA targets stay the
workload's: they are what the replay is measured against.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from dispatchdesk.dispatch.engine.learn import OnlineSkillLearner
from dispatchdesk.dispatch.engine.rules import Rule, RuleInput, evaluate, rules_from_list
from dispatchdesk.simulation.tagging import DemandTagger, ticket_text
from dispatchdesk.simulation.workload import TicketSpec


class RoutingRules:
    def __init__(self, rules: Sequence[Rule]) -> None:
        self.rules = list(rules)
        self._outcomes: dict[int, Mapping[str, Any]] = {}

    @classmethod
    def from_document(cls, items: Sequence[Mapping[str, Any]]) -> RoutingRules:
        return cls(rules_from_list(items))

    def changes(self, ticket: TicketSpec) -> Mapping[str, Any]:
        """What the rules decide for this ticket (computed once; empty without rules)."""
        if not self.rules:
            return {}
        found = self._outcomes.get(ticket.index)
        if found is None:
            item = RuleInput(
                subject=ticket.subject,
                body=ticket.description,
                channel=ticket.channel,
                customer_tier="vip" if ticket.vip else "standard",
                priority=ticket.priority_level,
                region=ticket.region,
                language=ticket.language,
            )
            found = evaluate(self.rules, item).changes
            self._outcomes[ticket.index] = found
        return found


class TicketReader:
    """What a dispatcher reads off a ticket: skill beliefs (rules first, else the text), group, tier, priority.

    With a `learner`, the model the desk has learned so far from its worked tickets (as the live
    desk's classifier, A2) stands in for the shipped model once it has one.
    """

    def __init__(
        self, tagger: DemandTagger, rules: RoutingRules | None = None, learner: OnlineSkillLearner | None = None
    ) -> None:
        self.tagger = tagger
        self.rules = rules or RoutingRules([])
        self.learner = learner

    def beliefs(self, ticket: TicketSpec) -> dict[str, float]:
        learned = self.learner.beliefs(ticket_text(ticket)) if self.learner is not None else None
        from_text = self.tagger.beliefs(ticket, learned)  # always read: the demand mix learns from every ticket
        ruled = [s for s in self.rules.changes(ticket).get("required_skills", ()) if s in self.tagger.mix]
        if ruled:
            return {skill: 1 / len(ruled) for skill in ruled}
        return from_text

    def skill_known(self, ticket: TicketSpec, skill: str) -> None:
        """A worked ticket's real skill, told after the work (a triage handing it back, a resolution)."""
        if self.learner is not None:
            self.learner.learn(ticket.index, ticket_text(ticket), skill)

    def group(self, ticket: TicketSpec) -> str | None:
        group = self.rules.changes(ticket).get("group")
        return str(group) if group else None

    def tier(self, ticket: TicketSpec) -> str:
        return str(self.rules.changes(ticket).get("tier") or "L1")

    def priority(self, ticket: TicketSpec) -> int:
        return int(self.rules.changes(ticket).get("priority") or ticket.priority_level)
