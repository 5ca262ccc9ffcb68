"""How a report's cell reads on the page (reports.framework.Column.kind)."""

from collections.abc import Callable
from datetime import datetime
from typing import Any

from django import template
from django.template.defaultfilters import floatformat
from django.utils.formats import date_format, localize, number_format
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.timezone import localtime
from django.utils.translation import gettext as _

from dispatchdesk.common import durations
from dispatchdesk.reports.framework import Column, Table
from dispatchdesk.reports.load import Cell, Row

register = template.Library()


@register.filter
def cell(value: Any, column: Column) -> str:
    if value is None or value == "":
        return "\u2013"  # an en dash: no value
    if column.kind == "seconds":
        return durations.elapsed(value)
    if column.kind == "share":
        return f"{number_format(value * 100, decimal_pos=1)} %"
    if column.kind == "number":
        return number_format(value, decimal_pos=1)
    if column.kind == "date":
        return date_format(localtime(value) if isinstance(value, datetime) else value, "DATE_FORMAT")
    return str(value)


@register.simple_tag
def table_rows(table: Table) -> SafeString:
    """The table's rows as <tr>s, formatted in Python: a per-agent table has a thousand cells, which
    the template language would take tens of milliseconds to loop over. Every value is escaped."""
    numeric = [column.kind != "text" for column in table.columns]
    rows = [
        format_html(
            "<tr>{}</tr>",
            format_html_join(
                "",
                '<td class="{}">{}</td>',
                (
                    ("text-end" if right else "", cell(value, column))
                    for value, column, right in zip(row, table.columns, numeric, strict=True)
                ),
            ),
        )
        for row in table.rows
    ]
    if not rows:
        empty = table.empty or _("Nothing in this range.")
        return format_html('<tr><td colspan="{}" class="text-body-secondary">{}</td></tr>', len(table.columns), empty)
    return mark_safe("".join(rows))  # noqa: S308 - each row was built by format_html


@register.simple_tag
def heatmap_head() -> SafeString:
    """The hours of the day as a heatmap's column headers."""
    return format_html_join("", '<th scope="col" class="fw-normal">{}</th>', ((hour,) for hour in range(24)))


@register.simple_tag
def heatmap_rows(rows: list[Row], rgb: str) -> SafeString:
    """A heatmap's seven rows (reports.load.grid), each cell shaded by its share of the largest, formatted
    in Python for the same reason as `table_rows` (168 cells a heatmap)."""
    return _week(
        rows,
        lambda cell: format_html(
            '<td style="background-color: rgba({},{})">{}</td>',
            rgb,
            f"{cell.shade:.2f}",
            localize(cell.value) if cell.value else "",
        ),
    )


@register.simple_tag
def staffing_rows(rows: list[Row]) -> SafeString:
    """The staffing heatmap's rows: per hour the agents needed and on shift, red by how many are short."""

    def staffing(cell: Cell) -> SafeString:
        hour = cell.value
        title = _("%(arrivals)s tickets expected, %(needed)s agents needed, %(on_shift)s on shift") % {
            "arrivals": floatformat(hour.arrivals_per_hour, 1),
            "needed": hour.needed,
            "on_shift": hour.on_shift,
        }
        shown = f"{hour.needed}/{hour.on_shift}" if hour.needed or hour.on_shift else ""
        return format_html(
            '<td style="background-color: rgba(220,53,69,{})" title="{}">{}</td>', f"{cell.shade:.2f}", title, shown
        )

    return _week(rows, staffing)


def _week(rows: list[Row], shown: Callable[[Cell], SafeString]) -> SafeString:
    return format_html_join(
        "",
        '<tr><th scope="row" class="fw-normal text-start text-nowrap">{}</th>{}</tr>',
        ((row.weekday, mark_safe("".join(shown(cell) for cell in row.cells))) for row in rows),  # noqa: S308 - format_html's
    )
