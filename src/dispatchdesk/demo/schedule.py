"""When each step of a demo ticket's story happens, and where it stands when the history ends.

A story is timed against the ticket's own SLA targets on its policy's calendar, with the clock the
SLA app runs (sla.calendar): the shape (demo.plan.Shape) says which share of each target is used,
so the month's attainment is what the shapes say. Where each story stands at the end (its status,
and whether a clock is running, at risk or breached) is known before it is played (`standing`),
which lets demo.steering end the history as a well-run desk's day.
"""

import enum
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from dispatchdesk.accounts.models import DispatchMode
from dispatchdesk.demo import catalogue
from dispatchdesk.demo.plan import Shape, TicketPlan
from dispatchdesk.sla import calendar as business
from dispatchdesk.sla.config import PolicyView
from dispatchdesk.tickets.models import Status
from dispatchdesk.tickets.sla_state import AT_RISK, BREACHED, PAUSED, RUNNING

# An act's own steps (a reply and its status change, a note and its field change) take this long
# at most; an act is played only if it ends before the history does.
SPAN = timedelta(minutes=6)
STEP = timedelta(minutes=1)  # between a reply and the status change that goes with it
MINUTE = timedelta(minutes=1)
# Minutes each dispatch mode takes to put a new ticket in someone's hands (before the target's cap).
MODE_DELAY = {
    DispatchMode.AUTOMATIC: (1, 3),
    DispatchMode.REVIEW: (5, 40),
    DispatchMode.QUEUE: (5, 60),
    DispatchMode.HYBRID: (10, 60),
}
# Customers are businesses in Germany: they answer in office hours, unless the shape says otherwise.
OFFICE = (time(8), time(18))
PAUSED_STATUSES = (Status.AWAITING_CUSTOMER, Status.RESOLVED, Status.CLOSED)


class Act(enum.StrEnum):
    CREATE = "create"  # the customer (or an agent on the phone)
    ENGINE = "engine"  # the dispatch engine proposes or queues: tickets still new at the end
    ASSIGN = "assign"  # the first assignment, as the group's mode does it
    ACCEPT = "accept"
    FIRST_REPLY = "first_reply"
    NOTE = "note"
    RAISE = "raise"  # the priority goes up one step
    ESCALATE = "escalate"  # a note, then the group and tier change to L2
    HANDOVER = "handover"  # the L2 engineer is assigned
    TAKE_OVER = "take_over"  # ... and accepts
    QUESTION = "question"  # a question, then Awaiting customer
    ANSWER = "answer"  # the customer's answer, which resumes the work
    FOLLOW_UP = "follow_up"  # the desk answers the customer's answer
    REVIEW = "review"  # a note, then Awaiting review
    RESOLVE = "resolve"  # the fix as a reply, then Resolved
    REOPEN = "reopen"  # the customer writes again after the resolution
    RATE = "rate"
    CLOSE = "close"


AGENT_REPLIES = frozenset({Act.FIRST_REPLY, Act.QUESTION, Act.FOLLOW_UP, Act.RESOLVE})
# Acts the story may move, within their window, to a moment the agent doing them is on shift.
MOVABLE = frozenset({Act.ACCEPT, Act.NOTE, Act.RAISE, Act.ESCALATE, Act.TAKE_OVER, Act.REVIEW, Act.CLOSE}) | (
    AGENT_REPLIES
)


@dataclass(slots=True)
class Beat:
    act: Act
    at: datetime
    # The window the story may move the act to (the agent's shift): it keeps the order of the acts,
    # the side of the end, and the side of the SLA deadline the act answers.
    low: datetime | None = None
    high: datetime | None = None
    deadline: datetime | None = None  # the target this act meets (or misses)
    late: bool = False


@dataclass(slots=True)
class Life:
    plan: TicketPlan
    view: PolicyView
    mode: str  # the first group's dispatch mode
    beats: list[Beat] = field(default_factory=list)

    def played(self, end: datetime) -> list[Beat]:
        """The acts that happen before `end` (each with all its steps; the ticket's arrival always)."""
        return [beat for beat in self.beats if beat.at + SPAN <= end or (beat.act == Act.CREATE and beat.at < end)]


@dataclass(frozen=True, slots=True)
class Standing:
    """Where a ticket is when the history ends: its status and its SLA state (tickets.sla_state)."""

    status: Status
    sla: str


def life_draw(plan: TicketPlan, view: PolicyView, mode: str, end: datetime) -> Life:
    """The acts of the plan's story, timed on its SLA calendar; acts after `end` are kept (not played)."""
    life = Life(plan, view, mode)
    _Timing(life, end).write()
    _windows(life.beats, end)
    return life


