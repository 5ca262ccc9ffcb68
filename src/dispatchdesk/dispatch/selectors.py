"""Rows → engine facts: one query per kind, so a dispatch costs a handful of queries."""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from typing import Any

from django.db.models import Exists, OuterRef, QuerySet, Subquery, Value
from django.utils.translation import gettext as _

from dispatchdesk.accounts.models import (
    AgentProfile,
    AgentSkill,
    RosterRevision,
    Shift,
    Skill,
    User,
    availability_of,
    on_shift,
)
from dispatchdesk.common.prepared import PreparedRead
from dispatchdesk.common.process_copy import ProcessCopy
from dispatchdesk.customers.models import CustomerTier
from dispatchdesk.dispatch.engine.eligibility import refusal_rule
from dispatchdesk.dispatch.engine.learn import ModelFormatError, TextClassifier
from dispatchdesk.dispatch.engine.policy import Policy
from dispatchdesk.dispatch.engine.ranking import rank
from dispatchdesk.dispatch.engine.rules import Rule, rules_from_list
from dispatchdesk.dispatch.engine.types import AgentState, Candidate, TicketFacts
from dispatchdesk.dispatch.models import (
    ClassifierSettings,
    ClassifierVersion,
    DispatchDecision,
    DispatchSettings,
    Outcome,
    RuleSetVersion,
    TicketPrediction,
)
from dispatchdesk.dispatch.wording import factor_words, refusal_for_you, rule_label
from dispatchdesk.sla.models import TicketSla
from dispatchdesk.tickets.models import Category, Priority, Status, Ticket
from dispatchdesk.tickets.permissions import Answer, may_claim, refuse

logger = logging.getLogger(__name__)

AFFINITY_WINDOW = timedelta(days=30)


def _stored_policy() -> Policy:
    stored = DispatchSettings.objects.filter(pk=1).first()
    return stored.policy() if stored else Policy()


def _latest_rules() -> tuple[int | None, list[Rule]]:
    latest = RuleSetVersion.objects.order_by("-number").first()
    return (latest.number, rules_from_list(latest.rules)) if latest else (None, [])


# Read for every ticket, changed by an admin now and then: kept per process (common.process_copy).
current_policy = ProcessCopy("dispatch-policy", _stored_policy, sources=(DispatchSettings,)).get
current_rules = ProcessCopy("dispatch-rules", _latest_rules, sources=(RuleSetVersion,)).get


@dataclass(frozen=True, slots=True)
class Roster:
    """Agents as the engine sees them, with the usernames a stored decision shows."""

    states: list[AgentState]
    names: dict[int, str]  # user id -> the name people see (User.__str__)


# Agents are read as plain values, not models: building an AgentProfile with its user, region
# and a prefetched shift queryset per agent was the largest part of a dispatch at 50 agents
# (docs/benchmarks/api-create-to-assigned.md).
_AGENT_COLUMNS = (
    "id",
    "user_id",
    "user__username",
    "user__first_name",
    "user__last_name",
    "tier",
    "region__slug",
    "region__time_zone",
    "languages",
    "capacity",
    "presence",
    "may_work_overtime",
    "load",
    "last_assigned_at",
)
_REVISION = Subquery(RosterRevision.objects.filter(pk=1).values("value"))


@dataclass(frozen=True, slots=True)
class _Standing:
    """Every agent's skills, groups and shifts by profile id: what changes with the roster revision."""

    skills: dict[int, dict[str, int]]
    groups: dict[int, frozenset[str]]
    shifts: dict[int, list[tuple[int, time, time]]]


def _standing_load() -> _Standing:
    return _Standing(_skill_levels(), _group_slugs(), _weekly_shifts())


# Exact per process: held for the roster revision read with the agents' live columns (0011).
_standing = ProcessCopy("dispatch-standing", _standing_load, sources=())


