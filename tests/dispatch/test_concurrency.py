"""D12 across processes: agents, customers, a dispatcher and sweeps working at once never give a
ticket two owners, never put an agent over capacity, never lose a ticket, never let load drift.

PostgreSQL only (tests/conftest.py deselects it elsewhere): SQLite serialises every writer, so it
could not show a race. Eight spawned processes, each with its own seed, share the committed test
database for a few seconds; then the parent checks the invariants on what they left behind.
"""

from __future__ import annotations

import multiprocessing
import random
import time
import traceback
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from multiprocessing.process import BaseProcess
from queue import Empty
from typing import Any

import pytest
from django.db import connection
from django.db.models import Count, F, OuterRef, Q, Subquery

from dispatchdesk.accounts.models import (
    AgentProfile,
    AgentSkill,
    DispatchMode,
    DispatchPolicy,
    Presence,
    Role,
    Skill,
    SkillGroup,
    User,
)
from dispatchdesk.common.errors import DomainError
from dispatchdesk.customers.models import Contact
from dispatchdesk.dispatch.models import DispatchDecision, Outcome
from dispatchdesk.dispatch.services import (
    agent_set_presence,
    dispatch_confirm,
    ticket_claim,
    ticket_decline,
    ticket_pull_next,
)
from dispatchdesk.dispatch.services.sweep import dispatch_sweep
from dispatchdesk.intake.services import ticket_submit
from dispatchdesk.tickets.models import (
    ACTIVE_STATUSES,
    OPEN_STATUSES,
    OWNED_STATUSES,
    Channel,
    EventKind,
    Status,
    Ticket,
)
from dispatchdesk.tickets.models import TimelineEvent as Event
from dispatchdesk.tickets.services import ticket_accept, ticket_change_status
from tests.dispatch.spawned import run_in_django
from tests.factories import AgentFactory, ContactFactory, SkillGroupFactory, UserFactory

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

PROCESSES = 8
SECONDS = 8.0
QUEUED_AT_START = 60
TAKING = (
    Outcome.ASSIGNED,
    Outcome.CLAIMED,
    Outcome.PULLED,
    Outcome.CONFIRMED,
    Outcome.OVERRIDDEN,
    Outcome.LEAD_ASSIGNED,
)
# Refusals that only a collision with another process produces (the locked row differed from the read).
RACES = (":already_taken", ":agent_at_capacity")


@dataclass(frozen=True)
class Desk:
    """The setup by id: plain values, because a spawned child unpickles them before Django is set up."""

    automatic: int
    batch: int  # automatic too, with the sla-batch policy
    review: int
    skills: tuple[int, ...]
    agents: tuple[int, ...]
    dispatcher: int
    contacts: tuple[int, ...]


def test_eight_processes_at_once_keep_one_owner_capacity_and_an_exact_load() -> None:
    desk = build_desk()

    tally, failures = run_processes(desk)

    assert failures == []
    assert Ticket.objects.count() == QUEUED_AT_START + tally["submit:assigned"] + tally["submit:queued"]
    assert owners_contradicting_their_history() == []
    assert AgentProfile.objects.filter(load__gt=F("capacity")).count() == 0
    assert AgentProfile.objects.filter(load__lt=0).count() == 0
    assert tickets_neither_owned_nor_queued() == []
    assert loads_differing_from_a_recount() == {}
    # The run can fail: work really changed hands, and processes really collided.
    assert DispatchDecision.objects.filter(outcome__in=TAKING).count() >= 30, tally
    assert sum(n for key, n in tally.items() if key.endswith(RACES)) >= 3, tally


# --- the setup, committed so that every process sees it -----------------------------------------


def build_desk() -> Desk:
    """4 groups (automatic one by one, queue, review, automatic in batches), 16 agents with skills and
    capacities 2-4, 60 queued tickets."""
    rng = random.Random(12)  # noqa: S311 - a reproducible setup, not a secret
    skills = [Skill.objects.create(slug=slug, name=slug.title()) for slug in ("vpn", "printers", "email", "sap")]
    modes = (DispatchMode.AUTOMATIC, DispatchMode.QUEUE, DispatchMode.REVIEW)
    groups = [SkillGroupFactory(mode=mode) for mode in modes]
    groups.append(SkillGroupFactory(mode=DispatchMode.AUTOMATIC, policy=DispatchPolicy.SLA_BATCH))
    agents = [_agent(rng, groups, skills, number) for number in range(16)]
    contacts = [ContactFactory() for _ in range(20)]
    # Everyone is offline while the queue fills, then starts their shift at once: the processes race for it.
    for number in range(QUEUED_AT_START):
        _submit(contacts[number % 20], groups[number % len(groups)], rng.choice(skills), rng.randint(1, 4))
    AgentProfile.objects.update(presence=Presence.ONLINE)
    assert Ticket.objects.filter(status=Status.NEW).count() == QUEUED_AT_START
    return Desk(
        automatic=groups[0].pk,
        batch=groups[3].pk,
        review=groups[2].pk,
        skills=tuple(s.pk for s in skills),
        agents=tuple(a.pk for a in agents),
        dispatcher=UserFactory(role=Role.DISPATCHER).pk,
        contacts=tuple(c.pk for c in contacts),
    )


