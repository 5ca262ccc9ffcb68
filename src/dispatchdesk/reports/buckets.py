"""Time buckets for trends: days for ranges up to 31 days, else weeks (Monday), in the desk's time zone."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from django.db.models.functions import TruncDay, TruncWeek

from dispatchdesk.common import clock
from dispatchdesk.reports.query import ReportQuery

DAILY_UP_TO = 31


def weekly(query: ReportQuery) -> bool:
    return query.days > DAILY_UP_TO


def trunc(query: ReportQuery, field: str) -> Any:
    """The database expression for a moment's bucket (a date)."""
    kind = TruncWeek if weekly(query) else TruncDay
    return kind(field, tzinfo=clock.desk_zone())


def bucket_of(query: ReportQuery, day: date) -> date:
    return day - timedelta(days=day.weekday()) if weekly(query) else day


def buckets(query: ReportQuery) -> list[date]:
    """Every bucket of the range, in order, so empty ones show as zero."""
    step = timedelta(days=7 if weekly(query) else 1)
    first, found = bucket_of(query, query.start), []
    while first <= query.end:
        found.append(first)
        first += step
    return found


def as_date(value: Any) -> date:
    """A Trunc result is a datetime on PostgreSQL and SQLite alike (DateTimeField output): its date."""
    if isinstance(value, datetime):
        return value.astimezone(clock.desk_zone()).date()
    day: date = value
    return day
