"""Draw what each demo ticket is: when, from whom, about what, and the shape of its story.

Every draw comes from a per-ticket generator seeded with (seed, index): what a ticket is (customer,
topic, channel, priority, tags) and the shape of its story do not depend on the day it is loaded.
When it arrived does (tickets arrive mostly on working days, in office hours), and so does how far
its story has got by now (demo.schedule).
"""

import random
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from dispatchdesk.demo import catalogue, texts
from dispatchdesk.demo.company import Company, Customer
from dispatchdesk.demo.topics import TOPICS, Bilingual, Topic
from dispatchdesk.tickets.models import Channel

DAYS = 30
MINUTES_PER_DAY = 24 * 60
CHANNEL_WEIGHTS = {Channel.EMAIL: 40, Channel.WEB: 25, Channel.PHONE: 15, Channel.CHAT: 12, Channel.API: 8}
PRIORITY_WEIGHTS = {1: 4, 2: 18, 3: 58, 4: 20}
GERMAN_CITY_NAMES = {"Munich": "München"}
EXTRA_TAGS = ("follow-up", "known-issue", "recurring", "onsite", "remote-work")
# The customers are businesses: of the tickets drawn on a Saturday or Sunday only this share stays
# there (alerts, the odd email); the others move to the nearest working day.
WEEKEND_STAYS = 0.2
# A well-run desk misses a few targets: the share of tickets answered, and resolved, late.
LATE_FIRST = {False: 0.06, True: 0.03}  # by VIP
LATE_RESOLUTION = {False: 0.07, True: 0.04}


@dataclass(slots=True)
class Shape:
    """How a ticket's story goes, as shares of its SLA targets and flags; demo.schedule times it.

    The uniform draws are kept, so the steering can turn a late answer into a timely one (or back)
    without drawing again.
    """

    first_u: float
    first_late: bool
    resolution_u: float
    resolution_late: bool
    assign_delay: float  # minutes the group's dispatch mode takes, before the cap the target sets
    accept: float  # where acceptance falls between assignment and first reply (share)
    note: float | None  # positions (shares of the way from first reply to resolution) ...
    raised: float | None  # ... of an internal note, a raised priority, an escalation to L2
    escalated: float | None
    question: float | None  # ... and of a question to the customer
    wait: float  # minutes the customer takes to answer
    evening: bool  # the customer answers whenever; else in office hours
    follow_up: float  # share of the next-response target before the agent answers the customer
    review: float | None  # minutes before resolution that the fix goes to review
    reopened: float | None  # minutes after resolution that the customer writes again
    rated: float | None  # minutes after resolution that the customer rates the work
    closed: float  # days after resolution that the ticket is closed
    held: bool = False  # still being worked on now, past its resolution target (demo.steering)

    @property
    def first(self) -> float:
        """Share of the first-response target used (above 1: late)."""
        return 1.1 + 0.9 * self.first_u if self.first_late else 0.15 + 0.7 * self.first_u

    @property
    def resolution(self) -> float:
        return 1.05 + 0.45 * self.resolution_u if self.resolution_late else 0.15 + 0.7 * self.resolution_u

    def plain(self) -> None:
        """No detours: answered and resolved in time, no question, review, escalation, reopening."""
        self.first_late = self.resolution_late = False
        self.raised = self.escalated = self.question = self.review = self.reopened = None


@dataclass(slots=True)
class TicketPlan:
    index: int
    rng: random.Random
    created: datetime
    customer: Customer
    topic: Topic
    channel: str
    priority: int
    tags: list[str]
    shape: Shape
    values: dict[str, str] = field(default_factory=dict)

    @property
    def language(self) -> str:
        return self.customer.contact.language

    def text(self, pair: Bilingual, **extra: str) -> str:
        """The English or German version, placeholders filled."""
        if self.language == "de":
            city = self.values["city"]
            return pair[1].format_map({**self.values, "city": GERMAN_CITY_NAMES.get(city, city), **extra})
        return pair[0].format_map({**self.values, **extra})


def plans_draw(*, seed: int, count: int, company: Company, end: datetime) -> list[TicketPlan]:
    """`count` plans, oldest first."""
    plans = [_plan_draw(seed, index, company, end) for index in range(count)]
    plans.sort(key=lambda plan: (plan.created, plan.index))
    return plans


