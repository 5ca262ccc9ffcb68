"""The desk's real history as a workload (docs/workload-format.md), so rules can be replayed on last month.

This is the one module of the package that reads the database: it turns rows into the
JSON document that `workload.parse_workload` reads, and nothing else of the simulator
ever sees a model. Dates are whole UTC days; the window is [since, until).

What the product does not store is filled in plainly, and the document says so:
- SLA targets: the desk's default SLA policy (the one for no particular category or customer
  tier) with its calendar; the format keeps one opening window per day, so a calendar with
  several windows is kept from its earliest opening to its latest closing (the document's
  description says so). Without a policy, DEFAULT_TARGETS on a calendar clock.
- Presence history is not kept, so there are no availability events; agents are on line
  during their weekly shifts (or the whole window when they have none).
- A ticket's true skill is its first required skill (by key), else its category, else
  "general"; its handle times come from the observed time between the first move to
  In progress and resolution, scaled from the resolving agent's proficiency.
"""

from __future__ import annotations

import html
import re
import statistics
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django.db.models import Min, Prefetch, QuerySet
from django.utils.html import strip_tags
from django.utils.translation import gettext as _

from dispatchdesk.accounts.models import AgentProfile, AgentSkill, Shift, Skill, SkillGroup
from dispatchdesk.common.errors import DomainError
from dispatchdesk.simulation.workload import SCHEMA_VERSION
from dispatchdesk.sla.calendar import BusinessCalendar
from dispatchdesk.sla.config import PolicyView, service_levels
from dispatchdesk.tickets.models import EventKind, Status, Ticket, TimelineEvent

