"""Play each demo ticket's history through the real services, at moments in the past.

A story is written first from the ticket's timed acts (demo.schedule): the people are chosen (who
is on shift, with room, speaking the customer's language) and each act moves, within its window,
to a moment its agent is on shift. It is then played inside one transaction, each step under
`clock.frozen_at`, so timelines and messages carry believable times. Acts after the end of the
history are not played: they are where the ticket goes next.
"""

from collections.abc import Callable
from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import F

from dispatchdesk.accounts.models import AgentProfile, DispatchMode, Role, Tier, User
from dispatchdesk.common import clock
from dispatchdesk.demo import catalogue, texts
from dispatchdesk.demo.company import Company, Member
from dispatchdesk.demo.rota import nearest_on_duty, on_duty, on_duty_throughout
from dispatchdesk.demo.schedule import STEP, Act, Beat, Life
from dispatchdesk.demo.topics import Bilingual
from dispatchdesk.dispatch.services import dispatch_ticket
from dispatchdesk.intake.services import ticket_import
from dispatchdesk.tickets.models import Channel, Status, Ticket
from dispatchdesk.tickets.ratings import rating_token
from dispatchdesk.tickets.services import (
    ticket_accept,
    ticket_add_note,
    ticket_assign,
    ticket_change_status,
    ticket_rate,
    ticket_reply,
    ticket_update_fields,
)
from dispatchdesk.tickets.services.fields import TicketFields

Action = Callable[[], object]
ESCALATIONS = "escalations"
# Channels a customer can answer by; replies to alerts, API and phone tickets come by email.
REPLY_CHANNELS = (Channel.EMAIL, Channel.WEB, Channel.CHAT)
_TICK = timedelta(seconds=1)