def agent_roster(
    *,
    now: datetime,
    customer_id: int | None = None,
    user_ids: Collection[int] | None = None,
    group: str | None = None,
) -> Roster:
    """Every active agent (or those of `user_ids`, or the members of `group`) at `now`: one query reads
    their live columns, the roster revision and whether they helped the customer lately; skills, groups
    and shifts are kept per process until the revision moves.

    Give `customer_id` when ranking for one customer's ticket: affinity then knows who helped that
    customer lately (all the engine asks); without it, nobody counts as a recent helper.
    """
    profiles = AgentProfile.objects.filter(user__is_active=True).annotate(
        revision=_REVISION, helped=Value(False) if customer_id is None else _helped(now, customer_id)
    )
    if user_ids is not None:
        profiles = profiles.filter(user_id__in=user_ids)
    rows = list(profiles.values_list(*_AGENT_COLUMNS, "revision", "helped", named=True))
    revision = rows[0].revision if rows else None
    standing = _standing.get(revision) if revision else _standing_load()  # no revision row: nothing to trust
    skills, groups, shifts = standing.skills, standing.groups, standing.shifts
    if group is not None:  # members by the kept groups: the live query stays one table's columns
        rows = [row for row in rows if group in groups.get(row.id, ())]
    customer = frozenset[int]() if customer_id is None else frozenset({customer_id})
    states = [
        AgentState(
            id=row.user_id,
            skills=skills.get(row.id, {}),
            capacity=row.capacity,
            load=row.load,
            available=availability_of(
                presence=row.presence,
                on_shift=on_shift(shifts.get(row.id, ()), row.region__time_zone or "UTC", now),
                may_work_overtime=row.may_work_overtime,
            ).takes_work,
            groups=groups.get(row.id, frozenset()),
            tier=row.tier,
            languages=tuple(row.languages) or ("en",),
            region=row.region__slug,
            last_assigned_at=row.last_assigned_at,
            recent_customers=customer if row.helped else frozenset(),
        )
        for row in rows
    ]
    return Roster(states, {row.user_id: _display_name(row) for row in rows})


def _display_name(row: Any) -> str:
    """The name a person is shown by (User.__str__): their full name, else their username."""
    return f"{row.user__first_name} {row.user__last_name}".strip() or row.user__username


def agent_state(user_id: int, *, now: datetime, customer_id: int | None = None) -> AgentState | None:
    """One agent (a claim, a confirmation) as agent_roster reads them, or None for a non-agent."""
    states = agent_roster(now=now, customer_id=customer_id, user_ids=[user_id]).states
    return states[0] if states else None


def _skill_levels() -> dict[int, dict[str, int]]:
    levels: dict[int, dict[str, int]] = defaultdict(dict)
    for profile_id, skill, proficiency in AgentSkill.objects.values_list("agent_id", "skill__slug", "proficiency"):
        levels[profile_id][skill] = proficiency
    return dict(levels)


def _group_slugs() -> dict[int, frozenset[str]]:
    slugs: dict[int, set[str]] = defaultdict(set)
    for profile_id, group in AgentProfile.groups.through.objects.values_list("agentprofile_id", "skillgroup__slug"):
        slugs[profile_id].add(group)
    return {profile_id: frozenset(groups) for profile_id, groups in slugs.items()}


def _weekly_shifts() -> dict[int, list[tuple[int, time, time]]]:
    weekly: dict[int, list[tuple[int, time, time]]] = defaultdict(list)
    for profile_id, weekday, starts, ends in Shift.objects.values_list("agent_id", "weekday", "starts", "ends"):
        weekly[profile_id].append((weekday, starts, ends))
    return dict(weekly)


def ticket_facts(ticket: Ticket) -> TicketFacts:
    """What the engine knows of a ticket; its deadlines come from its SLA clocks (select_related "sla")."""
    clocks = _clocks(ticket)
    return TicketFacts(
        id=ticket.pk,
        priority=ticket.priority,
        created_at=ticket.created_at,
        required_skills=frozenset(s.slug for s in ticket.required_skills.all()),
        group=ticket.group.slug if ticket.group else None,
        tier=ticket.tier,
        language=ticket.language,
        region=ticket.region.slug if ticket.region else None,
        customer_id=ticket.customer_id,
        vip=ticket.customer.effective_tier == CustomerTier.VIP,
        sla_due=(clocks.first_response_due or clocks.next_response_due) if clocks else None,
        resolution_due=clocks.resolution_due if clocks else None,
    )


