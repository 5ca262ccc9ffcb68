"""End the demo's history as a well-run desk's day, by drawing a few tickets' lives again.

Where each life stands at the end is known before it is played (demo.schedule.standing), so the
loader can see the day the month would end in and change a few stories: nothing late still
pending, one or two tickets breached, a handful at risk, every status present.
"""

import random
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta

from dispatchdesk.accounts.models import DispatchMode
from dispatchdesk.demo.plan import Shape, TicketPlan
from dispatchdesk.demo.schedule import Life, Standing, standing
from dispatchdesk.sla import calendar as business
from dispatchdesk.sla.config import PolicyView
from dispatchdesk.tickets.models import OPEN_STATUSES, Status
from dispatchdesk.tickets.sla_state import AT_RISK, BREACHED, PAUSED, RUNNING

HEALTHY_AT_RISK = (3, 5)  # tickets at risk when the history ends, as a well-run desk has
OPEN_PER_BREACH = 30  # and one or two breached: about one in this many open tickets


@dataclass(slots=True)
class _Desk:
    lives: list[Life]
    end: datetime
    draw: Callable[[TicketPlan], Life]
    kept: set[int] = field(default_factory=set)  # lives the steering has settled

    def attempt(self, index: int, shape: Shape, created: datetime | None = None) -> Life:
        """The life drawn again with another shape (and arrival); the desk keeps it only if told to."""
        plan = self.lives[index].plan
        return self.draw(replace(plan, shape=shape, created=created or plan.created))

    def keep(self, index: int, life: Life) -> None:
        self.lives[index] = life
        self.kept.add(index)

    def standings(self) -> list[Standing]:
        return [standing(life, self.end) for life in self.lives]


def lives_steer(lives: list[Life], *, end: datetime, rng: random.Random, draw: Callable[[TicketPlan], Life]) -> None:
    """End the history as a healthy desk's day, by drawing a few tickets' lives again (in place).

    1. A late answer or resolution that would still be pending now becomes a timely one: what was
       late is history, except for
    2. one or two tickets of standard customers (one per 30 open), still in progress past their
       resolution target;
    3. a handful at risk (three to five, counting those that are anyway);
    4. every status present, and a fresh ticket waiting for a dispatcher to confirm the engine's
       proposal, so each screen has something to show.
    """
    desk = _Desk(lives, end, draw)
    for index, life in enumerate(desk.lives):
        if standing(life, end).sla == BREACHED:
            shape = replace(life.plan.shape, first_late=False, resolution_late=False)
            desk.lives[index] = desk.attempt(index, shape)
    backlog = sum(1 for s in desk.standings() if s.status in OPEN_STATUSES)
    _breach(desk, min(max(round(backlog / OPEN_PER_BREACH), 1), 2))
    _at_risk(desk, rng.randint(*HEALTHY_AT_RISK), rng)
    _every_status(desk)


def _breach(desk: _Desk, wanted: int) -> None:
    """The standard customers' tickets whose resolution target passed most recently stay in progress."""
    end = desk.end
    candidates = []
    for index, life in enumerate(desk.lives):
        if life.plan.customer.vip:  # VIPs are served in time
            continue
        minutes = life.view.targets[life.plan.priority].resolution_minutes
        deadline = business.add_business_seconds(life.view.calendar, life.plan.created, minutes * 60)
        if end - timedelta(days=3) <= deadline <= end - timedelta(minutes=30):
            candidates.append((deadline, index))
    for _deadline, index in sorted(candidates, reverse=True):
        if wanted == 0:
            return
        shape = replace(desk.lives[index].plan.shape)
        shape.plain()
        shape.held = True
        life = desk.attempt(index, shape)
        if standing(life, end) == Standing(Status.IN_PROGRESS, BREACHED):
            desk.keep(index, life)
            wanted -= 1


def _at_risk(desk: _Desk, wanted: int, rng: random.Random) -> None:
    """Tickets moved to arrive so that 77-83 % of their resolution target has run, and resolved later
    (in time), until `wanted` are at risk."""
    end = desk.end
    standings = desk.standings()
    for index, now in enumerate(standings):
        if now.sla == AT_RISK:  # at risk anyway: counted, and left so
            desk.kept.add(index)
            wanted -= 1
    order = [index for index, now in enumerate(standings) if now.status == Status.CLOSED]
    rng.shuffle(order)
    for index in order:
        if wanted <= 0:
            return
        life = desk.lives[index]
        used = 0.77 + 0.06 * rng.random()
        target = life.view.targets[life.plan.priority].resolution_minutes
        arrived = _arrival(life.view, used * target, end)
        shape = replace(life.plan.shape)
        shape.plain()
        shape.resolution_u = (used + (0.85 - used) * 0.6 - 0.15) / 0.7
        changed = desk.attempt(index, shape, created=arrived)
        if standing(changed, end) == Standing(Status.IN_PROGRESS, AT_RISK):
            desk.keep(index, changed)
            wanted -= 1


def _arrival(view: PolicyView, minutes: float, end: datetime) -> datetime:
    """The arrival by which `minutes` of business time have run at `end` (to the second)."""
    early, late = end - timedelta(days=60), end
    while late - early > timedelta(seconds=1):
        middle = early + (late - early) / 2
        if business.business_seconds(view.calendar, middle, end) > minutes * 60:
            early = middle
        else:
            late = middle
    return late


def _every_status(desk: _Desk) -> None:
    reviewed = [  # not a VIP's: theirs are never left waiting
        i for i, life in enumerate(desk.lives) if life.mode == DispatchMode.REVIEW and not life.plan.customer.vip
    ]
    standings = desk.standings()
    if not any(standings[i].status == Status.NEW for i in reviewed):
        _force(desk, Status.NEW, among=reviewed)
    for status in Status:
        standings = desk.standings()
        counts = Counter(s.status for s in standings)
        if not counts[status]:
            _force(desk, status, among=[i for i, s in enumerate(standings) if counts[s.status] > 1])


# Minutes before the end at which a ticket given a status may have arrived, tried in this order.
_AGES = (8, 12, 20, 40, 60, 90, 120, 180, 240, 360, 480, 720, 1080, 1440, 2160, 2880, 4320, 7200, 10080, 20160)


def _force(desk: _Desk, status: Status, *, among: list[int]) -> None:
    """Give `status` to one of `among`, newest first, by moving its arrival; never breached."""
    for index in sorted(among, key=lambda i: desk.lives[i].plan.created, reverse=True):
        if index in desk.kept:
            continue
        shape = replace(desk.lives[index].plan.shape)
        shape.plain()
        if status == Status.AWAITING_CUSTOMER:
            shape.question, shape.wait, shape.evening = 0.3, 3000.0, True
        if status == Status.AWAITING_REVIEW:
            shape.review = 300.0
        for minutes in _AGES:
            changed = desk.attempt(index, shape, created=desk.end - timedelta(minutes=minutes))
            if standing(changed, desk.end) in (Standing(status, RUNNING), Standing(status, PAUSED)):
                desk.keep(index, changed)
                return
