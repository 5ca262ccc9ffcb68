"""One generated ticket's life as the services would have written it: the rows, computed in Python.

Each story follows the services' own moves (docs/decisions/0042-generated-desks.md): created by the
customer (the description is the first public message), handed to an agent (Pending acceptance),
accepted (In progress), answered, then waiting on the customer, resolved, or resolved and closed.
The SLA row and the report figures are what sla.clocks and reports.figures compute for those moves on
a 24/7 calendar (business time = calendar time), so `rebuild-reports` and a clock recompute agree.
"""

from __future__ import annotations

import json
import random
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from dispatchdesk.accounts.models import Role
from dispatchdesk.demo.texts import FIRST_RESPONSES, NOTES, QUESTIONS
from dispatchdesk.demo.topics import TOPICS
from dispatchdesk.reports.figures import EventRow, history_of
from dispatchdesk.tickets.models import Channel, EventKind, MessageKind, Status

# Targets in minutes per priority: (first response, resolution); 75 % of a target is "at risk".
TARGETS = {1: (30, 240), 2: (60, 480), 3: (240, 1440), 4: (480, 4320)}
WARNING_SHARE = 0.75
OPEN_DAYS = 3  # tickets younger than this may still be open; older ones are resolved or closed
CLOSE_AFTER = timedelta(days=2)  # a resolved ticket is closed this long after its resolution
CITIES = ("Berlin", "Munich", "Hamburg", "Cologne", "Leipzig", "Dresden", "Bremen", "Hanover")
APPS = ("Excel", "Teams", "DATEV", "SAP GUI", "Adobe Acrobat", "AutoCAD", "Zoom", "Slack")
CHANNELS = (Channel.EMAIL, Channel.WEB, Channel.WEB, Channel.PHONE, Channel.CHAT, Channel.API)
PRIORITY_WEIGHTS = (1, 3, 10, 6)  # urgent … low
NOTE_SHARE = 0.1  # answered tickets with an internal note


@dataclass(frozen=True, slots=True)
class Desk:
    """What stories draw on: ids of the configuration rows the generator made first."""

    groups: tuple[int, ...]
    agents: dict[int, str]  # user id -> display name
    agent_groups: dict[int, tuple[int, ...]]  # group id -> agent ids who are members
    contacts: tuple[tuple[int, str, str, int | None], ...]  # (id, name, language, organisation id)
    categories: dict[str, int]
    tags: tuple[int, ...]
    policy: int
    capacity: int


@dataclass
class Rows:
    """Rows for each table, in the column order of `bulk.COLUMNS`."""

    tickets: list[tuple[Any, ...]] = field(default_factory=list)
    messages: list[tuple[Any, ...]] = field(default_factory=list)
    events: list[tuple[Any, ...]] = field(default_factory=list)
    slas: list[tuple[Any, ...]] = field(default_factory=list)
    figures: list[tuple[Any, ...]] = field(default_factory=list)
    tags: list[tuple[Any, ...]] = field(default_factory=list)
    tagged: list[tuple[Any, ...]] = field(default_factory=list)


@dataclass
class Ids:
    """The next free primary keys and ticket number; advanced as rows are made."""

    ticket: int
    message: int
    event: int
    number: int


