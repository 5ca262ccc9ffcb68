"""Play each demo ticket's history through the real services, at moments in the past.

A story is written first (timed steps, people chosen), then played inside one transaction,
each step under `clock.frozen_at`, so timelines and messages carry believable times.
"""

from collections.abc import Callable
from datetime import datetime, timedelta
from itertools import accumulate

from django.db import transaction
from django.db.models import F

from dispatchdesk.accounts.models import AgentProfile, DispatchMode, Tier, User
from dispatchdesk.common import clock
from dispatchdesk.demo import catalogue, texts
from dispatchdesk.demo.company import Company, Member
from dispatchdesk.demo.plan import TicketPlan
from dispatchdesk.demo.topics import Bilingual
from dispatchdesk.dispatch.services import dispatch_ticket
from dispatchdesk.intake.services import ticket_import
from dispatchdesk.tickets.models import Channel, EventKind, Status, Ticket
from dispatchdesk.tickets.services import (
    ticket_accept,
    ticket_add_note,
    ticket_assign,
    ticket_change_status,
    ticket_reply,
    ticket_update_fields,
)
from dispatchdesk.tickets.services.fields import TicketFields
from dispatchdesk.tickets.services.timeline import timeline_record

Action = Callable[[], object]
ESCALATIONS = "escalations"
# Channels a customer can answer by; replies to alerts, API and phone tickets come by email.
REPLY_CHANNELS = (Channel.EMAIL, Channel.WEB, Channel.CHAT)


