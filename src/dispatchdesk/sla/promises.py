"""What a customer was told to expect at submission (S5), and what such promises taught once answered.

The estimate itself is sla.wait's; dispatch.expected counts the live queue for it. Here are the
promise kept with the ticket and the experience read back from answered tickets: their real
waits, by the bands their figures fell in, the newest first (docs/decisions/0020-wait-calibration.md).
"""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime, timedelta
from typing import cast

from dispatchdesk.sla.models import WaitPromise
from dispatchdesk.sla.wait import Basis, Estimate, Similar
from dispatchdesk.tickets.models import Ticket

EXPERIENCE = 200  # answered tickets per band: recent enough to follow the desk, enough for a 5-95% range
EXPERIENCE_WINDOW = timedelta(days=14)  # older answers describe a desk that has since changed
EXPERIENCE_ROWS = 20_000  # read at most this many answered promises, the newest first


def promise_record(*, ticket: Ticket, estimate: Estimate, now: datetime) -> WaitPromise:
    """Keep what the customer is told; the first promise stands (a resubmitted event changes nothing)."""
    promise, _ = WaitPromise.objects.get_or_create(
        ticket=ticket,
        defaults={
            "made_at": now,
            "basis": estimate.basis,
            "figure_s": estimate.figure,
            "seconds": estimate.seconds,
            "low_s": estimate.low,
            "high_s": estimate.high,
            "bands": [list(band) for band in estimate.similar],
        },
    )
    return promise


def promised(ticket: Ticket) -> tuple[Estimate, datetime] | None:
    """The promise made at submission and when it was made, if one was."""
    promise = WaitPromise.objects.filter(ticket=ticket).first()
    if promise is None:
        return None
    basis = cast(Basis, promise.basis)
    estimate = Estimate(promise.seconds, promise.low_s, promise.high_s, basis, promise.figure_s, _bands(promise.bands))
    return estimate, promise.made_at


def experience(now: datetime) -> dict[Similar, list[float]]:
    """Waits (creation to first response, seconds) of recently answered tickets by band, newest first."""
    answered = (
        WaitPromise.objects.filter(ticket__first_response_at__gte=now - EXPERIENCE_WINDOW)
        .order_by("-ticket__first_response_at")
        .values_list("bands", "ticket__created_at", "ticket__first_response_at")[:EXPERIENCE_ROWS]
    )
    waits: dict[Similar, list[float]] = defaultdict(list)
    for bands, created, answered_at in answered:
        if answered_at is None:  # excluded by the filter; for the type checker
            continue
        for band in _bands(bands):
            if len(waits[band]) < EXPERIENCE:
                waits[band].append(max((answered_at - created).total_seconds(), 0.0))
    return dict(waits)


def _bands(stored: list[list[object]]) -> tuple[Similar, ...]:
    return tuple(
        (cast(Basis, basis), int(cast(int, figure)), int(cast(int, pickup))) for basis, figure, pickup in stored
    )