class _Timing:
    def __init__(self, life: Life, end: datetime) -> None:
        self.life, self.end, self.shape, self.plan = life, end, life.plan.shape, life.plan
        self.cal = life.view.calendar
        targets = life.view.targets
        first = self.plan.priority
        final = first - 1 if self.shape.raised is not None and first > 1 else first
        self.first_response = targets[first].first_response_minutes
        self.resolution = targets[final].resolution_minutes
        self.next_response = targets[final].next_response_minutes or self.first_response
        self.pauses: list[tuple[datetime, datetime | None]] = []

    def business(self, start: datetime, minutes: float) -> datetime:
        return business.add_business_seconds(self.cal, start, minutes * 60, self.pauses)

    def add(self, act: Act, at: datetime, *, deadline: datetime | None = None, late: bool = False) -> datetime:
        self.life.beats.append(Beat(act, at, deadline=deadline, late=late))
        return at

    def write(self) -> None:
        shape, created = self.shape, self.plan.created
        self.add(Act.CREATE, created)
        replied = self._first_response(created)
        resolved = self._middle_and_resolution(created, replied)
        if shape.reopened is not None and not shape.held:
            resolved = self._reopening(resolved)
        if shape.rated is not None:
            self.add(Act.RATE, resolved + timedelta(minutes=shape.rated))
        self.add(Act.CLOSE, resolved + timedelta(days=shape.closed))

    def _first_response(self, created: datetime) -> datetime:
        shape = self.shape
        due = self.business(created, self.first_response)
        if shape.first_late:
            replied = self.business(created, shape.first * self.first_response)
        else:  # in real time: in time, whatever the calendar
            replied = created + timedelta(minutes=shape.first * self.first_response)
        low, high = MODE_DELAY[DispatchMode(self.life.mode)]
        delay = timedelta(minutes=low + (high - low) * shape.assign_delay)
        assigned = created + max(min(delay, (replied - created) * 0.4), timedelta(seconds=30))
        engine = created + timedelta(seconds=30)
        still_new = assigned + SPAN > self.end and engine + SPAN <= self.end
        if still_new and self.life.mode in (DispatchMode.REVIEW, DispatchMode.QUEUE):  # the engine has had its say
            self.add(Act.ENGINE, engine)
        self.add(Act.ASSIGN, assigned)
        self.add(Act.ACCEPT, assigned + (replied - assigned) * shape.accept)
        return self.add(Act.FIRST_REPLY, replied, deadline=due, late=shape.first_late)

    def _middle_and_resolution(self, created: datetime, replied: datetime) -> datetime:
        shape = self.shape
        if shape.held:  # worked on, past its target, not resolved yet
            planned = self.end + timedelta(hours=2 + 6 * shape.resolution_u)
        else:
            planned = self.business(created, shape.resolution * self.resolution)
        planned = max(planned, replied + 4 * SPAN)
        span = planned - replied
        cursor = replied
        detours: list[tuple[float, Act]] = [
            (position, act)
            for position, act in (
                (shape.note, Act.NOTE),
                (shape.raised if self.plan.priority > 1 else None, Act.RAISE),
                (shape.escalated, Act.ESCALATE),
                (shape.question, Act.QUESTION),
            )
            if position is not None
        ]
        for position, act in sorted(detours):
            at = max(replied + span * position, cursor + SPAN)
            if act == Act.ESCALATE:
                cursor = self._escalation(at)
            elif act == Act.QUESTION:
                cursor = self._question(at)
            else:
                cursor = self.add(act, at)
        if shape.question is not None and not shape.held:  # the clock stood still while the customer was awaited
            planned = self.business(created, shape.resolution * self.resolution)
        resolved = max(planned, cursor + 2 * SPAN)
        answered = next((b.at for b in reversed(self.life.beats) if b.act == Act.ANSWER), None)
        if answered is not None and resolved - answered > timedelta(minutes=0.8 * self.next_response):
            at = answered + timedelta(minutes=shape.follow_up * self.next_response)
            self.add(Act.FOLLOW_UP, at, deadline=self.business(answered, self.next_response))
            resolved = max(resolved, at + 2 * SPAN)
        if shape.review is not None:
            review = resolved - timedelta(minutes=shape.review)
            if review > self.life.beats[-1].at + SPAN:
                self.add(Act.REVIEW, review)
        deadline = self.business(created, self.resolution)
        return self.add(Act.RESOLVE, resolved, deadline=deadline, late=resolved + STEP > deadline)

    def _escalation(self, at: datetime) -> datetime:
        self.add(Act.ESCALATE, at)
        handed = self.add(Act.HANDOVER, at + SPAN + timedelta(minutes=5 + 35 * self.shape.assign_delay))
        return self.add(Act.TAKE_OVER, handed + SPAN + timedelta(minutes=2 + 20 * self.shape.accept))

    def _question(self, at: datetime) -> datetime:
        self.add(Act.QUESTION, at)
        answered = max(_customer_moment(at + timedelta(minutes=self.shape.wait), self.shape), at + SPAN)
        self.pauses.append((at + STEP, answered))
        return self.add(Act.ANSWER, answered)

    def _reopening(self, resolved: datetime) -> datetime:
        shape = self.shape
        written = _customer_moment(resolved + timedelta(minutes=shape.reopened or 0), shape)
        self.add(Act.REOPEN, written)
        self.pauses.append((resolved + STEP, written))
        share = timedelta(minutes=self.resolution) * (0.01 + 0.04 * shape.follow_up)
        answered = self.add(Act.FOLLOW_UP, written + SPAN + share, deadline=self.business(written, self.next_response))
        again = answered + SPAN + share
        deadline = self.business(self.plan.created, self.resolution)
        return self.add(Act.RESOLVE, again, deadline=deadline, late=again + STEP > deadline)