def _agent(rng: random.Random, groups: Sequence[SkillGroup], skills: list[Skill], number: int) -> User:
    member_of = [groups[number % len(groups)]] + ([groups[(number + 1) % len(groups)]] if number % 2 else [])
    profile = AgentFactory(presence=Presence.OFFLINE, capacity=rng.randint(2, 4), groups=member_of)
    for skill in rng.sample(skills, k=rng.randint(2, 3)):
        AgentSkill.objects.create(agent=profile, skill=skill, proficiency=rng.randint(1, 5))
    return profile.user


def _submit(customer: Contact, group: SkillGroup, skill: Skill, priority: int) -> Ticket:
    return ticket_submit(
        customer=customer,
        subject=f"{skill.name} trouble",
        description="It stopped working this morning.",
        priority=priority,
        fields={"group": group, "required_skills": [skill]},
        channel=Channel.WEB,
    )


# --- the processes -------------------------------------------------------------------------------


def run_processes(desk: Desk) -> tuple[Counter[str], list[str]]:
    context = multiprocessing.get_context("spawn")
    start, results = context.Barrier(PROCESSES), context.Queue()
    database = connection.settings_dict["NAME"]
    children = [
        context.Process(
            target=run_in_django,
            args=(database, f"{__name__}:desk_worker", asdict(desk), seed, start, results),
        )
        for seed in range(PROCESSES)
    ]
    for child in children:
        child.start()
    try:
        reports = _collect(children, results)
    finally:
        for child in children:
            child.join(timeout=15)
            if child.is_alive():
                child.terminate()
    tally: Counter[str] = Counter()
    for counts, _failures in reports:
        tally.update(counts)
    return tally, [failure for _counts, failures in reports for failure in failures]


def _collect(children: Sequence[BaseProcess], results: Any) -> list[tuple[dict[str, int], list[str]]]:
    """One report per child; a child that died without reporting fails the test at once."""
    reports: list[tuple[dict[str, int], list[str]]] = []
    give_up = time.monotonic() + SECONDS + 90
    while len(reports) < len(children):
        try:
            reports.append(results.get(timeout=1))
        except Empty:
            dead = [c.exitcode for c in children if c.exitcode not in (None, 0)]
            assert not dead, f"a process died without reporting (exit codes {dead})"
            assert time.monotonic() < give_up, "the processes did not finish in time"
    return reports


def desk_worker(fields: dict[str, Any], seed: int, start: Any, results: Any) -> None:
    """A child's whole life: a random mix of dispatch work for SECONDS, then one report."""
    desk, rng = Desk(**fields), random.Random(seed)  # noqa: S311 - a reproducible workload
    tally: Counter[str] = Counter()
    failures: list[str] = []
    try:
        agents = list(User.objects.filter(pk__in=desk.agents))
        start.wait(timeout=120)
        deadline = time.monotonic() + SECONDS
        while time.monotonic() < deadline and len(failures) < 3:
            name = rng.choices(list(ACTIONS), weights=[weight for weight, _ in ACTIONS.values()])[0]
            outcome, failure = _act(name, desk, rng, rng.choice(agents))
            tally[f"{name}:{outcome}"] += 1
            if failure:
                failures.append(failure)
    except Exception:  # anything outside an action is a failure of the run itself
        failures.append(traceback.format_exc())
    results.put((dict(tally), failures))


def _act(name: str, desk: Desk, rng: random.Random, agent: User) -> tuple[str, str | None]:
    """The action's outcome (or refusal code), and a traceback if it failed in any other way."""
    try:
        return ACTIONS[name][1](desk, rng, agent), None
    except DomainError as refused:  # a refusal is an expected answer to a race, and changes nothing
        return refused.code, None
    except Exception:  # a deadlock, a broken constraint: the very thing this test hunts
        return "failed", f"{name} by {agent.username}:\n{traceback.format_exc()}"


def submit(desk: Desk, rng: random.Random, agent: User) -> str:
    customer = Contact.objects.get(pk=rng.choice(desk.contacts))
    group = SkillGroup.objects.get(pk=rng.choice((desk.automatic, desk.batch)))
    skill = Skill.objects.get(pk=rng.choice(desk.skills))
    ticket = _submit(customer, group, skill, rng.randint(1, 4))
    return "assigned" if ticket.assignee_id else "queued"


