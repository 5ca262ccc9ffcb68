"""The one clock services read, so demo data and replays can write history at a chosen time."""

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone

_frozen: ContextVar[datetime | None] = ContextVar("dispatchdesk_frozen_now", default=None)


def now() -> datetime:
    return _frozen.get() or timezone.now()


@contextmanager
def frozen_at(moment: datetime) -> Iterator[None]:
    """Make `now()` answer `moment` inside the block (used by the demo data loader)."""
    if timezone.is_naive(moment):
        raise ValueError("frozen_at needs an aware datetime")
    token = _frozen.set(moment)
    try:
        yield
    finally:
        _frozen.reset(token)


def desk_zone() -> ZoneInfo:
    """The desk's time zone (settings.TIME_ZONE): where "today" begins and ends in reports and filters."""
    return ZoneInfo(settings.TIME_ZONE)


def desk_today() -> date:
    return now().astimezone(desk_zone()).date()


def desk_day(day: date) -> tuple[datetime, datetime]:
    """The half-open span [start, end) of one day in the desk's time zone (23 or 25 hours on a DST change)."""
    zone = desk_zone()
    start = datetime.combine(day, time(), tzinfo=zone)
    end = datetime.combine(day + timedelta(days=1), time(), tzinfo=zone)
    return start, end
