"""Form fields in a manager's words: "08:00-12:00, 13:00-17:00", "4 h", "2026-12-24 Christmas Eve"."""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date, datetime, time
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from dispatchdesk.sla.services import DayException, Window

WINDOW = re.compile(r"^(\d{1,2}:\d{2})\s*[-–]\s*(\d{1,2}:\d{2})$")  # noqa: RUF001 - people type both dashes
DAY_LINE = re.compile(r"^(\d{4}-\d{2}-\d{2})(?:\s+(\d{1,2}:\d{2}\s*[-–]\s*\d{1,2}:\d{2}))?(?:\s+(.*))?$")  # noqa: RUF001
MINUTES = re.compile(r"^(\d+(?:[.,]\d+)?)\s*(m|min|h|d)?$", re.IGNORECASE)
MINUTES_PER = {"": 1, "m": 1, "min": 1, "h": 60, "d": 24 * 60}


def _clock(text: str) -> time:
    try:
        return datetime.strptime(text, "%H:%M").time()  # noqa: DTZ007 - a time of day, no date
    except ValueError:
        raise forms.ValidationError(_("%(value)s is not a time of day."), params={"value": text}) from None


def parse_window(text: str) -> Window:
    match = WINDOW.match(text.strip())
    if match is None:
        raise forms.ValidationError(_("Write hours as 08:00-17:00."))
    return _clock(match.group(1)), _clock(match.group(2))


def show_windows(windows: Iterable[tuple[time, time]]) -> str:
    return ", ".join(f"{opens:%H:%M}-{closes:%H:%M}" for opens, closes in windows)


class WindowsField(forms.CharField):
    """One weekday's hours: "08:00-12:00, 13:00-17:00"; empty means none (closed, or no shift)."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("required", False)
        kwargs.setdefault(
            "widget", forms.TextInput(attrs={"placeholder": "08:00-17:00", "class": "form-control form-control-sm"})
        )
        super().__init__(**kwargs)

    def to_python(self, value: Any) -> list[Window]:  # type: ignore[override]
        text = super().to_python(value) or ""
        return [parse_window(part) for part in text.split(",") if part.strip()]


class MinutesField(forms.CharField):
    """A target in business minutes, typed as "90", "90 min", "4 h" or "2 d"."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault(
            "widget", forms.TextInput(attrs={"placeholder": "4 h", "class": "form-control form-control-sm"})
        )
        super().__init__(**kwargs)

    def to_python(self, value: Any) -> int | None:  # type: ignore[override]
        text = (super().to_python(value) or "").strip()
        if not text:
            return None
        match = MINUTES.match(text)
        if match is None:
            raise forms.ValidationError(_("Write a span such as 30 min, 4 h or 2 d."))
        number = float(match.group(1).replace(",", "."))
        return round(number * MINUTES_PER[(match.group(2) or "").lower()])

    def prepare_value(self, value: Any) -> Any:
        return show_minutes(value) if isinstance(value, int) else value


def show_minutes(minutes: int) -> str:
    if minutes % (24 * 60) == 0:
        return f"{minutes // (24 * 60)} d"
    if minutes % 60 == 0:
        return f"{minutes // 60} h"
    return f"{minutes} min"


class DayExceptionsField(forms.CharField):
    """One date a line: "2026-12-24 Christmas Eve" (closed) or "2026-12-31 09:00-13:00 New Year's Eve"."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("required", False)
        kwargs.setdefault("widget", forms.Textarea(attrs={"rows": 5, "class": "form-control font-monospace"}))
        super().__init__(**kwargs)

    def to_python(self, value: Any) -> list[DayException]:  # type: ignore[override]
        lines = [line.strip() for line in (super().to_python(value) or "").splitlines()]
        return [self._line(line) for line in lines if line]

    @staticmethod
    def _line(line: str) -> DayException:
        match = DAY_LINE.match(line)
        if match is None:
            raise forms.ValidationError(
                _("“%(line)s”: start each line with a date, e.g. 2026-12-24."), params={"line": line}
            )
        try:
            day = date.fromisoformat(match.group(1))
        except ValueError:
            raise forms.ValidationError(_("%(value)s is not a date."), params={"value": match.group(1)}) from None
        window = parse_window(match.group(2)) if match.group(2) else None
        return DayException(date=day, window=window, note=(match.group(3) or "").strip())


def show_exceptions(rows: Iterable[Any]) -> str:
    """CalendarException rows as the field reads them."""
    lines = []
    for row in rows:
        hours = f" {row.opens:%H:%M}-{row.closes:%H:%M}" if row.opens is not None else ""
        lines.append(f"{row.date.isoformat()}{hours} {row.note}".rstrip())
    return "\n".join(lines)
