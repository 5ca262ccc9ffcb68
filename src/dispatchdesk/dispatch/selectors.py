"""Rows → engine facts: one query per kind, so a dispatch costs a handful of queries."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import datetime, timedelta

from django.db.models import QuerySet

from dispatchdesk.accounts.models import AgentProfile, AgentSkill, Presence
from dispatchdesk.customers.models import CustomerTier
from dispatchdesk.dispatch.engine.policy import Policy
from dispatchdesk.dispatch.engine.rules import Rule, rules_from_list
from dispatchdesk.dispatch.engine.types import AgentState, TicketFacts
from dispatchdesk.dispatch.models import DispatchDecision, DispatchSettings, Outcome, RuleSetVersion
from dispatchdesk.tickets.models import Status, Ticket

AFFINITY_WINDOW = timedelta(days=30)


def current_policy() -> Policy:
    stored = DispatchSettings.objects.filter(pk=1).first()
    return stored.policy() if stored else Policy()


def current_rules() -> tuple[int | None, list[Rule]]:
    latest = RuleSetVersion.objects.order_by("-number").first()
    return (latest.number, rules_from_list(latest.rules)) if latest else (None, [])


def agent_profiles() -> QuerySet[AgentProfile]:
    """Active agents with their user, region and shifts (AgentProfile.is_on_shift reads them)."""
    return AgentProfile.objects.filter(user__is_active=True).select_related("user", "region").prefetch_related("shifts")


def agent_states(
    *, now: datetime, profiles: Iterable[AgentProfile] | None = None, customer_id: int | None = None
) -> list[AgentState]:
    """Every active agent (or `profiles`, from agent_profiles()) as the engine sees them at `now`.

    Give `customer_id` when ranking for one customer's ticket: affinity then looks at that
    customer's history only (all the engine asks), not at a month of the whole desk's work.
    """
    rows = list(profiles if profiles is not None else agent_profiles())
    ids = [profile.pk for profile in rows]
    skills, groups = _skill_levels(ids), _group_slugs(ids)
    recent = _recent_customers(now, [p.user_id for p in rows], customer_id)
    return [
        _state(p, now, skills.get(p.pk, {}), groups.get(p.pk, frozenset()), recent.get(p.user_id, frozenset()))
        for p in rows
    ]


def agent_state(profile: AgentProfile, *, now: datetime, recent_customers: frozenset[int] = frozenset()) -> AgentState:
    """One agent (a claim, a confirmation): the same reads as agent_states, for one profile."""
    skills, groups = _skill_levels([profile.pk]), _group_slugs([profile.pk])
    return _state(profile, now, skills.get(profile.pk, {}), groups.get(profile.pk, frozenset()), recent_customers)


def _state(
    profile: AgentProfile, now: datetime, skills: dict[str, int], groups: frozenset[str], recent: frozenset[int]
) -> AgentState:
    return AgentState(
        id=profile.user_id,
        skills=skills,
        capacity=profile.capacity,
        load=profile.load,
        available=profile.presence == Presence.ONLINE and profile.is_on_shift(now),
        groups=groups,
        tier=profile.tier,
        languages=tuple(profile.languages) or ("en",),
        region=profile.region.slug if profile.region else None,
        last_assigned_at=profile.last_assigned_at,
        recent_customers=recent,
    )


# Skills and groups are read as plain values, not prefetched models: building a model and a
# related queryset per agent and relation was a third of a whole dispatch's time at 50 agents
# (docs/benchmarks/api-create-to-assigned.md).
def _skill_levels(profile_ids: list[int]) -> dict[int, dict[str, int]]:
    levels: dict[int, dict[str, int]] = defaultdict(dict)
    rows = AgentSkill.objects.filter(agent_id__in=profile_ids).values_list("agent_id", "skill__slug", "proficiency")
    for profile_id, skill, proficiency in rows:
        levels[profile_id][skill] = proficiency
    return levels


def _group_slugs(profile_ids: list[int]) -> dict[int, frozenset[str]]:
    slugs: dict[int, set[str]] = defaultdict(set)
    for profile_id, group in AgentProfile.groups.through.objects.filter(agentprofile_id__in=profile_ids).values_list(
        "agentprofile_id", "skillgroup__slug"
    ):
        slugs[profile_id].add(group)
    return {profile_id: frozenset(groups) for profile_id, groups in slugs.items()}


def ticket_facts(ticket: Ticket) -> TicketFacts:
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
    )


def agents_who_declined(ticket: Ticket) -> frozenset[int]:
    """Agents who declined the ticket or let it time out: it is not offered to them again."""
    refused = (Outcome.DECLINED, Outcome.TIMED_OUT)
    rows = DispatchDecision.objects.filter(ticket=ticket, outcome__in=refused, agent__isnull=False)
    return frozenset(rows.values_list("agent_id", flat=True))


def queued_tickets(*, group_slugs: frozenset[str] | None = None) -> QuerySet[Ticket]:
    """Unowned open work, most urgent first by priority (the engine applies deadlines and aging)."""
    tickets = Ticket.objects.filter(status=Status.NEW).select_related("group", "region", "customer__organisation")
    if group_slugs is not None:
        tickets = tickets.filter(group__slug__in=group_slugs)
    return tickets.prefetch_related("required_skills").order_by("priority", "created_at")


def latest_decision(ticket: Ticket) -> DispatchDecision | None:
    return ticket.decisions.select_related("agent", "actor").order_by("-created_at", "-id").first()


def _recent_customers(now: datetime, agent_ids: list[int], customer_id: int | None) -> dict[int, frozenset[int]]:
    recent = Ticket.objects.filter(assignee_id__in=agent_ids, updated_at__gte=now - AFFINITY_WINDOW)
    if customer_id is not None:
        recent = recent.filter(customer_id=customer_id)
    pairs = recent.values_list("assignee_id", "customer_id")
    found: dict[int, set[int]] = defaultdict(set)
    for agent_id, customer in pairs.distinct():
        if agent_id is not None:
            found[agent_id].add(customer)
    return {agent_id: frozenset(customers) for agent_id, customers in found.items()}
