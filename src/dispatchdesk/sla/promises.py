"""What a customer was told to expect at submission (S5), and what such promises taught once answered.

The estimate itself is sla.wait's; dispatch.expected counts the live queue for it. Here are the
promise kept with the ticket and the experience read back from answered tickets: their real
waits in a band of figures (after the anchor, for an anchored figure), the newest first (docs/decisions/0020-wait-calibration.md).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from functools import cache
from typing import cast

from dispatchdesk.sla.models import WaitPromise
from dispatchdesk.sla.wait import ANY, Basis, Estimate, Experience, Similar, lesson
from dispatchdesk.tickets.models import Ticket

EXPERIENCE = 200  # answered tickets per band: recent enough to follow the desk, enough for a 5-95% range
EXPERIENCE_WINDOW = timedelta(days=14)  # older answers describe a desk that has since changed


def promise_record(*, ticket: Ticket, estimate: Estimate, now: datetime) -> None:
    """Keep what the customer is told; the first promise stands (a second call changes nothing).
    One INSERT ... ON CONFLICT DO NOTHING: no read first, and no transaction of its own."""
    basis, figure_band, pickup_band = estimate.similar[0]
    promise = WaitPromise(
        ticket=ticket,
        made_at=now,
        basis=basis,
        figure_s=estimate.figure,
        seconds=estimate.seconds,
        low_s=estimate.low,
        high_s=estimate.high,
        figure_band=figure_band,
        pickup_band=pickup_band,
    )
    WaitPromise.objects.bulk_create([promise], ignore_conflicts=True)


def promised(ticket: Ticket) -> tuple[Estimate, datetime] | None:
    """The promise made at submission and when it was made, if one was."""
    promise = WaitPromise.objects.filter(ticket=ticket).first()
    if promise is None:
        return None
    basis = cast(Basis, promise.basis)
    similar = ((basis, promise.figure_band, promise.pickup_band), (basis, promise.figure_band, ANY))
    estimate = Estimate(promise.seconds, promise.low_s, promise.high_s, basis, promise.figure_s, similar)
    return estimate, promise.made_at


def experience(now: datetime) -> Experience:
    """What tickets answered lately taught, per band, newest first (sla.wait.lesson: their waits from
    creation to first response, in seconds); each band is read once, and only if the estimate asks."""

    @cache
    def waits_in(band: Similar) -> Sequence[float]:
        basis, figure_band, pickup_band = band
        answered = WaitPromise.objects.filter(
            basis=basis, figure_band=figure_band, ticket__first_response_at__gte=now - EXPERIENCE_WINDOW
        )
        if pickup_band != ANY:
            answered = answered.filter(pickup_band=pickup_band)
        rows = answered.order_by("-ticket__first_response_at").values_list(
            "figure_s", "ticket__created_at", "ticket__first_response_at"
        )[:EXPERIENCE]
        return [
            lesson(basis, figure, max((answered_at - created).total_seconds(), 0.0))
            for figure, created, answered_at in rows
            if answered_at
        ]

    return waits_in