PROFICIENCY_FACTOR = (1.6, 1.3, 1.0, 0.85, 0.7)
# Seconds (first response, resolution) per priority: the workload format counts on a calendar clock.
DEFAULT_TARGETS = {
    "P1": (900.0, 14_400.0),
    "P2": (3_600.0, 28_800.0),
    "P3": (14_400.0, 172_800.0),
    "P4": (86_400.0, 604_800.0),
}
FALLBACK_HANDLE_S = 1800.0  # a skill with no resolved ticket in the window
HANDLE_CV = 0.8
MISROUTE_TRIAGE_S = 300.0
DEFAULT_PROFICIENCY = 3  # the resolver does not hold the skill (or nobody resolved it)
GENERAL = "general"
GENERATOR = "dispatchdesk export-workload"
SKILL_ROWS, GROUP_ROWS, SKILLS_BY_KEY = "export_skills", "export_groups", "export_required"
BLOCK_END = re.compile(r"<br\s*/?>|</p>|</li>|</blockquote>|</pre>", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Window:
    """Whole UTC days [since, until), measured from the Monday 00:00 UTC on or before `since`."""

    since: date
    until: date

    @property
    def start(self) -> datetime:
        return datetime.combine(self.since, time(), tzinfo=UTC)

    @property
    def end(self) -> datetime:
        return datetime.combine(self.until, time(), tzinfo=UTC)

    @property
    def epoch(self) -> datetime:
        return self.start - timedelta(days=self.since.weekday())

    def seconds(self, moment: datetime) -> float:
        return (moment - self.epoch).total_seconds()


@dataclass(frozen=True, slots=True)
class Handled:
    """One ticket's true skill and, when it was resolved, its work time at proficiency 3."""

    skill: str
    base_s: float | None


def export_window(*, since: date, until: date) -> Window:
    if until <= since:
        raise DomainError(
            _("The end date (%(until)s) must come after the start date (%(since)s).")
            % {"until": until.isoformat(), "since": since.isoformat()},
            code="empty_window",
            status=422,
        )
    return Window(since, until)


def export_workload(*, since: date, until: date) -> dict[str, Any]:
    """The tickets created in [since, until) and today's agents, as a workload document."""
    window = export_window(since=since, until=until)
    tickets = list(_tickets(window))
    profiles = list(_profiles())
    levels = {(p.user_id, row.skill.slug): row.proficiency for p in profiles for row in getattr(p, SKILL_ROWS)}
    handled = _handled(tickets, levels)
    catalog = skill_catalog(tickets, handled)
    agents = [agent_document(p, window) for p in profiles]
    sla = default_sla_policy()
    return {
        "schema_version": SCHEMA_VERSION,
        "meta": _meta(window, len(tickets), len(agents), sla_note(sla)),
        "sla_policy": sla_policy_document(sla, window),
        "misroute_triage_s": MISROUTE_TRIAGE_S,
        "field": None,
        "regions": [],
        "skill_catalog": catalog,
        "agents": agents,
        "events": [],
        "tickets": [ticket_document(t, window, handled[t.pk], catalog) for t in tickets],
    }


def default_sla_policy() -> PolicyView | None:
    """The policy for a ticket of no particular category or customer tier: the desk's default."""
    return service_levels().policy_for(category_id=None, customer_tier="")


def sla_policy_document(view: PolicyView | None, window: Window) -> dict[str, Any]:
    """The desk's default SLA policy and calendar in the format's terms (§1.2)."""
    targets = {p: {"first_response_s": f, "resolution_s": r} for p, (f, r) in DEFAULT_TARGETS.items()}
    if view is None:
        return {"clock": "calendar", "targets": targets}
    for priority, target in view.targets.items():
        targets[f"P{priority}"] = {
            "first_response_s": target.first_response_minutes * 60.0,
            "resolution_s": target.resolution_minutes * 60.0,
        }
    calendar = view.calendar
    if calendar.always_open or not any(calendar.weekly.values()):
        return {"clock": "calendar", "targets": targets}
    return {"clock": "business", "business_hours": _business_hours(calendar, window), "targets": targets}


def _business_hours(calendar: BusinessCalendar, window: Window) -> dict[str, Any]:
    windows = [w for day in calendar.weekly.values() for w in day]
    first = window.epoch.date()
    closed = {day for day in calendar.closed_days if day >= first}
    closed |= {day for day, opened in calendar.extra_open.items() if not opened and day >= first}
    return {
        "timezone": calendar.tz,
        "weekdays": sorted(day for day, opened in calendar.weekly.items() if opened),
        "start_h": min(start for start, _end in windows) / 60,
        "end_h": max(end for _start, end in windows) / 60,
        "holidays": sorted((day - first).days for day in closed),
    }


def sla_note(view: PolicyView | None) -> str:
    if view is None:
        return "SLA targets: the export's defaults on a calendar clock (the desk has no SLA policy)."
    return f"SLA targets: the desk's policy {view.policy.name!r} with its calendar {view.policy.calendar.name!r}."


def _meta(window: Window, n_tickets: int, n_agents: int, note: str) -> dict[str, Any]:
    return {
        "name": f"history_{window.since.isoformat()}_{window.until.isoformat()}",
        "title": f"Desk history {window.since.isoformat()} to {window.until.isoformat()}",
        "description": f"Tickets and agents exported from Dispatchdesk. {note}",
        "seed": 0,
        "epoch": window.epoch.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "generator": GENERATOR,
        "horizon_s": window.seconds(window.end),
        "warmup_s": 0.0,
        "n_tickets": n_tickets,
        "n_agents": n_agents,
        "proficiency_factor": list(PROFICIENCY_FACTOR),
    }


def _tickets(window: Window) -> QuerySet[Ticket]:
    return (
        Ticket.objects.filter(created_at__gte=window.start, created_at__lt=window.end)
        .select_related("customer__organisation", "category", "region")
        .prefetch_related(Prefetch("required_skills", queryset=Skill.objects.order_by("slug"), to_attr=SKILLS_BY_KEY))
        .order_by("created_at", "number")
    )


def _profiles() -> QuerySet[AgentProfile]:
    return (
        AgentProfile.objects.filter(user__is_active=True)
        .select_related("user", "region")
        .prefetch_related(
            Prefetch("skills", queryset=AgentSkill.objects.select_related("skill"), to_attr=SKILL_ROWS),
            Prefetch("groups", queryset=SkillGroup.objects.order_by("slug"), to_attr=GROUP_ROWS),
            "shifts",
        )
        .order_by("user_id")
    )


def true_skill(ticket: Ticket) -> str:
    required: list[Skill] = getattr(ticket, SKILLS_BY_KEY)
    if required:
        return required[0].slug
    return ticket.category.slug if ticket.category else GENERAL


def _handled(tickets: Sequence[Ticket], levels: Mapping[tuple[int, str], int]) -> dict[int, Handled]:
    started = _first_started([t.pk for t in tickets])
    handled = {}
    for ticket in tickets:
        skill = true_skill(ticket)
        observed = observed_seconds(ticket, started.get(ticket.pk))
        base = None
        if observed is not None:
            level = levels.get((ticket.assignee_id or 0, skill), DEFAULT_PROFICIENCY)
            base = observed / PROFICIENCY_FACTOR[level - 1]
        handled[ticket.pk] = Handled(skill, base)
    return handled


def _first_started(ticket_ids: Sequence[int]) -> dict[int, datetime]:
    """When each ticket first went In progress (accepted, pulled or claimed): work starts there."""
    rows = (
        TimelineEvent.objects.filter(ticket_id__in=ticket_ids, kind=EventKind.STATUS, data__to=Status.IN_PROGRESS)
        .values("ticket_id")
        .annotate(first=Min("created_at"))
    )
    return {row["ticket_id"]: row["first"] for row in rows}


def observed_seconds(ticket: Ticket, started: datetime | None) -> float | None:
    """Seconds from the first start of work to resolution; None for open tickets or no recorded start."""
    if ticket.resolved_at is None or started is None:
        return None
    seconds = (ticket.resolved_at - started).total_seconds()
    return seconds if seconds > 0 else None


def skill_catalog(tickets: Iterable[Ticket], handled: Mapping[int, Handled]) -> dict[str, dict[str, float]]:
    """Mean work time at proficiency 3 per skill, from resolved tickets that required it."""
    samples: dict[str, list[float]] = defaultdict(list)
    for ticket in tickets:
        base = handled[ticket.pk].base_s
        needed = {s.slug for s in getattr(ticket, SKILLS_BY_KEY)} | {handled[ticket.pk].skill}
        for slug in needed:
            bucket = samples[slug]  # a skill asked for but never resolved still gets a catalogue entry
            if base is not None:
                bucket.append(base)
    slugs = set(samples) | set(Skill.objects.values_list("slug", flat=True))
    return {
        slug: {
            "mean_handle_s": statistics.fmean(samples[slug]) if samples[slug] else FALLBACK_HANDLE_S,
            "cv": HANDLE_CV,
        }
        for slug in sorted(slugs)
    }


def agent_document(profile: AgentProfile, window: Window) -> dict[str, Any]:
    groups: list[SkillGroup] = getattr(profile, GROUP_ROWS)
    zone = ZoneInfo(profile.region.time_zone if profile.region else "UTC")
    return {
        "id": f"A{profile.user_id}",
        "name": str(profile.user),
        "tier": profile.tier,
        "team": groups[0].slug if groups else "",
        "skills": {row.skill.slug: row.proficiency for row in getattr(profile, SKILL_ROWS)},
        "languages": list(profile.languages) or ["en"],
        "region": profile.region.slug if profile.region else None,
        "home": None,
        "field": False,
        "capacity": profile.capacity,
        "shifts": shift_intervals(list(profile.shifts.all()), zone, window),
    }


def shift_intervals(shifts: Sequence[Shift], zone: ZoneInfo, window: Window) -> list[list[float]]:
    """Weekly shifts laid out on the window's days in the agent's time zone, as seconds after the epoch."""
    low, high = window.seconds(window.start), window.seconds(window.end)
    if not shifts:
        return [[low, high]]
    first = window.start.astimezone(zone).date()
    pieces = []
    for offset in range((window.until - window.since).days + 1):
        day = first + timedelta(days=offset)
        for shift in (s for s in shifts if s.weekday == day.weekday()):
            begin = window.seconds(datetime.combine(day, shift.starts, tzinfo=zone))
            end = window.seconds(datetime.combine(day, shift.ends, tzinfo=zone))
            if min(end, high) > max(begin, low):
                pieces.append((max(begin, low), min(end, high)))
    return _merged(pieces)


def _merged(pieces: Iterable[tuple[float, float]]) -> list[list[float]]:
    """Overlapping or touching shifts become one interval, so on-line time is never counted twice."""
    merged: list[list[float]] = []
    for begin, end in sorted(pieces):
        if merged and begin <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([begin, end])
    return merged


def ticket_document(
    ticket: Ticket,
    window: Window,
    handled: Handled,
    catalog: Mapping[str, Mapping[str, float]],
) -> dict[str, Any]:
    return {
        "id": f"T{ticket.number}",
        "arrival": round(window.seconds(ticket.created_at), 3),
        "channel": ticket.channel,
        "priority": f"P{ticket.priority}",
        "language": ticket.language,
        "region": ticket.region.slug if ticket.region else None,
        "onsite": False,
        "location": None,
        "window": None,
        "customer": {"id": f"C{ticket.customer_id}", "tier": ticket.customer.effective_tier},
        "subject": ticket.subject,
        "description": plain_text(ticket.description),
        "truth": {
            "skill": handled.skill,
            "category": ticket.category.slug if ticket.category else handled.skill,
            "text_style": "strong",
            "handle_s": handle_times(handled, catalog),
            "escalation": None,
        },
    }


def handle_times(handled: Handled, catalog: Mapping[str, Mapping[str, float]]) -> list[float]:
    """Work seconds at proficiency 1..5: the observed time rescaled, else the skill's mean."""
    base = handled.base_s if handled.base_s is not None else catalog[handled.skill]["mean_handle_s"]
    return [round(base * factor, 3) for factor in PROFICIENCY_FACTOR]


def plain_text(markup: str) -> str:
    """The sanitised HTML description as the text a classifier reads: tags gone, paragraphs kept."""
    text = html.unescape(strip_tags(BLOCK_END.sub("\n", markup)))
    return re.sub(r"\n{3,}", "\n\n", text).strip()