class Story:
    """One ticket's history as timed steps, written before it is played."""

    def __init__(self, plan: TicketPlan, company: Company) -> None:
        self.plan, self.company, self.rng = plan, company, plan.rng
        self.category = next(spec for spec in catalogue.CATEGORIES if spec.slug == plan.topic.category)
        self.group = company.groups[self.category.group]
        self.steps: list[tuple[float, Action]] = []  # (minutes after the previous step, action)
        self.ticket_id = 0
        self.agent: Member | None = None

    def then(self, low: float, high: float, action: Action) -> None:
        self.steps.append((self.rng.uniform(low, high), action))

    def play(self, end: datetime) -> None:
        """Run the steps; a story too long for the time left before `end` is played faster."""
        offsets = list(accumulate(minutes for minutes, _action in self.steps))
        room = (end - self.plan.created).total_seconds() / 60 - 1
        scale = min(1.0, room / offsets[-1]) if offsets[-1] > 0 else 1.0
        with transaction.atomic():
            for offset, (_minutes, action) in zip(offsets, self.steps, strict=True):
                with clock.frozen_at(self.plan.created + timedelta(minutes=offset * scale)):
                    action()

    # --- people -------------------------------------------------------------------------
    def pick_agent(self, group_slug: str, *, exclude: User | None = None) -> Member | None:
        """A member with a free slot, preferring one who speaks the customer's language."""
        members = [m for m in self.company.members[group_slug] if m.user != exclude]
        with_room = AgentProfile.objects.filter(user__in=[m.user for m in members], load__lt=F("capacity"))
        spare = set(with_room.values_list("user_id", flat=True))
        free = [m for m in members if m.user.pk in spare]
        speaking = [m for m in free if self.plan.language in m.languages]
        pool = speaking or free
        return self.rng.choice(pool) if pool else None

    @property
    def worker(self) -> User:
        if self.agent is None:
            raise RuntimeError("A step that needs an agent was written before assign().")
        return self.agent.user

    def signed(self, body: Bilingual, agent: User) -> str:
        name = self.plan.customer.contact.name.split()[0]
        parts = (texts.GREETING, body, texts.SIGN_OFF)
        return "\n\n".join(self.plan.text(part, name=name, agent=agent.first_name) for part in parts)

    # --- steps --------------------------------------------------------------------------
    def create(self) -> None:
        plan = self.plan
        fields: TicketFields = {
            "group": self.group,
            "category": self.company.categories[self.category.slug],
            "region": plan.customer.region,
            "tier": self.group.tier,
            "tags": plan.tags,
            "required_skills": [self.company.skills[slug] for slug in self.category.skills],
        }
        actor = self._creator()

        def run() -> None:
            ticket = ticket_import(
                customer=plan.customer.contact,
                subject=plan.text(plan.topic.subject),
                description=plan.text(plan.topic.description),
                channel=Channel(plan.channel),
                priority=plan.priority,
                actor=actor,
                fields=fields,
            )
            self.ticket_id = ticket.pk

        self.steps.append((0.0, run))

    def _creator(self) -> User | None:
        """Who typed the ticket in: the customer in the portal or chat, an agent on the phone, else nobody."""
        if self.plan.channel in (Channel.WEB, Channel.CHAT):
            return self.plan.customer.user
        if self.plan.channel == Channel.PHONE:
            return self.rng.choice(self.company.members[self.group.slug]).user
        return None

    def assign(self, member: Member, group_slug: str) -> None:
        """Assignment as the group's dispatch mode does it (automatic, confirmed, claimed or by the lead)."""
        mode = self.company.groups[group_slug].mode
        actor, delay = {
            DispatchMode.AUTOMATIC: (self.company.dispatcher, (1, 3)),
            DispatchMode.REVIEW: (self.company.dispatcher, (10, 90)),
            DispatchMode.QUEUE: (member.user, (15, 180)),
            DispatchMode.HYBRID: (self.company.leads[group_slug], (20, 120)),
        }[DispatchMode(mode)]
        # History is written with ticket_assign and the person each mode implies: replaying the live
        # engine over past moments would depend on today's presence. Queued tickets do meet the
        # engine (see _queued). Automatic assignments are recorded under the dispatcher.
        self.agent = member
        agent = member.user
        self.then(*delay, lambda: ticket_assign(ticket_id=self.ticket_id, agent_id=agent.pk, actor=actor))

    def accept(self) -> None:
        agent = self.worker
        self.then(2, 45, lambda: ticket_accept(ticket_id=self.ticket_id, actor=agent))

    def reply(self, low: float, high: float, body: Bilingual) -> None:
        agent = self.worker
        text = self.signed(body, agent)
        self.then(low, high, lambda: ticket_reply(ticket_id=self.ticket_id, author=agent, body=text))

    def customer_says(self, low: float, high: float, body: Bilingual) -> None:
        author, text = self.plan.customer.user, self.plan.text(body)
        channel = self.plan.channel if self.plan.channel in REPLY_CHANNELS else Channel.EMAIL
        self.then(low, high, lambda: ticket_reply(ticket_id=self.ticket_id, author=author, body=text, channel=channel))

    def note(self, low: float, high: float, body: str) -> None:
        agent = self.worker
        self.then(low, high, lambda: ticket_add_note(ticket_id=self.ticket_id, author=agent, body=body))

    def status(self, low: float, high: float, to: Status) -> None:
        agent = self.worker
        self.then(low, high, lambda: ticket_change_status(ticket_id=self.ticket_id, to=to, actor=agent))

    def fields(self, low: float, high: float, changes: dict[str, object]) -> None:
        agent = self.worker
        self.then(low, high, lambda: ticket_update_fields(ticket_id=self.ticket_id, actor=agent, changes=changes))

    def rate(self, low: float, high: float) -> None:
        rating = self.rng.choices((1, 2, 3, 4, 5), weights=(5, 8, 17, 35, 35))[0]
        self.then(low, high, lambda: _rating_record(self.ticket_id, rating, self.plan.customer.user))


def _rating_record(ticket_id: int, rating: int, customer: User) -> None:
    # No rating service exists yet (P2); until it does the loader writes the field and its event itself.
    Ticket.objects.filter(pk=ticket_id).update(satisfaction=rating)
    ticket = Ticket.objects.get(pk=ticket_id)
    timeline_record(ticket=ticket, kind=EventKind.RATING, actor=customer, public=True, data={"rating": rating})


