"""R5 load and staffing as a report of the framework: heatmaps of hour x weekday, Erlang C staffing beside
the members on shift, load per member (the figures: reports.load; the definitions: docs/metrics.md)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from dispatchdesk.accounts.models import Weekday
from dispatchdesk.common.durations import elapsed
from dispatchdesk.reports.framework import Chart, Column, Report, ReportData, Table
from dispatchdesk.reports.load import SLOTS, LoadReport, Row, Slot, load_report, page_grids
from dispatchdesk.reports.query import ReportQuery

HOURS = range(24)


@dataclass(slots=True)
class LoadData(ReportData):
    """The framework's tables and chart, plus what the page draws as heatmaps."""

    load: LoadReport | None = None
    grids: dict[str, list[Row]] = field(default_factory=dict)


def load_and_staffing(query: ReportQuery) -> LoadData:
    report = load_report(query)
    return LoadData(
        tables=[
            _members(report),
            _staffing(report),
            _hours("arrivals", _("Arrivals by hour of the week"), report.arrivals),
            _hours("worked", _("Tickets worked by hour of the week"), report.worked),
        ],
        charts=[_chart(report)],
        notes=_notes(report),
        load=report,
        grids=page_grids(report),
    )


def _members(report: LoadReport) -> Table:
    return Table(
        "members",
        _("Load per member"),
        [
            Column("member", _("Member")),
            Column("worked", _("Tickets worked"), "int"),
            Column("work", _("Work time"), "seconds"),
        ],
        [(member.name, member.tickets_worked, member.work_s) for member in report.members],
        empty=_("Nobody worked a ticket in this range."),
    )


def _staffing(report: LoadReport) -> Table:
    return Table(
        "staffing",
        _("Staffing by hour of the week"),
        [
            Column("weekday", _("Weekday")),
            Column("hour", _("Hour"), "int"),
            Column("forecast", _("Tickets expected per hour"), "number"),
            Column("needed", _("Agents needed"), "int"),
            Column("on_shift", _("On shift"), "int"),
        ],
        [
            (_day(slot), slot[1], round(cell.arrivals_per_hour, 2), cell.needed, cell.on_shift)
            for slot, cell in report.staffing.items()
        ],
        on_page=False,
    )


def _hours(key: str, title: str, values: Any) -> Table:
    columns = [Column("weekday", _("Weekday")), *(Column(f"h{hour}", f"{hour:02d}", "int") for hour in HOURS)]
    rows = [(str(Weekday(day).label), *(values.get((day, hour), 0) for hour in HOURS)) for day in range(7)]
    return Table(key, title, columns, rows, on_page=False)


def _chart(report: LoadReport) -> Chart:
    labels = [f"{_day(slot)[:2]} {slot[1]:02d}" for slot in SLOTS]
    return Chart(
        "staffing",
        _("Agents needed and on shift, by hour of the week"),
        {
            "type": "line",
            "data": {
                "labels": labels,
                "datasets": [
                    {
                        "label": str(_("Agents needed")),
                        "data": [report.staffing[s].needed for s in SLOTS],
                        "stepped": True,
                    },
                    {
                        "label": str(_("On shift")),
                        "data": [report.staffing[s].on_shift for s in SLOTS],
                        "stepped": True,
                    },
                ],
            },
            "options": {"maintainAspectRatio": False, "pointRadius": 0, "scales": {"y": {"beginAtZero": True}}},
        },
    )


def _day(slot: Slot) -> str:
    return str(Weekday(slot[0]).label)


def _notes(report: LoadReport) -> list[str | Promise]:
    goal = report.goal
    return [
        _(
            "Agents needed: Erlang C's fewest agents that take %(share)s %% of the tickets within %(target)s, from "
            "the forecast arrivals and the handle time. Erlang C assumes tickets arrive at random and wait until "
            "taken: nobody gives up (no abandonment, so not Erlang A)."
        )
        % {"share": round(goal.share * 100), "target": elapsed(goal.target_s)},
        _("Forecast arrivals per hour: the average of that hour of the week over the range."),
        _(
            "Tickets worked: each ticket a member replied to, noted, accepted or changed, once per clock hour. "
            "Work time: each such action counts the time since the member's previous one, at most 10 minutes. "
            "Handle time: the work time over the tickets resolved in the range."
        ),
        _(
            "On shift: the members whose weekly shifts cover the middle of that hour this week; a member without "
            "shifts counts at every hour."
        ),
    ]


REPORT = Report(
    slug="load",
    title=gettext_lazy("Load and staffing"),
    summary=gettext_lazy(
        "Arrivals and work by hour of the week, and the agents each hour needs for the service level beside those on shift."
    ),
    build=load_and_staffing,
    template="reports/load.html",
)
