"""The only writers of assets: readings in (checked, converted, idempotent), inspections out ahead
of a predicted failure, and preventive maintenance tickets from schedules (docs/decisions/0048)."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext as _

from dispatchdesk.accounts.models import User
from dispatchdesk.accounts.permissions import may_use_desk
from dispatchdesk.assets import forecast
from dispatchdesk.assets.chart import chart_png
from dispatchdesk.assets.models import Asset, Inspection, Measure, Reading, Schedule, Watch
from dispatchdesk.assets.selectors import history_since, series
from dispatchdesk.common import clock
from dispatchdesk.common.durations import duration
from dispatchdesk.common.errors import DomainError
from dispatchdesk.customers.sync import RowError, RowsRefusedError
from dispatchdesk.intake.services import ticket_submit
from dispatchdesk.tickets.models import Channel, Priority

logger = logging.getLogger(__name__)

FUTURE_TOLERANCE = timedelta(minutes=5)  # clocks drift: a reading this far ahead is still accepted
SETTINGS = forecast.Settings()
HISTORY_DAYS = SETTINGS.window_days + SETTINGS.stale_days


@dataclass(frozen=True)
class ReadingInput:
    measure: str
    value: float
    unit: str
    taken_at: datetime


@dataclass
class Receipt:
    saved: int = 0
    duplicates: int = 0
    inspections: list[int] = field(default_factory=list)  # tickets opened by these readings


def readings_record(*, user: User, asset_id: int, readings: Sequence[ReadingInput]) -> Receipt:
    """Record readings, all or nothing: a bad row refuses the batch with every row's error. A reading
    already recorded (same asset, measure and moment) is counted as a duplicate and left alone."""
    may_use_desk(user).require()
    asset = Asset.objects.get(pk=asset_id)
    now = clock.now()
    rows, errors = [], []
    for line, reading in enumerate(readings, start=1):
        checked = _check(reading, now)
        if isinstance(checked, RowError):
            errors.append(RowError(line, checked.field, checked.message))
        else:
            rows.append(Reading(asset=asset, measure=reading.measure, value=checked, taken_at=reading.taken_at))
    if errors:
        if len(readings) == 1:
            raise DomainError(errors[0].message, code="reading_invalid", status=422)
        raise RowsRefusedError(errors)
    receipt = Receipt()
    with transaction.atomic():
        unique = {(row.measure, row.taken_at): row for row in rows}  # a batch may repeat itself
        known = set(
            Reading.objects.filter(asset=asset, taken_at__in=[row.taken_at for row in rows]).values_list(
                "measure", "taken_at"
            )
        )
        new = [row for key, row in unique.items() if key not in known]
        for row in new:
            row.received_at = now
        Reading.objects.bulk_create(new, ignore_conflicts=True)  # a racing copy of this batch changes nothing
        receipt.saved, receipt.duplicates = len(new), len(rows) - len(new)
    for measure in sorted({row.measure for row in new}):
        inspection = measure_evaluate(asset_id=asset.pk, measure=measure)
        if inspection is not None:
            receipt.inspections.append(inspection.ticket_id)
    return receipt


def _check(reading: ReadingInput, now: datetime) -> float | RowError:
    if reading.measure not in Measure.values:
        return RowError(0, "measure", _("Unknown measure %(measure)s.") % {"measure": reading.measure})
    if reading.taken_at.tzinfo is None:
        return RowError(
            0, "taken_at", _("Give the time of the reading with its time zone (e.g. 2026-05-01T08:00:00Z).")
        )
    if reading.taken_at > now + FUTURE_TOLERANCE:
        return RowError(0, "taken_at", _("The reading is dated in the future; check the device's clock."))
    try:
        return forecast.to_canonical(reading.measure, reading.value, reading.unit)
    except forecast.UnitError as error:
        if str(error).startswith("unit:"):
            units = ", ".join(forecast.known_units(reading.measure))
            message = _("%(measure)s cannot be given in %(unit)s; use one of: %(units)s.")
            return RowError(
                0,
                "unit",
                message % {"measure": Measure(reading.measure).label, "unit": reading.unit or "''", "units": units},
            )
        return RowError(
            0,
            "value",
            _("%(value)s is not a possible %(measure)s.")
            % {"value": reading.value, "measure": Measure(reading.measure).label},
        )


def measure_evaluate(*, asset_id: int, measure: str) -> Inspection | None:
    """Open an inspection when the measure will cross its limit within the lead time (once per
    episode); close the episode when the trend has gone. Returns the inspection opened, if any."""
    watch = Watch.objects.filter(asset_id=asset_id, measure=measure).first()
    if watch is None:
        return None
    now = clock.now()
    points = series(asset_id, measure, since=history_since(now, HISTORY_DAYS))
    times = [moment.timestamp() for moment, _value in points]
    values = [value for _moment, value in points]
    result = forecast.forecast(measure, times, values, limit=watch.limit, now=now.timestamp(), settings=SETTINGS)
    episode = Inspection.objects.filter(asset_id=asset_id, measure=measure, closed_at__isnull=True)
    step = forecast.episode_step(result, lead_days=watch.lead_days, is_open=episode.exists())
    if step == forecast.CLOSE:
        episode.update(closed_at=now)
    if step != forecast.OPEN or result.crossing_in is None:  # OPEN always has a crossing
        return None
    with transaction.atomic():
        asset = Asset.objects.select_for_update().select_related("customer").get(pk=asset_id)
        if Inspection.objects.filter(asset=asset, measure=measure, closed_at__isnull=True).exists():
            return None  # this episode already has its inspection
        crossing = now + timedelta(seconds=result.crossing_in)
        png = chart_png(
            title=f"{asset} · {Measure(measure).label} ({forecast.CANONICAL_UNIT[measure]})",
            times=times,
            values=values,
            spikes=result.spikes,
            limit=watch.limit,
            trend=(result.level, result.slope_per_day),
            until=crossing.timestamp(),
        )
        ticket = ticket_submit(
            customer=asset.customer,
            subject=_("Inspection: %(asset)s, %(measure)s heading for its limit")
            % {"asset": asset, "measure": Measure(measure).label},
            description=prediction_words(asset, watch, result),
            channel=Channel.ALERT,
            priority=Priority.HIGH,
            files=[ContentFile(png, name=f"{asset.serial}-{measure}.png")],
        )
        inspection = Inspection.objects.create(
            asset=asset, measure=measure, ticket=ticket, opened_at=now, predicted_at=crossing
        )
    logger.info("inspection opened", extra={"ticket": ticket.number, "asset": asset.serial, "measure": measure})
    return inspection


def prediction_words(asset: Asset, watch: Watch, result: forecast.Forecast) -> str:
    unit = forecast.CANONICAL_UNIT[watch.measure]
    values = {
        "measure": Measure(watch.measure).label,
        "limit": f"{watch.limit:g} {unit}".strip(),
        "level": f"{result.level:.1f} {unit}".strip(),
        "rate": f"{result.slope_per_day:.1f} {unit}".strip(),
        "asset": asset,
        "site": asset.site or "—",
    }
    if result.crossing_in == 0:
        head = _("%(measure)s is at its limit of %(limit)s already (now %(level)s).") % values
    else:
        values["span"] = duration(result.crossing_in or 0, after_preposition=True)
        head = (
            _("%(measure)s reaches %(limit)s in %(span)s at the current trend (now %(level)s, rising %(rate)s a day).")
            % values
        )
    tail = (
        _(
            "Please inspect %(asset)s at %(site)s before then. The chart of the readings is attached; circles mark readings ignored as spikes."
        )
        % values
    )
    return f"{head}\n\n{tail}"


def schedules_sweep() -> int:
    """Open a maintenance ticket for every schedule that is due; run twice, it opens each once."""
    opened = 0
    for schedule_id in Schedule.objects.values_list("pk", flat=True):
        opened += _schedule_run(schedule_id)
    return opened


def _schedule_run(schedule_id: int) -> int:
    now = clock.now()
    with transaction.atomic():
        schedule = Schedule.objects.select_for_update().select_related("asset__customer").get(pk=schedule_id)
        run_hours = _run_hours(schedule.asset_id)
        if schedule.every_days is not None:
            due = schedule.last_at + timedelta(days=schedule.every_days) <= now
            reason = _("every %(days)s days") % {"days": schedule.every_days}
        else:
            due = run_hours is not None and run_hours - schedule.last_run_hours >= (schedule.every_run_hours or 0)
            reason = _("every %(hours)g run hours") % {"hours": schedule.every_run_hours}
        if not due:
            return 0
        asset = schedule.asset
        schedule.last_ticket = ticket_submit(
            customer=asset.customer,
            subject=_("Maintenance: %(name)s for %(asset)s") % {"name": schedule.name, "asset": asset},
            description=_("Preventive maintenance (%(reason)s) is due for %(asset)s at %(site)s.")
            % {"reason": reason, "asset": asset, "site": asset.site or "—"},
            channel=Channel.ALERT,
            priority=Priority.NORMAL,
        )
        schedule.last_at = now
        schedule.last_run_hours = run_hours if run_hours is not None else schedule.last_run_hours
        schedule.save(update_fields=["last_ticket", "last_at", "last_run_hours"])
    return 1


def _run_hours(asset_id: int) -> float | None:
    latest = Reading.objects.filter(asset_id=asset_id, measure=Measure.RUN_HOURS).order_by("-taken_at").first()
    return latest.value if latest is not None else None