def claim(desk: Desk, rng: random.Random, agent: User) -> str:
    """Claim one of the three most urgent queued tickets the agent has a skill for: where others grab too."""
    top = _queued(Q(required_skills__holders__agent__user=agent))[:3]
    if not top:
        return "nothing"
    ticket_claim(ticket_id=rng.choice(top), agent=agent)
    return "claimed"


def pull(desk: Desk, rng: random.Random, agent: User) -> str:
    return "pulled" if ticket_pull_next(agent=agent) else "nothing"


def accept(desk: Desk, rng: random.Random, agent: User) -> str:
    return _on_own(rng, agent, Status.PENDING_ACCEPTANCE, lambda pk: ticket_accept(ticket_id=pk, actor=agent))


def decline(desk: Desk, rng: random.Random, agent: User) -> str:
    return _on_own(
        rng, agent, Status.PENDING_ACCEPTANCE, lambda pk: ticket_decline(ticket_id=pk, agent=agent, reason="Busy")
    )


def resolve(desk: Desk, rng: random.Random, agent: User) -> str:
    def done(pk: int) -> Ticket:
        return ticket_change_status(ticket_id=pk, to=Status.RESOLVED, actor=agent)

    return _on_own(rng, agent, Status.IN_PROGRESS, done)


def presence(desk: Desk, rng: random.Random, agent: User) -> str:
    now = AgentProfile.objects.get(user=agent).presence
    flipped = Presence.OFFLINE if now == Presence.ONLINE else Presence.ONLINE
    agent_set_presence(agent=agent, presence=flipped)
    return str(flipped)


def sweep(desk: Desk, rng: random.Random, agent: User) -> str:
    dispatch_sweep()
    return "swept"


def confirm(desk: Desk, rng: random.Random, agent: User) -> str:
    """The dispatcher hands one of the most urgent review tickets to a random agent."""
    top = _queued(Q(group_id=desk.review))[:3]
    if not top:
        return "nothing"
    dispatcher = User.objects.get(pk=desk.dispatcher)
    dispatch_confirm(ticket_id=rng.choice(top), agent_id=agent.pk, actor=dispatcher, reason="Load test")
    return "confirmed"


def _queued(where: Q) -> list[int]:
    tickets = Ticket.objects.filter(where, status=Status.NEW).order_by("priority", "created_at", "pk")
    return list(tickets.values_list("pk", flat=True).distinct())


def _on_own(rng: random.Random, agent: User, status: str, act: Callable[[int], object]) -> str:
    mine = list(Ticket.objects.filter(assignee=agent, status=status).values_list("pk", flat=True))
    if not mine:
        return "nothing"
    act(rng.choice(mine))
    return "done"


Action = Callable[[Desk, random.Random, User], str]
# name: (weight, action). Submissions and takes dominate, as on a busy morning.
ACTIONS: dict[str, tuple[int, Action]] = {
    "submit": (18, submit),
    "claim": (16, claim),
    "pull": (14, pull),
    "accept": (16, accept),
    "resolve": (14, resolve),
    "decline": (6, decline),
    "presence": (5, presence),
    "confirm": (5, confirm),
    "sweep": (3, sweep),
}


# --- the invariants ------------------------------------------------------------------------------


def owners_contradicting_their_history() -> list[tuple[int, int | None, object, object]]:
    """Owned tickets whose assignee is not the agent of their latest assignment event and decision."""
    latest_event = Event.objects.filter(ticket=OuterRef("pk"), kind=EventKind.ASSIGNED).order_by("-id")
    latest_decision = DispatchDecision.objects.filter(ticket=OuterRef("pk"), outcome__in=TAKING).order_by("-id")
    owned = Ticket.objects.filter(status__in=OWNED_STATUSES).annotate(
        event_agent=Subquery(latest_event.values("data__agent_id")[:1]),
        decision_agent=Subquery(latest_decision.values("agent_id")[:1]),
    )
    return [
        (t.pk, t.assignee_id, t.event_agent, t.decision_agent)
        for t in owned
        if not t.assignee_id == t.event_agent == t.decision_agent
    ]


def tickets_neither_owned_nor_queued() -> list[tuple[int, str, int | None]]:
    owned = Q(status__in=OWNED_STATUSES, assignee__isnull=False)
    queued = Q(status=Status.NEW, assignee__isnull=True)
    lost = Ticket.objects.filter(status__in=OPEN_STATUSES).exclude(owned | queued)
    return list(lost.values_list("pk", "status", "assignee_id"))


def loads_differing_from_a_recount() -> dict[int, tuple[int, int]]:
    active = Count("user__assigned_tickets", filter=Q(user__assigned_tickets__status__in=ACTIVE_STATUSES))
    profiles = AgentProfile.objects.annotate(recount=active)
    return {p.user_id: (p.load, p.recount) for p in profiles if p.load != p.recount}
