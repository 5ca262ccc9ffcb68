"""R2 efficiency per agent and per group (docs/metrics.md, "Efficiency").

Two cohorts of tickets, both from the stored figures (reports.TicketFigures):
- **handled**: tickets whose latest resolution fell in the range and that are still resolved or closed
  (a reopened ticket counts when resolved again); resolution times, time in progress, reassignments and
  escalations are over these;
- **answered**: tickets first answered in the range; first response times are over these.
A ticket belongs to the agent who holds it now (for a handled ticket: who resolved it) and to its current
group. Occupancy (per agent) is the time in progress of the agent's handled tickets over the agent's
scheduled shift time in the range.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db.models import Count, Sum
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from dispatchdesk.common.side_by_side import side_by_side
from dispatchdesk.reports.aggregate import Grouped, grouped_by_each
from dispatchdesk.reports.framework import Chart, Column, Report, ReportData, Table
from dispatchdesk.reports.people import agent_names, group_names, shift_seconds
from dispatchdesk.reports.query import ReportQuery

TIMES = ("first_response_s", "first_response_business_s")
RESOLUTION = ("resolution_s", "resolution_business_s")


def efficiency(query: ReportQuery, by: str) -> list[dict[str, Any]]:
    """One row per agent (`by="assignee_id"`) or group (`by="group_id"`)."""
    return efficiency_by(query, [by])[0]


def efficiency_by(query: ReportQuery, keys: Sequence[str]) -> list[list[dict[str, Any]]]:
    """The rows for each key, in one pass per cohort (reports.aggregate.grouped_by_each), the two cohorts
    read side by side (common.side_by_side)."""
    handled_by, first_by = side_by_side(
        lambda: grouped_by_each(
            query.during("resolved_at").filter(resolved_at__isnull=False),
            keys,
            RESOLUTION,
            handled=Count("resolved_at"),  # not the id: the range index holds what is counted (index-only)
            handle_s=Sum("handle_s"),
            reassignments=Sum("reassignments"),
            escalations=Sum("escalations"),
        ),
        lambda: grouped_by_each(query.during("first_response_at"), keys, TIMES),
    )
    return [_rows(handled, first) for handled, first in zip(handled_by, first_by, strict=True)]


def _rows(handled: dict[Any, Grouped], first: dict[Any, Grouped]) -> list[dict[str, Any]]:
    rows = []
    for key in handled.keys() | first.keys():
        total = handled[key].totals if key in handled else {}
        rows.append(
            {
                "key": key,
                "handled": total.get("handled") or 0,
                "first": first[key].spreads if key in first else {},
                "resolution": handled[key].spreads if key in handled else {},
                "handle_s": total.get("handle_s") or 0.0,
                "reassignments": total.get("reassignments") or 0,
                "escalations": total.get("escalations") or 0,
            }
        )
    return rows


def occupancy(handle_s: float, shift_s: float | None) -> float | None:
    """Time in progress over time on shift; None without a schedule (no shifts) or an empty one."""
    return handle_s / shift_s if shift_s else None


TIME_COLUMNS = [
    Column("first_median", gettext_lazy("First response, median"), "seconds"),
    Column("first_mean", gettext_lazy("First response, mean"), "seconds"),
    Column("first_business_median", gettext_lazy("First response, median in business hours"), "seconds"),
    Column("first_business_mean", gettext_lazy("First response, mean in business hours"), "seconds"),
    Column("resolution_median", gettext_lazy("Resolution, median"), "seconds"),
    Column("resolution_mean", gettext_lazy("Resolution, mean"), "seconds"),
    Column("resolution_business_median", gettext_lazy("Resolution, median in business hours"), "seconds"),
    Column("resolution_business_mean", gettext_lazy("Resolution, mean in business hours"), "seconds"),
]


def _times(row: dict[str, Any]) -> list[Any]:
    first, resolution = row["first"], row["resolution"]
    cells = []
    for spread in [
        first.get(TIMES[0]),
        first.get(TIMES[1]),
        resolution.get(RESOLUTION[0]),
        resolution.get(RESOLUTION[1]),
    ]:
        cells += [spread.median, spread.mean] if spread else [None, None]
    return cells


def efficiency_report(query: ReportQuery) -> ReportData:
    by_agent, by_group = efficiency_by(query, ["assignee_id", "group_id"])
    agents = sorted(by_agent, key=lambda row: -row["handled"])
    groups = sorted(by_group, key=lambda row: -row["handled"])
    names = agent_names(row["key"] for row in agents)
    shifts = shift_seconds([row["key"] for row in agents if row["key"] is not None], query.span)
    agent_rows = [
        [
            names[row["key"]],
            row["handled"],
            *_times(row),
            row["handle_s"],
            shifts.get(row["key"]),
            occupancy(row["handle_s"], shifts.get(row["key"])),
            row["reassignments"],
            row["escalations"],
        ]
        for row in agents
    ]
    labels = group_names(row["key"] for row in groups)
    group_rows = [
        [labels[row["key"]], row["handled"], *_times(row), row["handle_s"], row["reassignments"], row["escalations"]]
        for row in groups
    ]
    handled = Column("handled", gettext_lazy("Handled"), "int")
    counts = [
        Column("reassignments", gettext_lazy("Reassignments"), "int"),
        Column("escalations", gettext_lazy("Escalations"), "int"),
    ]
    in_progress = Column("in_progress", gettext_lazy("Time in progress"), "seconds")
    return ReportData(
        tables=[
            Table(
                "agents",
                gettext_lazy("Per agent"),
                [
                    Column("agent", gettext_lazy("Agent")),
                    handled,
                    *TIME_COLUMNS,
                    in_progress,
                    Column("on_shift", gettext_lazy("Time on shift"), "seconds"),
                    Column("occupancy", gettext_lazy("Occupancy"), "share"),
                    *counts,
                ],
                agent_rows,
            ),
            Table(
                "groups",
                gettext_lazy("Per skill group"),
                [Column("group", gettext_lazy("Skill group")), handled, *TIME_COLUMNS, in_progress, *counts],
                group_rows,
            ),
        ],
        charts=[
            _bar("handled", _("Tickets handled per agent"), [r[0] for r in agent_rows], [r[1] for r in agent_rows]),
            _bar(
                "resolution",
                _("Median resolution per agent (hours)"),
                [r[0] for r in agent_rows],
                [round(r[6] / 3600, 2) if r[6] is not None else None for r in agent_rows],
            ),
        ],
        notes=[
            _(
                "Handled: tickets whose latest resolution fell in the range and that are still resolved or closed, by the agent who resolved them and their current group."
            ),
            _(
                "First response: over the tickets first answered in the range, from creation to the first public reply by staff."
            ),
            _(
                "Resolution: over the handled tickets, from creation to the latest resolution; business hours leave out nights, weekends, holidays and pauses."
            ),
            _(
                "Occupancy: the time the agent's handled tickets spent In progress, over the agent's scheduled shift time in the range. Tickets worked side by side each count, so it can pass 100 %."
            ),
            _(
                "Reassignments and escalations: how often the handled tickets were handed from one agent to another, and escalated, before their resolution."
            ),
        ],
    )


def _bar(key: str, title: str, labels: list[str], values: list[Any]) -> Chart:
    return Chart(
        key,
        title,
        {
            "type": "bar",
            "data": {"labels": labels, "datasets": [{"label": title, "data": values}]},
            "options": {"plugins": {"legend": {"display": False}}, "maintainAspectRatio": False},
        },
    )


REPORT = Report(
    slug="efficiency",
    title=gettext_lazy("Efficiency"),
    summary=gettext_lazy(
        "Per agent and group: tickets handled, response and resolution times, occupancy, reassignments and escalations."
    ),
    build=efficiency_report,
)
