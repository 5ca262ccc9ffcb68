"""The staff page of one asset (its readings, limits, inspections, schedules) and its charts."""

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from dispatchdesk.accounts.http import AuthedRequest, staff_only
from dispatchdesk.assets import forecast
from dispatchdesk.assets.chart import chart_png
from dispatchdesk.assets.models import Measure
from dispatchdesk.assets.selectors import asset_for, history_since, inspections_of, series
from dispatchdesk.assets.services import HISTORY_DAYS, SETTINGS
from dispatchdesk.common import clock


@staff_only
@require_GET
def asset_detail(request: AuthedRequest, asset_id: int) -> HttpResponse:
    asset = asset_for(request.user, asset_id)
    since = history_since(clock.now(), HISTORY_DAYS)
    measures = [
        {"measure": Measure(m), "unit": forecast.CANONICAL_UNIT[m], "latest": points[-1], "count": len(points)}
        for m in Measure.values
        if (points := series(asset.pk, m, since=since))
    ]
    context = {
        "asset": asset,
        "measures": measures,
        "watches": asset.watches.order_by("measure"),
        "schedules": asset.schedules.select_related("last_ticket").order_by("name"),
        "inspections": inspections_of(asset.pk),
    }
    return render(request, "assets/detail.html", context)


@staff_only
@require_GET
def asset_chart(request: AuthedRequest, asset_id: int, measure: str) -> HttpResponse:
    """The recent readings of one measure as a PNG, spikes circled and the limit dashed."""
    asset = asset_for(request.user, asset_id)
    if measure not in Measure.values:
        raise Http404
    points = series(asset.pk, measure, since=history_since(clock.now(), HISTORY_DAYS))
    times = [moment.timestamp() for moment, _value in points]
    values = [value for _moment, value in points]
    watch = asset.watches.filter(measure=measure).first()
    png = chart_png(
        title=f"{asset} · {Measure(measure).label} ({forecast.CANONICAL_UNIT[measure]})",
        times=times,
        values=values,
        spikes=() if measure in forecast.COUNTERS else forecast.spikes(values, SETTINGS),
        limit=watch.limit if watch else None,
        trend=None,
    )
    return HttpResponse(png, content_type="image/png", headers={"Cache-Control": "private, max-age=60"})