class Story:
    """One ticket's history as timed service calls, written before it is played."""

    def __init__(self, life: Life, company: Company, end: datetime) -> None:
        self.life, self.plan, self.company, self.end = life, life.plan, company, end
        self.rng = life.plan.rng
        self.category = next(spec for spec in catalogue.CATEGORIES if spec.slug == self.plan.topic.category)
        self.group = company.groups[self.category.group]
        self.steps: list[tuple[datetime, Action]] = []
        self.ticket_id = 0
        self.agent: Member | None = None  # who holds the ticket
        self.escalated: Member | None = None  # the L2 engineer it goes to
        self.priority = self.plan.priority

    def write(self) -> "Story":
        for beat in self.life.played(self.end):
            if beat.act == Act.CREATE:
                self.create(beat.at)
            elif self.agent is None and beat.act not in (Act.ENGINE, Act.ASSIGN):
                break  # nobody had room to take it: it stays in the queue
            else:
                HANDLERS[beat.act](self, beat)
        return self

    def play(self) -> None:
        with transaction.atomic():
            for moment, action in self.steps:
                with clock.frozen_at(moment):
                    action()

    def at(self, moment: datetime, action: Action) -> None:
        """A step at `moment`, or just after the one before: a ticket's steps keep their order."""
        if self.last is not None and moment <= self.last:
            moment = self.last + _TICK
        self.steps.append((moment, action))

    @property
    def last(self) -> datetime | None:
        return self.steps[-1][0] if self.steps else None

    # --- people -------------------------------------------------------------------------
    def pick_agent(
        self, group_slug: str, at: datetime, until: datetime, *, exclude: User | None = None
    ) -> Member | None:
        """A member with a free slot, on shift at `at` (and best until `until`), speaking the customer's
        language; of those, one of the least loaded, as dispatch would rank them."""
        members = [m for m in self.company.members[group_slug] if m.user != exclude]
        rows = AgentProfile.objects.filter(user__in=[m.user for m in members], load__lt=F("capacity"))
        share = {
            user_id: load / capacity for user_id, load, capacity in rows.values_list("user_id", "load", "capacity")
        }
        free = [m for m in members if m.user.pk in share]
        speaking = [m for m in free if self.plan.language in m.languages] or free
        on_shift = [m for m in speaking if on_duty(m.duty, at)]
        throughout = [m for m in on_shift if on_duty_throughout(m.duty, at, until)]
        pool = throughout or on_shift or speaking
        if not pool:
            return None
        least = min(share[m.user.pk] for m in pool)
        return self.rng.choice([m for m in pool if share[m.user.pk] <= least + 0.2])

    def on_shift_now(self, candidates: list[Member], at: datetime) -> Member | None:
        present = [m for m in candidates if on_duty(m.duty, at)]
        return self.rng.choice(present) if present else None

    @property
    def worker(self) -> Member:
        if self.agent is None:
            raise RuntimeError("A step that needs an agent came before the assignment.")
        return self.agent

    def moved(self, beat: Beat, member: Member) -> datetime | None:
        """The moment in the beat's window nearest its plan at which `member` is on shift, if any."""
        low = beat.low or beat.at
        if self.last is not None:
            low = max(low, self.last + STEP)
        high = max(beat.high or beat.at, low)
        return nearest_on_duty(member.duty, low, high, min(max(beat.at, low), high))

    def by_worker(self, beat: Beat) -> datetime:
        """When the ticket's holder does the act: moved into their shift if its window allows."""
        return self.moved(beat, self.worker) or beat.at

    def by_someone_on_shift(self, beat: Beat) -> tuple[Member, datetime]:
        """The holder if on shift within the window, else a colleague on shift then (follow the sun)."""
        moment = self.moved(beat, self.worker)
        if moment is not None:
            return self.worker, moment
        group = self.company.members[self.group.slug if self.escalated is None else ESCALATIONS]
        colleague = self.on_shift_now([m for m in group if m.user != self.worker.user], beat.at)
        return colleague or self.worker, beat.at

    def signed(self, body: Bilingual, agent: User, **extra: str) -> str:
        name = self.plan.customer.contact.name.split()[0]
        parts = (texts.GREETING, body, texts.SIGN_OFF)
        return "\n\n".join(self.plan.text(part, name=name, agent=agent.first_name, **extra) for part in parts)

    # --- acts ---------------------------------------------------------------------------
    def create(self, moment: datetime) -> None:
        plan = self.plan
        fields: TicketFields = {
            "group": self.group,
            "category": self.company.categories[self.category.slug],
            "region": plan.customer.region,
            "tier": self.group.tier,
            "tags": plan.tags,
            "required_skills": [self.company.skills[slug] for slug in self.category.skills],
        }
        actor = self._creator(moment)

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

        self.at(moment, run)

    def _creator(self, moment: datetime) -> User | None:
        """Who typed the ticket in: the customer in the portal or chat, an agent on the phone, else nobody."""
        if self.plan.channel in (Channel.WEB, Channel.CHAT):
            return self.plan.customer.user
        if self.plan.channel == Channel.PHONE:
            members = self.company.members[self.group.slug]
            return (self.on_shift_now(members, moment) or self.rng.choice(members)).user
        return None

    def engine(self, beat: Beat) -> None:
        # The engine's proposal or queue entry, so the dispatcher's review queue shows a real decision.
        self.at(beat.at, lambda: dispatch_ticket(ticket_id=self.ticket_id))

    def assign(self, beat: Beat) -> None:
        """The first assignment, as the group's dispatch mode does it (automatic, confirmed, claimed, by the lead)."""
        reply = next(b.at for b in self.life.beats if b.act == Act.FIRST_REPLY)
        member = self.pick_agent(self.group.slug, beat.at, reply)
        if member is None:  # every member is at capacity: it waits in the queue
            return
        self.agent = member
        actor = self._assigner(DispatchMode(self.group.mode), member, beat.at)
        # History is written with ticket_assign and the person each mode implies: replaying the live
        # engine over past moments would depend on today's loads. Automatic assignments are recorded
        # under the dispatcher; review-mode ones under a dispatcher on shift.
        agent = member.user
        self.at(beat.at, lambda: ticket_assign(ticket_id=self.ticket_id, agent_id=agent.pk, actor=actor))

    def _assigner(self, mode: DispatchMode, member: Member, moment: datetime) -> User:
        if mode == DispatchMode.QUEUE:
            return member.user
        if mode == DispatchMode.HYBRID:
            lead = self.company.agents[catalogue.GROUP_LEADS[self.group.slug]]
            return lead.user if on_duty(lead.duty, moment) else member.user
        if mode == DispatchMode.REVIEW:
            dispatchers = [m for m in self.company.agents.values() if m.spec.role == Role.DISPATCHER]
            confirming = self.on_shift_now(dispatchers, moment)
            return confirming.user if confirming else self.company.dispatcher
        return self.company.dispatcher

    def accept(self, beat: Beat) -> None:
        agent = self.worker.user
        self.at(self.by_worker(beat), lambda: ticket_accept(ticket_id=self.ticket_id, actor=agent))

    def first_reply(self, beat: Beat) -> None:
        self.reply(self.by_worker(beat), self.worker.user, self.rng.choice(texts.FIRST_RESPONSES))

    def reply(self, moment: datetime, agent: User, body: Bilingual, **extra: str) -> None:
        text = self.signed(body, agent, **extra)
        self.at(moment, lambda: ticket_reply(ticket_id=self.ticket_id, author=agent, body=text))

    def status(self, moment: datetime, agent: User, to: Status) -> None:
        self.at(moment, lambda: ticket_change_status(ticket_id=self.ticket_id, to=to, actor=agent))

    def note(self, moment: datetime, agent: User, body: str) -> None:
        self.at(moment, lambda: ticket_add_note(ticket_id=self.ticket_id, author=agent, body=body))

    def fields(self, moment: datetime, agent: User, changes: dict[str, object]) -> None:
        self.at(moment, lambda: ticket_update_fields(ticket_id=self.ticket_id, actor=agent, changes=changes))

    def internal_note(self, beat: Beat) -> None:
        moment = self.moved(beat, self.worker)
        if moment is not None:  # a note for the file, written on shift or not at all
            self.note(moment, self.worker.user, self.rng.choice(texts.NOTES))

    def raise_priority(self, beat: Beat) -> None:
        self.priority = max(1, self.priority - 1)
        self.fields(self.by_worker(beat), self.worker.user, {"priority": self.priority})

    def escalate(self, beat: Beat) -> None:
        """L1 hands over to L2: a note, the group and tier change; the L2 lead (or the engineer) assigns."""
        handover = next(b.at for b in self.life.beats if b.act == Act.HANDOVER)
        specialist = self.pick_agent(ESCALATIONS, handover, handover + timedelta(hours=1), exclude=self.worker.user)
        if specialist is None:
            return
        moment, agent = self.by_worker(beat), self.worker.user
        self.note(moment, agent, self.rng.choice(texts.ESCALATION_NOTES))
        escalations = self.company.groups[ESCALATIONS]
        self.fields(moment + STEP, agent, {"group": escalations, "tier": Tier.L2})
        self.escalated = specialist

    def hand_over(self, beat: Beat) -> None:
        specialist = self.escalated
        if specialist is None or specialist.user == self.worker.user:
            return
        lead = self.company.agents[catalogue.GROUP_LEADS[ESCALATIONS]]
        actor = lead.user if on_duty(lead.duty, beat.at) and lead.user != specialist.user else specialist.user
        self.agent = specialist
        agent = specialist.user
        self.at(beat.at, lambda: ticket_assign(ticket_id=self.ticket_id, agent_id=agent.pk, actor=actor))

    def take_over(self, beat: Beat) -> None:
        if self.escalated is None:
            return
        self.accept(beat)

    def question(self, beat: Beat) -> None:
        moment, agent = self.by_worker(beat), self.worker.user
        self.reply(moment, agent, self.rng.choice(texts.QUESTIONS))
        self.status(moment + STEP, agent, Status.AWAITING_CUSTOMER)

    def customer_says(self, beat: Beat, body: Bilingual) -> None:
        author, text = self.plan.customer.user, self.plan.text(body)
        channel = self.plan.channel if self.plan.channel in REPLY_CHANNELS else Channel.EMAIL
        self.at(beat.at, lambda: ticket_reply(ticket_id=self.ticket_id, author=author, body=text, channel=channel))

    def answer(self, beat: Beat) -> None:
        self.customer_says(beat, self.rng.choice(texts.CUSTOMER_ANSWERS))

    def reopen(self, beat: Beat) -> None:
        self.customer_says(beat, self.rng.choice(texts.REOPENS))

    def follow_up(self, beat: Beat) -> None:
        member, moment = self.by_someone_on_shift(beat)
        if member.user == self.worker.user:
            self.reply(moment, member.user, texts.FIRST_RESPONSES[0])
        else:
            owner = self.worker.user.first_name
            self.reply(moment, member.user, self.rng.choice(texts.HANDOVERS), owner=owner)

    def review(self, beat: Beat) -> None:
        moment, agent = self.by_worker(beat), self.worker.user
        self.note(moment, agent, self.rng.choice(texts.REVIEW_NOTES))
        self.status(moment + STEP, agent, Status.AWAITING_REVIEW)

    def resolve(self, beat: Beat) -> None:
        member, moment = self.by_someone_on_shift(beat)
        fix, closing = self.plan.topic.fix, texts.CLOSING
        self.reply(moment, member.user, (f"{fix[0]}\n\n{closing[0]}", f"{fix[1]}\n\n{closing[1]}"))
        self.status(moment + STEP, member.user, Status.RESOLVED)

    def rate(self, beat: Beat) -> None:
        rating = self.rng.choices((1, 2, 3, 4, 5), weights=(5, 8, 17, 35, 35))[0]
        # Unhappy customers say why (the quality report lists low ratings with their comments).
        # Chosen without the random generator, so the rest of the demo draws what it drew before.
        pick = texts.LOW_RATING_COMMENTS[beat.at.minute % len(texts.LOW_RATING_COMMENTS)]
        comment = self.plan.text(pick) if rating <= LOW_RATING else ""
        self.at(beat.at, lambda: _rating_record(self.ticket_id, rating, comment))

    def close(self, beat: Beat) -> None:
        member, moment = self.by_someone_on_shift(beat)
        self.status(moment, member.user, Status.CLOSED)