def _clocks(ticket: Ticket) -> TicketSla | None:
    try:
        return ticket.sla
    except TicketSla.DoesNotExist:  # a ticket from before the SLA app, or none applies
        return None


def claim_answer(agent: User, ticket: Ticket, *, now: datetime) -> Answer:
    """May `agent` claim `ticket` now: the permission (tickets.permissions.may_claim), then the engine's
    hard rules for them (available, room, skills, language, tier). The claim button and the claim
    service both ask this, so the button shows exactly when a claim would succeed."""
    permitted = may_claim(agent, ticket)
    if not permitted:
        return permitted
    state = agent_state(agent.pk, now=now, customer_id=ticket.customer_id)
    rule = refusal_rule(ticket_facts(ticket), state) if state is not None else "unavailable"
    return refuse(refusal_for_you(rule), code=f"ineligible_{rule}") if rule is not None else permitted


@dataclass(frozen=True, slots=True)
class AssignmentOption:
    """One agent as a dispatcher choosing by hand sees them: eligible with the engine's score, or why not."""

    user_id: int
    name: str
    score: float | None  # None: not eligible
    why: str  # the engine's reasons in short, or the hard rule that leaves the agent out

    @property
    def eligible(self) -> bool:
        return self.score is not None


def assignment_options(ticket: Ticket, *, now: datetime) -> list[AssignmentOption]:
    """Every active agent for `ticket`: the eligible ones first, best first (engine.ranking.rank), then
    the others with the hard rule each fails (engine.eligibility)."""
    roster = agent_roster(now=now, customer_id=ticket.customer_id)
    facts = ticket_facts(ticket)
    full = roster.names  # names, not usernames
    ranked = rank(facts, roster.states, current_policy(), now)
    chosen = {c.agent_id for c in ranked}
    options = [AssignmentOption(int(c.agent_id), full[int(c.agent_id)], c.score, _short(c)) for c in ranked]
    for state in sorted(roster.states, key=lambda a: full[int(a.id)]):
        if state.id not in chosen:
            rule = refusal_rule(facts, state) or "unavailable"
            options.append(AssignmentOption(int(state.id), full[int(state.id)], None, rule_label(rule)))
    return options


def _short(candidate: Candidate) -> str:
    """The two weightiest reasons in the reader's words ("proficiency 4.0/5, idle for 2 hours")."""
    top = sorted(candidate.factors, key=lambda f: -abs(f.points))[:2]
    return ", ".join(factor_words({"name": f.name, "detail": f.detail}) for f in top)


def agents_who_declined(ticket: Ticket) -> frozenset[int]:
    """Agents who declined the ticket or let it time out: it is not offered to them again."""
    refused = (Outcome.DECLINED, Outcome.TIMED_OUT)
    rows = DispatchDecision.objects.filter(ticket=ticket, outcome__in=refused, agent__isnull=False)
    return frozenset(rows.values_list("agent_id", flat=True))


def declined_by_ticket(ticket_ids: Collection[int]) -> dict[int, frozenset[int]]:
    """For each ticket, the agents it is not offered to again (agents_who_declined, for many at once)."""
    refused = (Outcome.DECLINED, Outcome.TIMED_OUT)
    rows = DispatchDecision.objects.filter(ticket_id__in=ticket_ids, outcome__in=refused, agent__isnull=False)
    found: dict[int, set[int]] = defaultdict(set)
    for ticket_id, agent_id in rows.values_list("ticket_id", "agent_id"):
        found[ticket_id].add(agent_id)
    return {ticket_id: frozenset(agents) for ticket_id, agents in found.items()}


