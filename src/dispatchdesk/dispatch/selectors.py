"""Rows → engine facts: one query per kind, so a dispatch costs a handful of queries."""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime, timedelta

from django.db.models import QuerySet

from dispatchdesk.accounts.models import AgentProfile, Presence
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
    return (
        AgentProfile.objects.filter(user__is_active=True)
        .select_related("user", "region")
        .prefetch_related("skills__skill", "groups", "shifts")
    )


def agent_states(*, now: datetime, profiles: QuerySet[AgentProfile] | None = None) -> list[AgentState]:
    """Every active agent as the engine sees them at `now`."""
    rows = list(profiles if profiles is not None else agent_profiles())
    recent = _recent_customers(now, [p.user_id for p in rows])
    return [
        agent_state(profile, now=now, recent_customers=recent.get(profile.user_id, frozenset())) for profile in rows
    ]


def agent_state(profile: AgentProfile, *, now: datetime, recent_customers: frozenset[int] = frozenset()) -> AgentState:
    return AgentState(
        id=profile.user_id,
        skills={s.skill.slug: s.proficiency for s in profile.skills.all()},
        capacity=profile.capacity,
        load=profile.load,
        available=profile.presence == Presence.ONLINE and profile.is_on_shift(now),
        groups=frozenset(g.slug for g in profile.groups.all()),
        tier=profile.tier,
        languages=tuple(profile.languages) or ("en",),
        region=profile.region.slug if profile.region else None,
        last_assigned_at=profile.last_assigned_at,
        recent_customers=recent_customers,
    )


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


def _recent_customers(now: datetime, agent_ids: list[int]) -> dict[int, frozenset[int]]:
    pairs = Ticket.objects.filter(assignee_id__in=agent_ids, updated_at__gte=now - AFFINITY_WINDOW).values_list(
        "assignee_id", "customer_id"
    )
    found: dict[int, set[int]] = defaultdict(set)
    for agent_id, customer_id in pairs.distinct():
        if agent_id is not None:
            found[agent_id].add(customer_id)
    return {agent_id: frozenset(customers) for agent_id, customers in found.items()}
