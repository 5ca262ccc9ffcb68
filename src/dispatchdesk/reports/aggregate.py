"""Grouped counts, means and medians of stored figures, computed by the database where it can.

PostgreSQL computes medians itself (percentile_cont); SQLite, the embedded mode for small desks, has no
median, so there the values are read and the median taken in Python. Either way one query per call.
"""

from __future__ import annotations

import statistics
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.db import connection
from django.db.models import Aggregate, Avg, Count, FloatField, Func, IntegerField, QuerySet, Sum


class Median(Aggregate):
    function = "PERCENTILE_CONT"
    template = "%(function)s(0.5) WITHIN GROUP (ORDER BY %(expressions)s)"
    output_field = FloatField()


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
        aggregates: dict[str, Any] = dict(totals)
        for name in fields:
            aggregates |= {f"{name}__n": Count(name), f"{name}__mean": Avg(name), f"{name}__median": Median(name)}
        result: dict[Any, Grouped] = {}
        for row in rows.order_by().values(key).annotate(**aggregates):
            found = {name: Spread(row[f"{name}__n"], row[f"{name}__mean"], row[f"{name}__median"]) for name in fields}
            result[row[key]] = Grouped(found, {name: row[name] for name in totals})
        return result
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


class Grouping(Func):
    """GROUPING(column): 1 in the rows of a grouping set that leaves the column out."""

    function = "GROUPING"
    contains_aggregate = True  # never added to GROUP BY
    output_field = IntegerField()


def grouped_by_each(
    rows: QuerySet[Any], keys: Sequence[str], fields: Sequence[str], **totals: Any
) -> list[dict[Any, Grouped]]:
    """`grouped` for several keys at once (per agent and per group): on PostgreSQL one scan of the rows
    with GROUPING SETS, so a quarter's figures are read and sorted once, not once per key."""
    if connection.vendor != "postgresql" or len(keys) < 2:  # noqa: PLR2004 - one key needs no sets
        return [grouped(rows, key, fields, **totals) for key in keys]
    aggregates: dict[str, Any] = dict(totals)
    for name in fields:
        aggregates |= {f"{name}__n": Count(name), f"{name}__mean": Avg(name), f"{name}__median": Median(name)}
    aggregates |= {f"{key}__left_out": Grouping(key) for key in keys}
    query = rows.order_by().values(*keys).annotate(**aggregates)
    sql, params = query.query.sql_with_params()
    head, columns = sql.rsplit(" GROUP BY ", 1)
    sets = ", ".join(f"({column.strip()})" for column in columns.split(","))
    names = [*keys, *aggregates]
    result: list[dict[Any, Grouped]] = [{} for _key in keys]
    with connection.cursor() as cursor:
        cursor.execute(f"{head} GROUP BY GROUPING SETS ({sets})", params)
        for values in cursor.fetchall():
            row = dict(zip(names, values, strict=True))
            index = next(i for i, key in enumerate(keys) if not row[f"{key}__left_out"])
            found = {name: Spread(row[f"{name}__n"], row[f"{name}__mean"], row[f"{name}__median"]) for name in fields}
            result[index][row[keys[index]]] = Grouped(found, {name: row[name] for name in totals})
    return result


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


__all__ = ["Count", "Grouped", "Median", "Spread", "Sum", "grouped", "spreads", "sums"]