class Storyteller:
    """Makes the rows of ticket after ticket, oldest first, keeping each agent within capacity."""

    def __init__(self, desk: Desk, *, seed: int, now: datetime, count: int, ids: Ids) -> None:
        self.desk, self.now, self.count, self.ids = desk, now.replace(microsecond=0), count, ids
        self.random = random.Random(seed)
        self.span = timedelta(days=365)
        self.active: dict[int, int] = {}  # agent id -> tickets held in an active status

    def story(self, index: int, rows: Rows) -> None:
        """The `index`-th ticket (0 = oldest) of the desk, created evenly over a year up to now."""
        pick = self.random
        created = self.now - self.span * (self.count - index) / self.count
        created = created.replace(microsecond=0)
        contact_id, contact_name, language, organisation = pick.choice(self.desk.contacts)
        topic = pick.choice(TOPICS)
        german = language.startswith("de")
        words = _placeholders(pick)
        subject = topic.subject[german].format(**words)[:200]
        description = f"<p>{topic.description[german].format(**words)}</p>"
        priority = pick.choices((1, 2, 3, 4), PRIORITY_WEIGHTS)[0]
        channel = topic.channel or pick.choice(CHANNELS)
        group = pick.choice(self.desk.groups)
        ticket = self.ids.ticket
        self.ids.ticket += 1
        number = self.ids.number
        self.ids.number += 1
        life = _Life(self, ticket=ticket, created=created, rows=rows, language=german)
        life.event(EventKind.CREATED, created, public=True, data={"channel": channel}, label=contact_name)
        life.message(MessageKind.REPLY, created, description, contact=contact_id, channel=channel)
        status, assignee = life.live(group=group, priority=priority, customer=contact_name)
        first_response = life.first_response
        resolved = life.resolved
        rows.tickets.append(
            (
                ticket,
                number,
                _access_key(pick),
                subject,
                description,
                contact_id,
                organisation,
                channel,
                self.desk.categories.get(topic.category),
                priority,
                status,
                group,
                assignee,
                "L1",
                "de" if german else "en",
                first_response,
                resolved,
                life.closed,
                0,
                "",
                "[]",
                created,
                life.last,
                *life.sla_copy(priority=priority),
            )
        )
        if index % 10 == 0:
            tag = self.desk.tags[(index // 10) % len(self.desk.tags)]
            rows.tags.append((ticket, tag))
            rows.tagged.append((ticket, tag, created))  # reports.figures' copy (TaggedTicket)
        rows.slas.append(life.sla(priority=priority))
        rows.figures.append(
            life.figures(
                group=group,
                priority=priority,
                assignee=assignee,
                channel=channel,
                category=self.desk.categories.get(topic.category),
            )
        )

    def _agent(self, group: int, *, active: bool) -> tuple[int, str] | None:
        """A member of the group; for active work, one with a free slot (None when all are full)."""
        members = self.desk.agent_groups[group]
        start = self.random.randrange(len(members))
        for offset in range(len(members)):
            agent = members[(start + offset) % len(members)]
            if not active or self.active.get(agent, 0) < self.desk.capacity:
                return agent, self.desk.agents[agent]
        return None


class _Life:
    """The moves of one ticket, written as timeline events and messages as they happen."""

    def __init__(self, teller: Storyteller, *, ticket: int, created: datetime, rows: Rows, language: bool) -> None:
        self.teller, self.ticket, self.created, self.rows, self.german = teller, ticket, created, rows, language
        self.last = created
        self.first_response: datetime | None = None
        self.resolved: datetime | None = None
        self.closed: datetime | None = None
        self.paused: datetime | None = None
        self.history: list[EventRow] = []  # what reports.figures.history_of counts, as the events happen

    def event(
        self,
        kind: str,
        moment: datetime,
        *,
        public: bool,
        data: dict[str, Any] | None = None,
        actor: int | None = None,
        label: str = "",
        message: int | None = None,
    ) -> None:
        ids = self.teller.ids
        self.rows.events.append(
            (ids.event, self.ticket, kind, actor, label, public, json.dumps(data or {}), message, moment)
        )
        ids.event += 1
        self.last = max(self.last, moment)
        self.history.append((kind, data or {}, moment, None if actor is None else Role.AGENT))

    def message(
        self,
        kind: str,
        moment: datetime,
        body: str,
        *,
        contact: int | None = None,
        author: int | None = None,
        channel: str = Channel.WEB,
    ) -> int:
        ids = self.teller.ids
        message = ids.message
        ids.message += 1
        self.rows.messages.append((message, self.ticket, kind, author, contact, body, channel, moment))
        return message

    def status(self, moment: datetime, before: str, after: str, *, actor: int | None, label: str) -> None:
        data = {"from": before, "to": after, "reason": ""}
        self.event(EventKind.STATUS, moment, public=True, data=data, actor=actor, label=label)

    def live(self, *, group: int, priority: int, customer: str) -> tuple[str, int | None]:
        """Play the ticket forward from New; returns its status and assignee now."""
        teller, pick = self.teller, self.teller.random
        age = teller.now - self.created
        recent = age < timedelta(days=OPEN_DAYS)
        # Open work: a third still queued, the rest with an agent; older tickets all ran their course.
        goal = pick.choice((Status.NEW, Status.PENDING_ACCEPTANCE, Status.IN_PROGRESS, Status.AWAITING_CUSTOMER,
                            Status.RESOLVED, Status.NEW)) if recent else Status.CLOSED  # fmt: skip
        active = goal in (Status.PENDING_ACCEPTANCE, Status.IN_PROGRESS)
        chosen = teller._agent(group, active=active) if goal != Status.NEW else None
        if chosen is None:
            return Status.NEW, None
        agent, name = chosen
        steps = self._moments(age, count=5)
        self.status(steps[0], Status.NEW, Status.PENDING_ACCEPTANCE, actor=None, label="")
        handed = {"agent_id": agent, "agent": name, "previous_agent_id": None, "reasons": []}
        self.event(EventKind.ASSIGNED, steps[0], public=True, data=handed)
        if goal == Status.PENDING_ACCEPTANCE:
            return self._hold(agent, goal)
        self.status(steps[1], Status.PENDING_ACCEPTANCE, Status.IN_PROGRESS, actor=agent, label=name)
        self.event(EventKind.ACCEPTED, steps[1], public=False, actor=agent, label=name)
        reply = pick.choice(FIRST_RESPONSES)[self.german]
        body = f"<p>{reply}</p>"
        message = self.message(MessageKind.REPLY, steps[2], body, author=agent)
        self.event(EventKind.REPLY, steps[2], public=True, actor=agent, label=name, message=message)
        self.first_response = steps[2]
        if pick.random() < NOTE_SHARE:
            note = self.message(MessageKind.NOTE, steps[2], f"<p>{pick.choice(NOTES)}</p>", author=agent)
            self.event(EventKind.NOTE, steps[2], public=False, actor=agent, label=name, message=note)
        if goal == Status.IN_PROGRESS:
            return self._hold(agent, goal)
        if goal == Status.AWAITING_CUSTOMER:
            question = self.message(MessageKind.REPLY, steps[3], f"<p>{pick.choice(QUESTIONS)[self.german]}</p>",
                                    author=agent)  # fmt: skip
            self.event(EventKind.REPLY, steps[3], public=True, actor=agent, label=name, message=question)
            self.status(steps[3], Status.IN_PROGRESS, Status.AWAITING_CUSTOMER, actor=agent, label=name)
            self.paused = steps[3]
            return goal, agent
        self.status(steps[3], Status.IN_PROGRESS, Status.RESOLVED, actor=agent, label=name)
        self.resolved = self.paused = steps[3]
        if goal == Status.CLOSED and steps[3] + CLOSE_AFTER < teller.now:
            self.closed = steps[3] + CLOSE_AFTER
            self.status(self.closed, Status.RESOLVED, Status.CLOSED, actor=None, label="")
            return Status.CLOSED, agent
        return Status.RESOLVED, agent

    def _hold(self, agent: int, status: str) -> tuple[str, int]:
        self.teller.active[agent] = self.teller.active.get(agent, 0) + 1
        return status, agent

    def _moments(self, age: timedelta, *, count: int) -> list[datetime]:
        """`count` rising whole-second moments after creation, the last within the ticket's age."""
        pick = self.teller.random
        room = min(age.total_seconds(), 4 * 86400)
        gaps = sorted(pick.uniform(0.001, 1) for _ in range(count))
        now = self.teller.now
        return [min(now, self.created + timedelta(seconds=max(1, int(room * gap)) + i)) for i, gap in enumerate(gaps)]

    def sla(self, *, priority: int) -> tuple[Any, ...]:
        """sla_recompute's result: no deadline while paused, else the pending ones and the earliest."""
        first_minutes, resolution_minutes = TARGETS[priority]
        first_due = resolution_due = due_clock = due_started = due = warn = None
        if self.paused is None:
            pending = [("resolution", resolution_minutes)]
            if self.first_response is None:
                pending.insert(0, ("first_response", first_minutes))
            dues = {clock: self.created + timedelta(minutes=minutes) for clock, minutes in pending}
            first_due = dues.get("first_response")
            resolution_due = dues["resolution"]
            due_clock = min(dues, key=lambda clock: dues[clock])
            due, due_started = dues[due_clock], self.created
            warn = min(self.created + timedelta(seconds=m * 60 * WARNING_SHARE) for _c, m in pending)
        return (
            self.ticket,
            self.teller.desk.policy,
            self.first_response,
            None,
            self.paused,
            "[]",
            first_due,
            None,
            resolution_due,
            due_clock or "",
            due,
            warn,
            "[]",
            due_started,
            warn,  # check_at: the warning, which has not fired
            0,
        )

    def sla_copy(self, *, priority: int) -> tuple[Any, ...]:
        """The ticket's copy of its clocks (sla_due_at, sla_warn_at, sla_paused), as sla.clocks keeps it."""
        clocks = self.sla(priority=priority)
        return clocks[10], clocks[11], self.paused is not None

    def figures(
        self, *, group: int, priority: int, assignee: int | None, channel: str, category: int | None
    ) -> tuple[Any, ...]:
        """reports.figures_of for these moves: business time equals calendar time on a 24/7 calendar."""
        counted = history_of(self.history)
        first_minutes, resolution_minutes = TARGETS[priority]
        first = _seconds(self.created, self.first_response)
        resolution = _seconds(self.created, self.resolved)
        return (
            self.ticket,
            group,
            self.created,
            self.first_response,
            first,
            first,
            None if first is None else first <= first_minutes * 60.0,
            self.resolved,
            resolution,
            resolution,
            None if resolution is None else resolution <= resolution_minutes * 60.0,
            assignee,
            channel,
            category,
            0,  # reopens: the stories never reopen
            counted.reassignments,
            counted.escalations,
            counted.customer_replies,
            counted.handle_s,
        )


def _seconds(start: datetime, end: datetime | None) -> float | None:
    return None if end is None else max(0.0, (end - start).total_seconds())


def _placeholders(pick: random.Random) -> dict[str, str]:
    """The words a topic's text is filled with; invoice numbers and devices make rare search words."""
    return {
        "city": pick.choice(CITIES),
        "device": f"sw-{pick.randrange(1000, 9999)}",
        "app": pick.choice(APPS),
        "invoice": f"RE-{pick.randrange(100000, 999999)}",
        "amount": f"{pick.randrange(20, 5000)}.{pick.randrange(100):02d} €",
        "time": f"{pick.randrange(6, 20)}:{pick.choice(('00', '15', '30', '45'))}",
    }


def _access_key(pick: random.Random) -> str:
    """43 URL-safe characters, as secrets.token_urlsafe(32) gives (decision 0003), from the seeded generator."""
    alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
    return "".join(pick.choices(alphabet, k=43))