def _plan_draw(seed: int, index: int, company: Company, end: datetime) -> TicketPlan:
    rng = random.Random(f"dispatchdesk-demo:{seed}:{index}")
    day = rng.randrange(DAYS)
    minute = _minute_of_day(rng)
    stays = rng.random() < WEEKEND_STAYS
    # Portal logins write more often, so their portal has something to show.
    customer = rng.choices(
        company.customers, weights=[4 if c.user.has_usable_password() else 1 for c in company.customers]
    )[0]
    topic = rng.choice(TOPICS)
    plan = TicketPlan(
        index=index,
        rng=rng,
        created=_moment(day, minute, end, weekend_stays=stays),
        customer=customer,
        topic=topic,
        channel=topic.channel or rng.choices(list(CHANNEL_WEIGHTS), weights=list(CHANNEL_WEIGHTS.values()))[0],
        priority=_priority(rng, topic, customer),
        tags=_tags(rng, topic, customer),
        shape=_shape(rng, customer.vip),
    )
    plan.values = _placeholders(rng, customer)
    return plan


def _shape(rng: random.Random, vip: bool) -> Shape:
    def maybe(chance: float, low: float, high: float) -> float | None:
        drawn = rng.random() < chance
        value = rng.uniform(low, high)  # drawn either way, so each draw keeps its place in the sequence
        return value if drawn else None

    return Shape(
        first_u=rng.random(),
        first_late=rng.random() < LATE_FIRST[vip],
        resolution_u=rng.random(),
        resolution_late=rng.random() < LATE_RESOLUTION[vip],
        assign_delay=rng.uniform(0, 1),
        accept=rng.uniform(0.15, 0.7),
        note=maybe(0.3, 0.1, 0.6),
        raised=maybe(0.08, 0.02, 0.2),
        escalated=maybe(0.08, 0.1, 0.4),
        question=maybe(0.33, 0.1, 0.5),
        wait=rng.uniform(20, 600) if rng.random() < 0.7 else rng.uniform(600, 2880),  # noqa: PLR2004
        evening=rng.random() < 0.2,  # noqa: PLR2004
        follow_up=rng.uniform(0.15, 0.7),
        review=maybe(0.1, 30, 300),
        reopened=maybe(0.1, 240, 2880),
        rated=maybe(0.4, 60, 1200),
        closed=rng.uniform(2, 5),
    )


def _minute_of_day(rng: random.Random) -> int:
    # Three in four tickets arrive in office hours; alerts and late emails come any time.
    if rng.random() < 0.75:  # noqa: PLR2004 - share of tickets in office hours
        return rng.randint(7 * 60 + 30, 18 * 60 + 30)
    return rng.randrange(MINUTES_PER_DAY)


def _priority(rng: random.Random, topic: Topic, customer: Customer) -> int:
    if topic.channel == Channel.ALERT:
        return rng.choice((1, 2))
    priority = rng.choices(list(PRIORITY_WEIGHTS), weights=list(PRIORITY_WEIGHTS.values()))[0]
    if customer.vip and priority > 1 and rng.random() < 0.5:  # noqa: PLR2004 - VIPs often get a step up
        priority -= 1
    return priority


def _tags(rng: random.Random, topic: Topic, customer: Customer) -> list[str]:
    category = next(spec for spec in catalogue.CATEGORIES if spec.slug == topic.category)
    tags = list(category.tags)
    if customer.vip:
        tags.append("vip")
    if rng.random() < 0.2:  # noqa: PLR2004 - one ticket in five carries an extra tag
        tags.append(rng.choice(EXTRA_TAGS))
    return tags


def _placeholders(rng: random.Random, customer: Customer) -> dict[str, str]:
    city = customer.region.name
    return {
        "city": city,
        "device": f"{city[:3].upper()}-{rng.randint(1000, 9999)}",
        "app": rng.choice(texts.APPS),
        "invoice": f"INV-{rng.randint(40000, 49999)}",
        "amount": str(rng.randrange(80, 4800, 5)),
        "time": f"{rng.randint(7, 16):02d}:{rng.choice(('00', '15', '30', '45'))}",
    }


def _moment(day: int, minute: int, end: datetime, *, weekend_stays: bool) -> datetime:
    """Local wall-clock time `minute` on the day `day` days before `end`, within the 30 days before it.

    A Saturday moves to the Friday and a Sunday to the Monday unless `weekend_stays` (or that day is
    not in the window); a moment later today than `end` moves back four weeks, to the same weekday.
    """
    zone = ZoneInfo(catalogue.TIME_ZONE)
    today = end.astimezone(zone).date()
    date = today - timedelta(days=day)
    if date.weekday() >= 5 and not weekend_stays:  # noqa: PLR2004 - Saturday and Sunday
        nearest = date - timedelta(days=1) if date.weekday() == 5 else date + timedelta(days=1)  # noqa: PLR2004
        other = nearest - timedelta(days=3) if nearest.weekday() == 0 else nearest + timedelta(days=3)  # Fri <-> Mon
        date = nearest if today - timedelta(days=DAYS - 1) <= nearest <= today else other
    moment = datetime.combine(date, time(0), tzinfo=zone) + timedelta(minutes=minute)
    if moment > end - timedelta(minutes=2):
        moment -= timedelta(weeks=4)
    return moment