def _customer_moment(moment: datetime, shape: Shape) -> datetime:
    """When a business customer writes: in office hours on a working day, unless they write whenever."""
    zone = ZoneInfo(catalogue.TIME_ZONE)
    local = moment.astimezone(zone)
    if shape.evening or (local.weekday() < 5 and OFFICE[0] <= local.time() < OFFICE[1]):  # noqa: PLR2004
        return moment
    day = local.date() + timedelta(days=1) if local.time() >= OFFICE[0] else local.date()
    while day.weekday() >= 5:  # noqa: PLR2004 - Saturday and Sunday
        day += timedelta(days=1)
    return datetime.combine(day, OFFICE[0], tzinfo=zone) + timedelta(minutes=shape.wait % 90)


def _windows(beats: list[Beat], end: datetime) -> None:
    """Each movable act's window: between its neighbours, on its side of the end and of its deadline."""
    beats.sort(key=lambda beat: beat.at)
    for index, beat in enumerate(beats):
        if beat.act not in MOVABLE:
            continue
        low = beats[index - 1].at + SPAN
        high = beats[index + 1].at - SPAN if index + 1 < len(beats) else beat.at
        if beat.act in (Act.QUESTION, Act.ESCALATE):  # later would crowd what follows
            high = beat.at
        if beat.act == Act.CLOSE:  # two to five days after the resolution: a day either way is fine
            low, high = max(low, beat.at - timedelta(days=1)), beat.at + timedelta(days=1)
        if beat.deadline is not None:
            if beat.late:
                low = max(low, beat.deadline + MINUTE)
            else:
                high = min(high, beat.deadline - 2 * STEP)
        if beat.at + SPAN <= end:
            high = min(high, end - SPAN)
        else:
            low = max(low, end - SPAN + MINUTE)
        beat.low, beat.high = (low, high) if low <= beat.at <= high else (beat.at, beat.at)


def standing(life: Life, end: datetime) -> Standing:
    """The status and SLA state the played acts leave, as tickets.sla_state computes it from sla.clocks."""
    status, priority = Status.NEW, life.plan.priority
    responded = False
    waiting: datetime | None = None  # the customer's unanswered message
    pauses: list[tuple[datetime, datetime | None]] = []
    paused: datetime | None = None
    for beat in life.played(end):
        before = status
        status = _after(beat.act, status)
        if beat.act in AGENT_REPLIES:
            responded, waiting = True, None
        elif beat.act in (Act.ANSWER, Act.REOPEN) and responded and waiting is None:
            waiting = beat.at
        elif beat.act == Act.RAISE:
            priority = max(1, priority - 1)
        moment = beat.at + STEP if beat.act in (Act.QUESTION, Act.RESOLVE, Act.REVIEW) else beat.at
        if status in PAUSED_STATUSES and before not in PAUSED_STATUSES:
            paused = moment
        elif status not in PAUSED_STATUSES and paused is not None:
            pauses.append((paused, moment))
            paused = None
    if status in PAUSED_STATUSES:
        return Standing(status, PAUSED)
    target = life.view.targets[priority]
    share = life.view.policy.warning_percent / 100
    clocks: list[tuple[datetime, float]] = []
    if not responded:
        clocks.append((life.plan.created, target.first_response_minutes))
    if waiting is not None and target.next_response_minutes:
        clocks.append((waiting, target.next_response_minutes))
    clocks.append((life.plan.created, target.resolution_minutes))

    def due(start: datetime, minutes: float) -> datetime:
        return business.add_business_seconds(life.view.calendar, start, minutes * 60, pauses)

    if min(due(start, minutes) for start, minutes in clocks) <= end:
        return Standing(status, BREACHED)
    if min(due(start, minutes * share) for start, minutes in clocks) <= end:
        return Standing(status, AT_RISK)
    return Standing(status, RUNNING)


_NEXT: dict[Act, Callable[[Status], Status]] = {
    Act.ASSIGN: lambda s: Status.PENDING_ACCEPTANCE,
    Act.HANDOVER: lambda s: Status.PENDING_ACCEPTANCE,
    Act.ACCEPT: lambda s: Status.IN_PROGRESS,
    Act.TAKE_OVER: lambda s: Status.IN_PROGRESS,
    Act.QUESTION: lambda s: Status.AWAITING_CUSTOMER,
    Act.ANSWER: lambda s: Status.IN_PROGRESS if s == Status.AWAITING_CUSTOMER else s,
    Act.REOPEN: lambda s: Status.IN_PROGRESS if s == Status.RESOLVED else s,
    Act.REVIEW: lambda s: Status.AWAITING_REVIEW,
    Act.RESOLVE: lambda s: Status.RESOLVED,
    Act.CLOSE: lambda s: Status.CLOSED,
}


def _after(act: Act, status: Status) -> Status:
    step = _NEXT.get(act)
    return step(status) if step else status