def queued_tickets(*, group_slugs: frozenset[str] | None = None) -> QuerySet[Ticket]:
    """Unowned open work, most urgent first by priority (the engine applies deadlines and aging)."""
    tickets = Ticket.objects.filter(status=Status.NEW).select_related(
        "group", "region", "customer__organisation", "sla"
    )
    if group_slugs is not None:
        tickets = tickets.filter(group__slug__in=group_slugs)
    return tickets.prefetch_related("required_skills").order_by("priority", "created_at")


# The ticket page's reads of its decision and prediction, compiled once per process (common.prepared).
_latest_decision = PreparedRead(
    lambda ticket_id: (
        DispatchDecision.objects.filter(ticket_id=ticket_id)
        .select_related("agent", "actor")
        .order_by("-created_at", "-id")[:1]
    ),
    ticket_id=int,
)
_prediction = PreparedRead(
    lambda ticket_id: TicketPrediction.objects.filter(ticket_id=ticket_id).order_by("pk")[:1], ticket_id=int
)


def latest_decision(ticket: Ticket) -> DispatchDecision | None:
    for decision in _latest_decision.objects(ticket_id=ticket.pk):
        decision.ticket = ticket  # as the ticket's related manager would have it
        return decision
    return None


def _helped(now: datetime, customer_id: int) -> Exists:
    """Whether the agent held one of the customer's tickets within AFFINITY_WINDOW (the engine's affinity)."""
    recent = Ticket.objects.filter(
        customer_id=customer_id, assignee_id=OuterRef("user_id"), updated_at__gte=now - AFFINITY_WINDOW
    )
    return Exists(recent)


@dataclass(frozen=True, slots=True)
class LiveClassifier:
    version: int
    model: TextClassifier
    threshold: float


def _live_classifier() -> LiveClassifier | None:
    """The newest usable trained model when the classifier is switched on, else None."""
    settings = ClassifierSettings.objects.filter(pk=1).first() or ClassifierSettings()
    if not settings.enabled:
        return None
    newest = ClassifierVersion.objects.filter(model__isnull=False, reason="").order_by("-number").first()
    if newest is None or newest.model is None:
        return None
    try:
        model = TextClassifier.from_bytes(bytes(newest.model))
    except ModelFormatError:
        logger.exception("classifier v%s cannot be read; routing without it", newest.number)
        return None
    return LiveClassifier(newest.number, model, settings.threshold)


# Read for every new ticket, retrained daily: kept per process like the rules (0011).
current_classifier = ProcessCopy(
    "dispatch-classifier", _live_classifier, sources=(ClassifierVersion, ClassifierSettings)
).get


@dataclass(frozen=True, slots=True)
class ShownPrediction:
    """One predicted field as a person reads it: "Category: Billing (82%)"."""

    field: str
    value: str
    percent: int
    corrected_to: str  # the value an agent chose instead ("" when nobody changed it)


def prediction_shown(ticket: Ticket) -> tuple[TicketPrediction | None, list[ShownPrediction]]:
    """The classifier's prediction for a ticket, with names instead of keys (three small reads)."""
    found = _prediction.objects(ticket_id=ticket.pk)
    if not found:
        return None, []
    prediction = found[0]
    labels = {t: str(p["label"]) for t, p in prediction.predicted.items()}
    corrected = {t: str(c["to"]) for t, c in prediction.corrected.items()}
    keys = {*labels.values(), *corrected.values()}
    names = {
        "category": dict(Category.objects.filter(slug__in=keys).values_list("slug", "name")),
        "skill": dict(Skill.objects.filter(slug__in=keys).values_list("slug", "name")),
        "priority": {str(value): str(label) for value, label in Priority.choices},
    }
    fields = {"category": _("Category"), "skill": _("Skill"), "priority": _("Priority")}
    shown = [
        ShownPrediction(
            str(fields[target]),
            names[target].get(labels[target], labels[target]),
            round(100 * float(prediction.predicted[target]["confidence"])),
            names[target].get(corrected[target], corrected[target]) if target in corrected else "",
        )
        for target in ("category", "skill", "priority")
        if target in labels
    ]
    return prediction, shown
