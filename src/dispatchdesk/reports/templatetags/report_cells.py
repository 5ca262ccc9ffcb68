"""How a report's cell reads on the page (reports.framework.Column.kind)."""

from datetime import datetime
from typing import Any

from django import template
from django.utils.formats import date_format, number_format
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.timezone import localtime
from django.utils.translation import gettext as _

from dispatchdesk.common import durations
from dispatchdesk.reports.framework import Column, Table

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
