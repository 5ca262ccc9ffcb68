"""Synthetic workloads in the shared format (docs/workload-format.md), for measuring beyond the samples.

A desk of three sites in different time zones (Europe UTC+1, Americas UTC-5, Asia UTC+8, no
daylight saving). Customers write mostly in their own site's business hours, more on Mondays,
little at weekends; agents work early, middle or late weekday shifts in their site's local time,
a few also weekends, so some languages wait overnight while English is covered round the clock.
Each agent has a primary skill (proficiency 4-5) and one to three others (2-3); demand per skill
follows the staffing, and handle times are scaled so the desk runs at about `LOAD` of its
on-shift capacity. Everything follows from the seed: the same arguments give the same file.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass
from typing import Any

DAY = 86400.0
HOUR = 3600.0
GENERATOR = "dispatchdesk generate-workload 1.0"
EPOCH = "2025-01-06T00:00:00Z"  # a Monday, as the format requires
PROFICIENCY_FACTOR = (1.6, 1.3, 1.0, 0.85, 0.7)
LOAD = 0.75  # offered work / on-shift slot time: busy, with queues at the peaks
ESCALATION_SHARE = 0.06
L2_SHARE = 0.2
WEEKEND_SHARE = 0.15  # agents who also work Saturday and Sunday
ABSENCE_SHARE = 0.03  # agent-days with an unplanned absence mid-shift
VIP_SHARE = 0.05
COMMON_LANGUAGE_SHARE = 0.4  # tickets of a site with languages of its own written in the common one
SPEAKS_SITE_LANGUAGE = 0.9  # chance an agent speaks each of their site's own languages
ALERT_SHARE = 0.3  # P1 tickets that are monitoring alerts
# "names": texts name their skill in English; "jargon": each language describes a skill by words of its own
# (product names, error codes, local terms) that never name it, so neither the keyword rules nor the
# shipped model know them and only a desk's own history does.
PHRASINGS = ("names", "jargon")
JARGON_WORDS = 4  # per skill and language
SYLLABLES = tuple(c + v for c in "bdfgklmnprstvz" for v in "aeiou")
STRONG_BELOW, VAGUE_BELOW = 0.8, 0.95  # text styles: 80% name the skill, 15% vague, 5% mention another
WORKING_DAYS = 5  # Monday to Friday
# Relative arrivals per local hour of a business day: quiet at night, a morning peak, a lunch dip.
LOCAL_DEMAND = (
    0.04, 0.04, 0.04, 0.04, 0.04, 0.04, 0.04, 0.3, 0.75, 1.0, 1.0, 1.0,
    0.75, 0.9, 0.9, 0.9, 0.9, 0.7, 0.5, 0.3, 0.12, 0.04, 0.04, 0.04,
)  # fmt: skip
# None is another skill's keyword in the shipped tagging rules, so a text naming its skill names one.
SKILL_NAMES = (
    "billing", "account", "technical", "network", "shipping", "returns", "security", "hardware",
    "software", "licensing", "mobile", "labels", "archive", "telemetry", "database", "backup",
    "storage", "vouchers", "payroll", "bookings", "orders", "catalogue", "loyalty", "scheduling",
    "training", "reporting", "integration", "dashboard", "privacy", "compliance", "telephony", "kiosk",
    "firewall", "cloud", "migration", "upgrades", "onboarding", "contracts", "scanner", "webshop",
)  # fmt: skip
PRIORITIES = (("P1", 0.05), ("P2", 0.2), ("P3", 0.5), ("P4", 0.25))
TARGETS = {
    "P1": {"first_response_s": 900.0, "resolution_s": 14400.0},
    "P2": {"first_response_s": 3600.0, "resolution_s": 28800.0},
    "P3": {"first_response_s": 14400.0, "resolution_s": 86400.0},
    "P4": {"first_response_s": 28800.0, "resolution_s": 172800.0},
}
WEEKDAY_DEMAND = (1.15, 1.05, 1.0, 0.95, 0.85, 0.25, 0.2)
SHIFTS_LOCAL_H = ((7.0, 15.5), (9.0, 17.5), (10.5, 19.0))  # early, middle, late
WEEKEND_SHIFT_LOCAL_H = (9.0, 17.0)


@dataclass(frozen=True, slots=True)
class Site:
    name: str
    utc_offset_h: float
    share: float  # of agents and of customers


SITES = (Site("Europe", 1.0, 0.5), Site("Americas", -5.0, 0.3), Site("Asia", 8.0, 0.2))


@dataclass(frozen=True, slots=True)
class Spec:
    """What to generate; `languages[0]` is the one every agent speaks."""

    seed: int
    tickets: int
    days: int
    agents: int
    skills: int
    languages: tuple[str, ...]
    phrasing: str = "names"  # or "jargon" (PHRASINGS)

    def __post_init__(self) -> None:
        if not 1 <= self.skills <= len(SKILL_NAMES):
            raise ValueError(f"skills must be 1..{len(SKILL_NAMES)}")
        if self.tickets < 1 or self.days < 1 or self.agents < len(SITES):
            raise ValueError(f"tickets and days must be at least 1, agents at least {len(SITES)}")
        if not self.languages or len(set(self.languages)) != len(self.languages):
            raise ValueError("languages must be a non-empty list without repeats")
        if self.phrasing not in PHRASINGS:
            raise ValueError(f"phrasing must be one of {', '.join(PHRASINGS)}")


def generate(spec: Spec) -> dict[str, Any]:
    """The workload document (JSON-ready) for `spec`."""
    rng = random.Random(spec.seed)  # noqa: S311 - synthetic data, reproducible by seed
    skills = list(SKILL_NAMES[: spec.skills])
    site_languages = _site_languages(spec.languages)
    agents = [_agent(rng, i, spec, skills, site_languages) for i in range(spec.agents)]
    demand = _skill_demand(agents, skills)
    horizon = spec.days * DAY
    slot_seconds = sum(a["capacity"] * sum(min(e, horizon) - s for s, e in a["shifts"] if s < horizon) for a in agents)
    mean_handle = LOAD * slot_seconds / (spec.tickets * (1 + ESCALATION_SHARE))
    catalog = {s: {"mean_handle_s": round(mean_handle * rng.uniform(0.6, 1.4), 1), "cv": 0.8} for s in skills}
    arrivals = _arrivals(rng, spec.tickets, horizon)
    tickets = [
        _ticket(rng, n, t, skills=skills, demand=demand, catalog=catalog, site_languages=site_languages)
        for n, t in enumerate(arrivals, 1)
    ]
    if spec.phrasing == "jargon":
        _rephrase(tickets, spec)
    return {
        "schema_version": "1.0",
        "meta": {
            "name": workload_name(spec),
            "title": "Generated multilingual desk across time zones",
            "description": (
                f"{spec.tickets} tickets over {spec.days} days, {spec.agents} agents at {len(SITES)} sites, "
                f"{spec.skills} skills, languages {', '.join(spec.languages)}; seed {spec.seed}."
            ),
            "seed": spec.seed,
            "epoch": EPOCH,
            "generator": GENERATOR,
            "proficiency_factor": list(PROFICIENCY_FACTOR),
            "horizon_s": horizon,
            "warmup_s": 6 * HOUR,
            "n_tickets": spec.tickets,
            "n_agents": spec.agents,
        },
        "sla_policy": {
            "clock": "business",
            "business_hours": {
                "timezone": "UTC",
                "weekdays": [0, 1, 2, 3, 4],
                "start_h": 7,
                "end_h": 19,
                "holidays": [],
            },
            "targets": TARGETS,
        },
        "misroute_triage_s": 300,
        "field": None,
        "regions": [],
        "skill_catalog": catalog,
        "agents": agents,
        "events": _absences(rng, agents, horizon),
        "tickets": tickets,
    }


def workload_name(spec: Spec) -> str:
    name = f"generated_s{spec.seed}_{spec.tickets}t_{spec.skills}k_{len(spec.languages)}l"
    return name if spec.phrasing == "names" else f"{name}_{spec.phrasing}"


def _site_languages(languages: tuple[str, ...]) -> list[tuple[str, ...]]:
    """Per site: the common language first, then the others dealt round the sites."""
    extra = languages[1:]
    return [(languages[0], *extra[i :: len(SITES)]) for i in range(len(SITES))]


def _site_of(index: int, count: int) -> int:
    """Sites take agents in blocks by share, so every site has some."""
    position = (index + 0.5) / count
    edge = 0.0
    for number, site in enumerate(SITES):
        edge += site.share
        if position < edge:
            return number
    return len(SITES) - 1


def _agent(
    rng: random.Random, index: int, spec: Spec, skills: list[str], site_languages: list[tuple[str, ...]]
) -> dict[str, Any]:
    site = _site_of(index, spec.agents)
    primary = skills[index % len(skills)]  # round the skills, so each has its experts
    others = rng.sample([s for s in skills if s != primary], min(len(skills) - 1, rng.randint(1, 3)))
    own = site_languages[site]
    languages = [own[0], *(lang for lang in own[1:] if rng.random() < SPEAKS_SITE_LANGUAGE)]
    return {
        "id": f"A{index + 1:04d}",
        "name": f"Agent {index + 1}",
        "tier": "L2" if rng.random() < L2_SHARE else "L1",
        "team": primary,
        "skills": {primary: rng.randint(4, 5), **{s: rng.randint(2, 3) for s in others}},
        "languages": languages,
        "region": None,
        "home": None,
        "field": False,
        "capacity": rng.choice((1, 1, 2, 3)),
        "shifts": _shifts(rng, SITES[site], spec.days, index),
    }


def _shifts(rng: random.Random, site: Site, days: int, index: int) -> list[list[float]]:
    """Weekday shifts in local time (and weekends for some), up to two days past the horizon."""
    start_h, end_h = SHIFTS_LOCAL_H[index % len(SHIFTS_LOCAL_H)]
    weekend = rng.random() < WEEKEND_SHARE
    shifts = []
    for day in range(days + 2):
        if day % 7 < WORKING_DAYS:
            hours = (start_h, end_h)
        elif weekend:
            hours = WEEKEND_SHIFT_LOCAL_H
        else:
            continue
        start = day * DAY + (hours[0] - site.utc_offset_h) * HOUR
        shifts.append([max(0.0, start), day * DAY + (hours[1] - site.utc_offset_h) * HOUR])
    return shifts


def _skill_demand(agents: list[dict[str, Any]], skills: list[str]) -> list[float]:
    """Demand per skill in proportion to the slots staffed for it (primary counts fully, others a fifth)."""
    weight = dict.fromkeys(skills, 0.0)
    for agent in agents:
        for skill in agent["skills"]:
            weight[skill] += agent["capacity"] * (1.0 if skill == agent["team"] else 0.2)
    return [weight[s] for s in skills]


def _intensity(t: float) -> float:
    """Relative arrival rate at `t`: each site's customers in their local business hours."""
    total = 0.0
    for site in SITES:
        local = t + site.utc_offset_h * HOUR
        day = int(local // DAY) % 7
        total += site.share * WEEKDAY_DEMAND[day] * _local_curve((local % DAY) / HOUR)
    return total


def _local_curve(hour: float) -> float:
    return LOCAL_DEMAND[int(hour) % 24]


def _arrivals(rng: random.Random, count: int, horizon: float) -> list[float]:
    """`count` arrival times following `_intensity` (rejection sampling), sorted."""
    peak = 1.2
    times: list[float] = []
    while len(times) < count:
        t = rng.uniform(0.0, horizon)
        if rng.random() * peak < _intensity(t):
            times.append(round(t, 3))
    return sorted(times)


def _ticket(
    rng: random.Random,
    number: int,
    arrival: float,
    *,
    skills: list[str],
    demand: list[float],
    catalog: dict[str, dict[str, float]],
    site_languages: list[tuple[str, ...]],
) -> dict[str, Any]:
    skill = rng.choices(skills, demand)[0]
    priority = rng.choices([p for p, _ in PRIORITIES], [w for _, w in PRIORITIES])[0]
    shares = [s.share * _local_curve(((arrival + s.utc_offset_h * HOUR) % DAY) / HOUR) for s in SITES]
    own = site_languages[rng.choices(range(len(SITES)), shares)[0]]
    language = own[0] if len(own) == 1 or rng.random() < COMMON_LANGUAGE_SHARE else rng.choice(own[1:])
    style, subject, description = _text(rng, skill, skills, priority)
    escalation = None
    if rng.random() < ESCALATION_SHARE:
        escalation = {"skill": skill, "handle_s": _handle(rng, catalog[skill]["mean_handle_s"] * 1.5)}
    return {
        "id": f"T{number:06d}",
        "arrival": arrival,
        "channel": "alert" if style == "alert" else rng.choice(("email", "web", "chat", "phone")),
        "priority": priority,
        "language": language,
        "region": None,
        "onsite": False,
        "location": None,
        "window": None,
        "customer": {"id": f"C{rng.randint(1, 20000):05d}", "tier": "vip" if rng.random() < VIP_SHARE else "standard"},
        "subject": subject,
        "description": description,
        "truth": {
            "skill": skill,
            "category": skill,
            "text_style": style,
            "handle_s": _handle(rng, catalog[skill]["mean_handle_s"]),
            "escalation": escalation,
        },
    }


def _text(rng: random.Random, skill: str, skills: list[str], priority: str) -> tuple[str, str, str]:
    """(text style, subject, description): most name the skill, some are vague, a few mislead."""
    name = rng.choice(("Anna", "Jonas", "Chen", "Marie", "Luis", "Aiko", "Sam"))
    roll = rng.random()
    if priority == "P1" and roll < ALERT_SHARE:
        return "alert", f"ALERT: {skill} check failing", f"Monitoring: the {skill} check is failing since a minute."
    if roll < STRONG_BELOW:
        style, subject, clue = "strong", f"Problem with {skill}", f"we have a problem with the {skill} since today."
    elif roll < VAGUE_BELOW:
        style, subject, clue = "vague", "Need help", "something does not work as it should since today."
    else:
        other = rng.choice([s for s in skills if s != skill] or [skill])
        style, subject = "misleading", f"Question about {skill}"
        clue = f"we have a question about the {skill}. (The {other} looks fine.)"
    return style, subject, f"Hello,\n\n{clue}\n\nRef #{rng.randint(10000, 99999)}. Thanks, {name}"


def _handle(rng: random.Random, mean: float) -> list[float]:
    """Stage handle times per proficiency 1..5: lognormal with cv 0.8 around `mean` at proficiency 3."""
    sigma = math.sqrt(math.log(1 + 0.8**2))
    base = rng.lognormvariate(math.log(mean) - sigma**2 / 2, sigma)
    return [round(base * f, 1) for f in PROFICIENCY_FACTOR]


def _absences(rng: random.Random, agents: list[dict[str, Any]], horizon: float) -> list[dict[str, Any]]:
    """Unplanned absences: an agent goes offline mid-shift (work returns to the queue) and comes back."""
    events: list[dict[str, Any]] = []
    for agent in agents:
        for start, end in agent["shifts"]:
            if start >= horizon or rng.random() >= ABSENCE_SHARE:
                continue
            off = round(rng.uniform(start, end - HOUR), 3)
            events.append({"t": off, "agent": agent["id"], "type": "offline", "requeue": True, "reason": "sick"})
            events.append({"t": round(off + rng.uniform(0.5, 3) * HOUR, 3), "agent": agent["id"], "type": "online"})
    return sorted(events, key=lambda e: (e["t"], e["agent"]))


def _rephrase(tickets: list[dict[str, Any]], spec: Spec) -> None:
    """Write each ticket in its own language's jargon, keeping its style (strong, vague, misleading).

    A second random stream, so the desk itself (arrivals, skills, handle times) is the one "names" gives.
    """
    rng = random.Random(f"{spec.seed}-jargon")  # noqa: S311 - synthetic data, reproducible by seed
    skills = sorted({t["truth"]["skill"] for t in tickets})
    words = {(skill, lang): [_word(rng) for _ in range(JARGON_WORDS)] for lang in spec.languages for skill in skills}
    for ticket in tickets:
        skill, lang, style = ticket["truth"]["skill"], ticket["language"], ticket["truth"]["text_style"]
        if style == "alert":  # a monitoring system names its check in any desk
            continue
        own = rng.sample(words[skill, lang], 2)
        ref = f"{lang.upper()}-{rng.randint(1000, 9999)}"
        if style == "vague":
            subject, body = f"{ref} ?", f"{ref}: {_word(rng)} {_word(rng)}."
        elif style == "misleading":
            other = rng.choice([s for s in skills if s != skill] or [skill])
            subject, body = f"{own[0]} {ref}", f"{own[0]} {own[1]}. ({rng.choice(words[other, lang])} ok.)"
        else:
            subject, body = f"{own[0]} {ref}", f"{own[0]} {own[1]} {_word(rng)}."
        ticket["subject"], ticket["description"] = subject, body


def _word(rng: random.Random) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 3)))