LOW_RATING = 2  # a rating of 1 or 2 comes with a comment


def _rating_record(ticket_id: int, rating: int, comment: str) -> None:
    # Through the customer's emailed link, as a real rating comes (tickets.services.rating).
    ticket_rate(token=rating_token(Ticket.objects.get(pk=ticket_id)), score=rating, comment=comment)


HANDLERS: dict[Act, Callable[[Story, Beat], None]] = {
    Act.ENGINE: Story.engine,
    Act.ASSIGN: Story.assign,
    Act.ACCEPT: Story.accept,
    Act.FIRST_REPLY: Story.first_reply,
    Act.NOTE: Story.internal_note,
    Act.RAISE: Story.raise_priority,
    Act.ESCALATE: Story.escalate,
    Act.HANDOVER: Story.hand_over,
    Act.TAKE_OVER: Story.take_over,
    Act.QUESTION: Story.question,
    Act.ANSWER: Story.answer,
    Act.FOLLOW_UP: Story.follow_up,
    Act.REVIEW: Story.review,
    Act.RESOLVE: Story.resolve,
    Act.REOPEN: Story.reopen,
    Act.RATE: Story.rate,
    Act.CLOSE: Story.close,
}


def story_write(life: Life, company: Company, end: datetime) -> Story:
    """The service calls that take a new ticket as far as its story has got by `end`."""
    return Story(life, company, end).write()
