"""`dispatchdesk generate --tickets N`: a realistic desk of any size, written in bulk (docs/decisions/0042).

Configuration (groups, agents, a 24/7 SLA policy, tags, categories, organisations, contacts) is
made by the ORM; the tickets and everything each one carries (conversation, timeline, SLA clocks,
report figures, tags) are computed in Python (`stories`) and written with COPY on PostgreSQL. The
search index's triggers are set aside while rows arrive and the index is filled once at the end.
All of it is one transaction: a failed run leaves nothing behind.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _

from dispatchdesk.accounts.models import AgentProfile, Presence, Role, SkillGroup, User
from dispatchdesk.common import clock
from dispatchdesk.common.errors import DomainError
from dispatchdesk.customers.models import Contact, Organisation
from dispatchdesk.demo.generate import bulk
from dispatchdesk.demo.generate.stories import TARGETS, WARNING_SHARE, Desk, Ids, Rows, Storyteller
from dispatchdesk.demo.topics import TOPICS
from dispatchdesk.reports.work import work_rebuild
from dispatchdesk.sla.models import Calendar, Policy, Target
from dispatchdesk.tickets import search
from dispatchdesk.tickets.models import Category, NumberSequence, Tag, Ticket

GROUPS = ("Network", "Software", "Hardware", "Accounts", "Billing", "Security", "Field service", "Key accounts")
TAGS = ("vip", "billing", "outage", "printer", "vpn", "hardware")
CAPACITY = 20
CHUNK = 5000
FIRST_NAMES = ("Anna", "Ben", "Clara", "David", "Emma", "Felix", "Greta", "Hannah", "Jonas", "Lena", "Max", "Nina")
LAST_NAMES = ("Becker", "Fischer", "Hoffmann", "Klein", "Koch", "Meyer", "Schmidt", "Schulz", "Wagner", "Weber")
GERMAN_SHARE = 5  # one contact in five writes German


@dataclass(frozen=True, slots=True)
class Generated:
    tickets: int
    contacts: int
    agents: int
    seconds: float


def generate(
    *, tickets: int, seed: int = 1, now: datetime | None = None, progress: Callable[[int, int], None] | None = None
) -> Generated:
    """Fill an empty desk with `tickets` tickets created over the last year up to `now`."""
    if tickets < 1:
        raise DomainError(_("Generate at least one ticket."), code="invalid_count", status=422)
    if Ticket.objects.exists():
        raise DomainError(
            _("This desk already has tickets; generate fills an empty database."), code="not_empty", status=409
        )
    started = time.perf_counter()
    moment = now or clock.now()
    with transaction.atomic():
        desk = _configuration(tickets, seed)
        ids = Ids(
            ticket=bulk.next_id("tickets_ticket"),
            message=bulk.next_id("tickets_message"),
            event=bulk.next_id("tickets_timelineevent"),
            number=_first_number(),
        )
        teller = Storyteller(desk, seed=seed, now=moment, count=tickets, ids=ids)
        search.uninstall_triggers()
        with bulk.indexes_set_aside():
            for first in range(0, tickets, CHUNK):
                rows = Rows()
                for index in range(first, min(first + CHUNK, tickets)):
                    teller.story(index, rows)
                bulk.write(rows)
                if progress is not None:
                    progress(min(first + CHUNK, tickets), tickets)
        NumberSequence.objects.update_or_create(name="ticket", defaults={"next_value": ids.number})
        bulk.reset_sequences(["tickets_ticket", "tickets_message", "tickets_timelineevent"])
        for agent, load in teller.active.items():
            AgentProfile.objects.filter(user_id=agent).update(load=load)
        work_rebuild()  # the members' work credits run across tickets: computed once every story is written
        search.install(rebuild=True)  # the index filled once, and its triggers again
    bulk.vacuum()  # outside the transaction, as autovacuum would: statistics and the visibility map
    return Generated(tickets, len(desk.contacts), len(desk.agents), time.perf_counter() - started)


def _first_number() -> int:
    row = NumberSequence.objects.filter(name="ticket").first()
    return row.next_value if row is not None else int(settings.DISPATCHDESK_FIRST_TICKET_NUMBER)


def _configuration(tickets: int, seed: int) -> Desk:
    groups = [SkillGroup.objects.get_or_create(slug=_slug(name), defaults={"name": name})[0] for name in GROUPS]
    agent_count = max(len(GROUPS), min(400, tickets // 2500))
    agents: dict[int, str] = {}
    members: dict[int, list[int]] = {group.pk: [] for group in groups}
    for n in range(agent_count):
        first, last = FIRST_NAMES[n % len(FIRST_NAMES)], LAST_NAMES[(n // len(FIRST_NAMES)) % len(LAST_NAMES)]
        user = User.objects.create(
            username=f"agent{n + 1}", first_name=first, last_name=f"{last} {n + 1}", role=Role.AGENT
        )
        user.set_unusable_password()
        user.save(update_fields=["password"])
        profile = AgentProfile.objects.create(
            user=user, capacity=CAPACITY, presence=Presence.OFFLINE, languages=["en", "de"]
        )
        mine = [groups[n % len(groups)], groups[(n + 3) % len(groups)]]
        profile.groups.set(mine)
        agents[user.pk] = str(user)
        for group in mine:
            members[group.pk].append(user.pk)
    for username, name, role in (("dispatcher", "Dana", Role.DISPATCHER), ("manager", "Mia", Role.MANAGER)):
        User.objects.get_or_create(username=username, defaults={"first_name": name, "role": role})
    return Desk(
        groups=tuple(group.pk for group in groups),
        agents=agents,
        agent_groups={group: tuple(ids) for group, ids in members.items()},
        contacts=_contacts(tickets, seed),
        categories={
            topic.category: Category.objects.get_or_create(slug=topic.category, defaults={"name": topic.category})[0].pk
            for topic in TOPICS
        },
        tags=tuple(Tag.objects.get_or_create(name=name)[0].pk for name in TAGS),
        policy=_policy().pk,
        capacity=CAPACITY,
    )


def _slug(name: str) -> str:
    return name.lower().replace(" ", "-")


def _contacts(tickets: int, seed: int) -> tuple[tuple[int, str, str, int | None], ...]:
    organisations = Organisation.objects.bulk_create(
        Organisation(name=f"Organisation {seed}-{n}", domain=f"org{n}.example")
        for n in range(max(5, min(2000, tickets // 500)))
    )
    count = max(20, min(50_000, tickets // 20))
    made = Contact.objects.bulk_create(
        (
            Contact(
                name=f"{FIRST_NAMES[n % len(FIRST_NAMES)]} {LAST_NAMES[(n // 7) % len(LAST_NAMES)]}",
                email=f"customer{n}@org{n % len(organisations)}.example",
                organisation=organisations[n % len(organisations)] if n % 4 else None,
                language="de" if n % GERMAN_SHARE == 0 else "en",
            )
            for n in range(count)
        ),
        batch_size=2000,
    )
    return tuple((c.pk, c.name, c.language, c.organisation_id) for c in made)


def _policy() -> Policy:
    """One policy for every ticket, on a calendar open around the clock (business time = calendar time)."""
    calendar, _created = Calendar.objects.get_or_create(name="Around the clock", defaults={"always_open": True})
    policy, _created = Policy.objects.get_or_create(
        name="Generated desk", defaults={"calendar": calendar, "warning_percent": round(WARNING_SHARE * 100)}
    )
    for priority, (first, resolution) in TARGETS.items():
        Target.objects.get_or_create(
            policy=policy,
            priority=priority,
            defaults={"first_response_minutes": first, "resolution_minutes": resolution},
        )
    return policy
