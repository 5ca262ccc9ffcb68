"""A report's tables as files: CSV streamed one row at a time, XLSX written row by row (openpyxl's write-only mode).

Neither holds a table in memory: a table's rows may be a queryset's iterator() over a year of a big desk.
Cells are numbers a spreadsheet can compute with: durations in hours, shares as fractions (0.25 for 25 %).
"""

from __future__ import annotations

import csv
import tempfile
from collections.abc import Iterable, Iterator, Sequence
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from django.http import FileResponse, StreamingHttpResponse

from dispatchdesk.common.lazy import lazy_import
from dispatchdesk.reports.framework import Column, ReportData, Table

if TYPE_CHECKING:
    import openpyxl
else:
    openpyxl = lazy_import("openpyxl")

HOUR = 3600.0


def file_value(value: Any, column: Column) -> Any:
    """One cell as exported: hours for seconds, a fraction for a share, ISO dates, "" for none."""
    if value is None:
        return ""
    if column.kind == "seconds":
        return round(value / HOUR, 3)
    if column.kind == "share":
        return round(value, 4)
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return value if isinstance(value, (int, float)) else str(value)


def file_header(column: Column) -> str:
    label = str(column.label)
    return f"{label} (h)" if column.kind == "seconds" else label


def _lines(table: Table) -> Iterator[Sequence[Any]]:
    yield [file_header(column) for column in table.columns]
    for row in table.rows:
        yield [file_value(value, column) for value, column in zip(row, table.columns, strict=True)]


class _Echo:
    """csv.writer writes into this and gets the line back, so each line is yielded, not kept."""

    def write(self, value: str) -> str:
        return value


def csv_response(table: Table, filename: str) -> StreamingHttpResponse:
    writer = csv.writer(_Echo())
    lines: Iterable[str] = (writer.writerow(line) for line in _lines(table))
    response = StreamingHttpResponse(_with_bom(lines), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
    return response


def _with_bom(lines: Iterable[str]) -> Iterator[str]:
    yield "\ufeff"  # so spreadsheet programs read UTF-8 names correctly
    yield from lines


def xlsx_response(data: ReportData, filename: str) -> FileResponse:
    """Every table a sheet; written to a temporary file on disk (the workbook is a zip), then streamed."""
    book = openpyxl.Workbook(write_only=True)
    for table in data.tables:
        sheet = book.create_sheet(title=_sheet_title(str(table.title)))
        for line in _lines(table):
            sheet.append(list(line))
    spool = tempfile.TemporaryFile()  # noqa: SIM115 - FileResponse closes it
    book.save(spool)
    spool.seek(0)
    return FileResponse(
        spool,
        as_attachment=True,
        filename=f"{filename}.xlsx",
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )


def _sheet_title(title: str) -> str:
    # Excel's rules: at most 31 characters, none of []:*?/\
    return "".join(" " if char in "[]:*?/\\" else char for char in title)[:31]
