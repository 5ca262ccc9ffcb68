"""Draw what each demo ticket is: when, from whom, about what, and where its story ends.

Every draw comes from a per-ticket generator seeded with (seed, index), and nothing drawn
depends on today's date, so the same seed gives the same tickets whenever it is loaded.
"""

import random
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from dispatchdesk.demo import catalogue, texts
from dispatchdesk.demo.company import Company, Customer
from dispatchdesk.demo.topics import TOPICS, Bilingual, Topic
from dispatchdesk.tickets.models import OPEN_STATUSES, Channel, Status

DAYS = 30
MINUTES_PER_DAY = 24 * 60
CHANNEL_WEIGHTS = {Channel.EMAIL: 40, Channel.WEB: 25, Channel.PHONE: 15, Channel.CHAT: 12, Channel.API: 8}
PRIORITY_WEIGHTS = {1: 4, 2: 18, 3: 58, 4: 20}
GERMAN_CITY_NAMES = {"Munich": "München"}
EXTRA_TAGS = ("follow-up", "known-issue", "recurring", "onsite", "remote-work")
# How a ticket's story most likely ends, by its age in days: recent work is open, old work closed.
STATUS_WEIGHTS_BY_AGE: tuple[tuple[int, dict[Status, int]], ...] = (
    (1, {Status.NEW: 40, Status.PENDING_ACCEPTANCE: 20, Status.IN_PROGRESS: 25, Status.AWAITING_CUSTOMER: 8,
         Status.AWAITING_REVIEW: 5, Status.RESOLVED: 2, Status.CLOSED: 0}),
    (3, {Status.NEW: 12, Status.PENDING_ACCEPTANCE: 8, Status.IN_PROGRESS: 25, Status.AWAITING_CUSTOMER: 15,
         Status.AWAITING_REVIEW: 10, Status.RESOLVED: 20, Status.CLOSED: 10}),
    (7, {Status.NEW: 3, Status.PENDING_ACCEPTANCE: 2, Status.IN_PROGRESS: 10, Status.AWAITING_CUSTOMER: 8,
         Status.AWAITING_REVIEW: 5, Status.RESOLVED: 22, Status.CLOSED: 50}),
    (DAYS, {Status.NEW: 1, Status.PENDING_ACCEPTANCE: 0, Status.IN_PROGRESS: 2, Status.AWAITING_CUSTOMER: 2,
            Status.AWAITING_REVIEW: 1, Status.RESOLVED: 4, Status.CLOSED: 90}),
)  # fmt: skip


@dataclass(slots=True)
class TicketPlan:
    index: int
    rng: random.Random
    day: int  # days before today
    minute: int  # local minute of that day
    created: datetime
    customer: Customer
    topic: Topic
    status: Status
    channel: str
    priority: int
    tags: list[str]
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
    """`count` plans, oldest first, every status present at least once (count >= 7)."""
    plans = [_plan_draw(seed, index, company, end) for index in range(count)]
    _cover_every_status(plans)
    # By the draws, not the moments: squeezing today's tickets must not change their order.
    plans.sort(key=lambda plan: (-plan.day, plan.minute, plan.index))
    return plans


def _plan_draw(seed: int, index: int, company: Company, end: datetime) -> TicketPlan:
    rng = random.Random(f"dispatchdesk-demo:{seed}:{index}")
    day = rng.randrange(DAYS)
    minute = _minute_of_day(rng)
    # Portal logins write more often, so their portal has something to show.
    customer = rng.choices(
        company.customers, weights=[4 if c.user.has_usable_password() else 1 for c in company.customers]
    )[0]
    topic = rng.choice(TOPICS)
    ages = next(weights for limit, weights in STATUS_WEIGHTS_BY_AGE if day < limit)
    status = rng.choices(list(ages), weights=list(ages.values()))[0]
    plan = TicketPlan(
        index=index,
        rng=rng,
        day=day,
        minute=minute,
        created=_moment(day, minute, end),
        customer=customer,
        topic=topic,
        status=status,
        channel=topic.channel or rng.choices(list(CHANNEL_WEIGHTS), weights=list(CHANNEL_WEIGHTS.values()))[0],
        priority=_priority(rng, topic, customer),
        tags=_tags(rng, topic, customer),
    )
    plan.values = _placeholders(rng, customer)
    return plan


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


def _cover_every_status(plans: list[TicketPlan]) -> None:
    """Give each missing status to a ticket whose status is common: the newest for open ones, the oldest else."""
    counts = Counter(plan.status for plan in plans)
    for status in Status:
        if counts[status]:
            continue
        newest_first = status in OPEN_STATUSES
        candidates = sorted(
            (plan for plan in plans if counts[plan.status] > 1),
            key=lambda plan: (plan.day if newest_first else -plan.day, plan.index),
        )
        donor = candidates[0]
        counts[donor.status] -= 1
        donor.status = status
        counts[status] += 1


def _moment(day: int, minute: int, end: datetime) -> datetime:
    """Local wall-clock time `minute` on the day `day` days before `end`; today's are squeezed before `end`."""
    zone = ZoneInfo(catalogue.TIME_ZONE)
    today = end.astimezone(zone).date()
    midnight = datetime.combine(today - timedelta(days=day), time(0), tzinfo=zone)
    moment = midnight + timedelta(minutes=minute)
    latest = end - timedelta(minutes=2)
    if moment > latest:
        # Keep the order of today's tickets while fitting them between midnight and now.
        moment = midnight + (latest - midnight) * (minute / MINUTES_PER_DAY)
    return moment
