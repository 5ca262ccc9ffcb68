"""The report framework: a report is a function from a ReportQuery to tables and charts.

    REPORTS["efficiency"] = Report(slug=..., title=..., summary=..., build=efficiency_report)

`build(query)` returns a ReportData: its tables are shown on the page (`Table.on_page`) and exported
(CSV: one table, `?table=key`; XLSX: every table, a sheet each); its charts are Chart.js configurations
drawn by static/dispatchdesk/charts.js from JSON embedded in the page. A table's rows may be a lazy
iterable (a queryset's iterator()): the CSV streams it, the XLSX writes it row by row, and only page
tables are read into memory. A report with its own layout names a template that extends
reports/report.html.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from django.utils.functional import Promise

from dispatchdesk.reports.query import ReportQuery

# How a cell is shown and exported: seconds as a duration on the page and hours in files, a share
# (0..1) as a percentage on the page and a fraction in files.
Kind = Literal["text", "int", "seconds", "share", "number", "date"]


@dataclass(frozen=True, slots=True)
class Column:
    key: str
    label: str | Promise
    kind: Kind = "text"


@dataclass(slots=True)
class Table:
    key: str  # the CSV export's ?table= and the XLSX sheet
    title: str | Promise
    columns: Sequence[Column]
    rows: Iterable[Sequence[Any]]
    on_page: bool = True  # False: exported only (e.g. one row per ticket)
    empty: str | Promise = ""  # what the page says when there are no rows


@dataclass(frozen=True, slots=True)
class Chart:
    key: str  # the element ids on the page
    title: str | Promise
    config: dict[str, Any]  # a Chart.js configuration: JSON only, no functions

    @property
    def data_id(self) -> str:
        return f"chart-{self.key}-data"


@dataclass(slots=True)
class ReportData:
    tables: list[Table]
    charts: list[Chart] = field(default_factory=list)
    notes: list[str | Promise] = field(default_factory=list)  # definitions shown under the report

    def table(self, key: str) -> Table | None:
        return next((table for table in self.tables if table.key == key), None)


@dataclass(frozen=True, slots=True)
class Report:
    slug: str
    title: str | Promise
    summary: str | Promise
    build: Callable[[ReportQuery], ReportData]
    template: str = "reports/report.html"


REPORTS: dict[str, Report] = {}


def register(report: Report) -> Report:
    """Add a report to the list (the reports index, its page and exports come with it)."""
    REPORTS[report.slug] = report
    return report
