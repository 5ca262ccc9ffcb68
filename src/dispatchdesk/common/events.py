"""Domain events: how a lower layer tells the layers above it what happened (docs/decisions/0012-layers.md).

A lower app defines its events as frozen dataclasses in its `events.py` and publishes them; a
higher app subscribes in its `AppConfig.ready`. The lower app never learns who listens, so it
never imports upward. Each subscription says when the handler runs:

- `Phase.IN_TRANSACTION`: now, inside the publisher's transaction, for writes that must commit or
  roll back with the change itself (an SLA clock moving with its event, a notification row with
  the assignment it announces).
- `Phase.AFTER_COMMIT`: once the publisher's transaction has committed (at once outside one), for
  work that must see the change and must not undo it if it fails (dispatching, queueing email).

Handlers run in subscription order; an exception in an in-transaction handler rolls the change back.
"""

from __future__ import annotations

import enum
from collections import defaultdict
from collections.abc import Callable
from functools import partial
from typing import Any, TypeVar

from django.db import transaction


class Event:
    """Base of every domain event (each one a frozen dataclass)."""


E = TypeVar("E", bound=Event)


class Phase(enum.Enum):
    IN_TRANSACTION = "in_transaction"
    AFTER_COMMIT = "after_commit"


Handler = Callable[[Any], None]
_handlers: dict[tuple[type[Event], Phase], list[Handler]] = defaultdict(list)


def subscribe(event_type: type[E], handler: Callable[[E], None], *, phase: Phase) -> None:
    """Call `handler` with every `event_type` published from now on; subscribing twice is harmless."""
    handlers = _handlers[event_type, phase]
    if handler not in handlers:
        handlers.append(handler)


def publish(event: Event) -> None:
    for handler in _handlers.get((type(event), Phase.IN_TRANSACTION), ()):
        handler(event)
    for handler in _handlers.get((type(event), Phase.AFTER_COMMIT), ()):
        transaction.on_commit(partial(handler, event))


def subscribers(event_type: type[Event], phase: Phase) -> list[Handler]:
    """Who listens to `event_type` in `phase` (for tests and the layering docs)."""
    return list(_handlers.get((event_type, phase), ()))
