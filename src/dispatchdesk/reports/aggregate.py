"""Grouped counts, means and medians of stored figures, one query per call.

Medians are exact. On PostgreSQL the database groups the rows by hashing and hands each group's values
over as one binary array (array_send), whose median NumPy takes without a Python object per value: a
sorted grouping (percentile_cont) sorted a quarter's ~240,000 rows by each key and each key's values per
figure, about three times the cost (decision 0062). SQLite, the embedded mode for small desks, reads the values
and Python takes the median.
"""

from __future__ import annotations

import statistics
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db import connection
from django.db.models import Aggregate, BinaryField, Count, QuerySet, Sum
from psycopg.pq import Format

from dispatchdesk.common.lazy import lazy_import

if TYPE_CHECKING:
    import numpy as np
else:
    np = lazy_import("numpy")


class SentValues(Aggregate):
    """A group's non-null values as PostgreSQL's binary array of float8 (array_send), read by `_values`."""

    function = "ARRAY_AGG"
    template = "array_send(%(function)s((%(expressions)s)::float8) FILTER (WHERE %(expressions)s IS NOT NULL))"
    output_field = BinaryField()


# array_send's layout for one dimension: a 20-byte header (dimensions, null flag, element type, length,
# lower bound), then each element as its byte length and its value, big-endian.
_HEADER = 20
_ELEMENT = [("length", ">i4"), ("value", ">f8")]


def _values(sent: bytes) -> Any:
    """A SentValues array as a NumPy view of its values (no copy, no Python float per value)."""
    return np.frombuffer(sent, dtype=np.dtype(_ELEMENT), offset=_HEADER)["value"]


@dataclass(frozen=True, slots=True)
class Spread:
    """Count, mean and median of one figure over a group's rows (None values left out)."""

    count: int = 0
    mean: float | None = None
    median: float | None = None


@dataclass(frozen=True, slots=True)
class Grouped:
    """One group's Spreads of the figures asked for, and its other aggregates (counts, sums)."""

    spreads: dict[str, Spread]
    totals: dict[str, Any]


def grouped(rows: QuerySet[Any], key: str, fields: Sequence[str], **totals: Any) -> dict[Any, Grouped]:
    """For each value of `key`: each field's Spread and the `totals` aggregates (Count(...), Sum(...)).

    One query on PostgreSQL; on SQLite one for the totals and one reading the values."""
    if connection.vendor == "postgresql":
        return _grouped_in_postgresql(rows, [key], fields, totals)[0]
    counted = sums(rows, key, **totals) if totals else {}
    values: dict[Any, dict[str, list[float]]] = defaultdict(lambda: {name: [] for name in fields})
    if fields:
        for row in rows.order_by().values_list(key, *fields):
            for name, value in zip(fields, row[1:], strict=True):
                if value is not None:
                    values[row[0]][name].append(value)
    return {
        group: Grouped(
            {name: _spread(values[group][name]) if group in values else Spread() for name in fields},
            counted.get(group, {}),
        )
        for group in counted.keys() | values.keys()
    }


def grouped_by_each(
    rows: QuerySet[Any], keys: Sequence[str], fields: Sequence[str], **totals: Any
) -> list[dict[Any, Grouped]]:
    """`grouped` for several keys at once (per agent and per group), from one read of the rows."""
    if connection.vendor == "postgresql":
        return _grouped_in_postgresql(rows, keys, fields, totals)
    return [grouped(rows, key, fields, **totals) for key in keys]


def _grouped_in_postgresql(
    rows: QuerySet[Any], keys: Sequence[str], fields: Sequence[str], totals: dict[str, Any]
) -> list[dict[Any, Grouped]]:
    """The database groups the rows by all keys together (agent and group: a few hundred cells), hashing,
    and sends each cell's counts, sums and values; each key's groups are then the sums of their cells and
    the medians of their cells' values together. The totals must add up over cells (counts and sums).

    Read in binary, so the values' arrays come as bytes, not as hexadecimal text."""
    aggregates: dict[str, Any] = dict(totals)
    for name in fields:
        aggregates |= {f"{name}__n": Count(name), f"{name}__sum": Sum(name), f"{name}__values": SentValues(name)}
    sql, params = rows.order_by().values(*keys).annotate(**aggregates).query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.cursor.format = Format.BINARY
        cursor.execute(sql, params)
        cells = [dict(zip([*keys, *aggregates], values, strict=True)) for values in cursor.fetchall()]
    for cell in cells:  # read once, merged per key
        for name in fields:
            sent = cell[f"{name}__values"]
            cell[f"{name}__values"] = _values(sent) if sent is not None else None
    return [_merged(cells, key, fields, totals) for key in keys]


def _merged(cells: list[dict[str, Any]], key: str, fields: Sequence[str], totals: dict[str, Any]) -> dict[Any, Grouped]:
    """Per value of `key`, its cells' totals added up and each figure's Spread over all its cells."""
    by_value: dict[Any, list[dict[str, Any]]] = defaultdict(list)
    for cell in cells:
        by_value[cell[key]].append(cell)
    return {
        value: Grouped(
            {name: _spread_of_cells(parts, name) for name in fields},
            {name: sum(part[name] or 0 for part in parts) for name in totals},
        )
        for value, parts in by_value.items()
    }


def _spread_of_cells(parts: list[dict[str, Any]], name: str) -> Spread:
    """Count and mean from the cells' counts and sums; the exact median of all their values together."""
    count = sum(part[f"{name}__n"] for part in parts)
    if not count:
        return Spread()
    total = sum(part[f"{name}__sum"] for part in parts if part[f"{name}__n"])
    values = np.concatenate([part[f"{name}__values"] for part in parts if part[f"{name}__n"]])
    return Spread(count, total / count, float(np.median(values)))


def spreads(rows: QuerySet[Any], key: str, fields: Sequence[str]) -> dict[Any, dict[str, Spread]]:
    """For each value of `key`, each field's Spread."""
    return {group: found.spreads for group, found in grouped(rows, key, fields).items()}


def _spread(values: list[float]) -> Spread:
    if not values:
        return Spread()
    return Spread(len(values), statistics.fmean(values), statistics.median(values))


def sums(rows: QuerySet[Any], key: str, **totals: Any) -> dict[Any, dict[str, Any]]:
    """For each value of `key`, the given aggregates (Count(...), Sum(...)), in one grouped query."""
    return {row.pop(key): row for row in rows.order_by().values(key).annotate(**totals)}


__all__ = ["Count", "Grouped", "Spread", "Sum", "grouped", "spreads", "sums"]