def story_write(plan: TicketPlan, company: Company) -> Story:
    """The steps that take a new ticket to the status its plan ends in."""
    story = Story(plan, company)
    story.create()
    member = story.pick_agent(story.group.slug) if plan.status != Status.NEW else None
    if member is None:  # still queued, or every member of the group is at capacity
        _queued(story)
        return story
    story.assign(member, story.group.slug)
    if plan.status == Status.PENDING_ACCEPTANCE:
        return story
    story.accept()
    story.reply(5, 90, story.rng.choice(texts.FIRST_RESPONSES))
    _side_work(story)
    if story.group.slug != ESCALATIONS and story.rng.random() < 0.08:  # noqa: PLR2004 - share escalated
        _escalate(story)
    ENDINGS[plan.status](story)
    return story


def _queued(story: Story) -> None:
    if story.group.mode != DispatchMode.AUTOMATIC:
        # The engine's proposal or queue entry, so the dispatcher's review queue shows real decisions.
        story.then(0.2, 1, lambda: dispatch_ticket(ticket_id=story.ticket_id))
    if story.rng.random() < 0.25:  # noqa: PLR2004 - some customers ask for news
        story.customer_says(120, 1440, story.rng.choice(texts.NUDGES))


def _side_work(story: Story) -> None:
    if story.rng.random() < 0.3:  # noqa: PLR2004
        story.note(10, 240, story.rng.choice(texts.NOTES))
    if story.plan.priority > 1 and story.rng.random() < 0.08:  # noqa: PLR2004
        story.fields(10, 120, {"priority": story.plan.priority - 1})


def _escalate(story: Story) -> None:
    """L1 hands over to L2: a note, the group and tier change, the L2 lead assigns, L2 accepts."""
    specialist = story.pick_agent(ESCALATIONS, exclude=story.worker)
    if specialist is None:
        return
    story.note(20, 180, story.rng.choice(texts.ESCALATION_NOTES))
    story.fields(1, 2, {"group": story.company.groups[ESCALATIONS], "tier": Tier.L2})
    story.assign(specialist, ESCALATIONS)
    story.accept()


def _question(story: Story, *, answered: bool) -> None:
    story.reply(30, 600, story.rng.choice(texts.QUESTIONS))
    story.status(1, 2, Status.AWAITING_CUSTOMER)
    if answered:  # the customer's answer puts the ticket back in progress
        story.customer_says(60, 1800, story.rng.choice(texts.CUSTOMER_ANSWERS))


def _resolve(story: Story) -> None:
    fix, closing = story.plan.topic.fix, texts.CLOSING
    story.reply(60, 1440, (f"{fix[0]}\n\n{closing[0]}", f"{fix[1]}\n\n{closing[1]}"))
    story.status(1, 5, Status.RESOLVED)


def _in_progress(story: Story) -> None:
    if story.rng.random() < 0.3:  # noqa: PLR2004
        _question(story, answered=True)


def _awaiting_customer(story: Story) -> None:
    _question(story, answered=False)


def _awaiting_review(story: Story) -> None:
    story.note(30, 300, story.rng.choice(texts.REVIEW_NOTES))
    story.status(1, 2, Status.AWAITING_REVIEW)


def _resolved(story: Story) -> None:
    if story.rng.random() < 0.35:  # noqa: PLR2004
        _question(story, answered=True)
    _resolve(story)
    _maybe_rated(story)


def _closed(story: Story) -> None:
    if story.rng.random() < 0.35:  # noqa: PLR2004
        _question(story, answered=True)
    _resolve(story)
    if story.rng.random() < 0.12:  # noqa: PLR2004 - share reopened by the customer
        story.customer_says(240, 2880, story.rng.choice(texts.REOPENS))
        story.reply(30, 240, story.rng.choice(texts.FIRST_RESPONSES))
        _resolve(story)
    _maybe_rated(story)
    story.status(2 * 1440, 5 * 1440, Status.CLOSED)


def _maybe_rated(story: Story) -> None:
    if story.rng.random() < 0.4:  # noqa: PLR2004 - share of customers who rate
        story.rate(60, 1200)


ENDINGS: dict[Status, Callable[[Story], None]] = {
    Status.IN_PROGRESS: _in_progress,
    Status.AWAITING_CUSTOMER: _awaiting_customer,
    Status.AWAITING_REVIEW: _awaiting_review,
    Status.RESOLVED: _resolved,
    Status.CLOSED: _closed,
}
