"""A call event as the telephony system posts it, read into an `IncomingCallEvent`:

    {"call_id": "c-81", "event": "ringing" | "answered" | "ended" | "missed",
     "from": "+49 30 1234567", "to": "+49 30 9999", "agent": "alice" (username or email),
     "at": "2026-12-03T14:05:00Z", "duration": 312 (seconds, for "ended")}

Anything else is refused whole (DomainError, 400) with a message saying what is wrong.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.utils.translation import gettext as _

from dispatchdesk.common.errors import DomainError
from dispatchdesk.intake.models import CallEvent

MAX_ID, MAX_NUMBER, MAX_AGENT = 128, 64, 254
MAX_DURATION = 7 * 24 * 3600  # a week: anything longer is a broken counter


@dataclass(frozen=True)
class IncomingCallEvent:
    call_id: str
    event: CallEvent
    caller: str
    dialled: str
    agent: str
    at: datetime
    duration: int | None


def parse(data: object) -> IncomingCallEvent:
    if not isinstance(data, dict):
        raise refused(_("The payload is not a JSON object."))
    event = data.get("event")
    if event not in CallEvent.values:
        raise refused(
            _("Unknown event %(event)s: it must be ringing, answered, ended or missed.") % {"event": repr(event)}
        )
    return IncomingCallEvent(
        call_id=_text(data, "call_id", MAX_ID, required=True),
        event=CallEvent(event),
        caller=_text(data, "from", MAX_NUMBER, required=True),
        dialled=_text(data, "to", MAX_NUMBER),
        agent=_text(data, "agent", MAX_AGENT),
        at=_moment(data.get("at")),
        duration=_duration(data.get("duration")),
    )


def refused(message: str) -> DomainError:
    return DomainError(message, code="invalid_call_event", status=400)


def _text(data: dict[str, Any], field: str, limit: int, *, required: bool = False) -> str:
    value = data.get(field, "")
    if value is None:
        value = ""
    if not isinstance(value, str) or len(value) > limit or (required and not value.strip()):
        raise refused(_("%(field)s must be text of 1 to %(limit)d characters.") % {"field": field, "limit": limit})
    return value.strip()


def _moment(value: object) -> datetime:
    try:
        moment = datetime.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        moment = None
    if moment is None or moment.tzinfo is None:
        raise refused(_("at must be a moment with its time zone, like 2026-12-03T14:05:00Z."))
    return moment


def _duration(value: object) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= MAX_DURATION:
        raise refused(_("duration must be a whole number of seconds."))
    return value
