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
from django.db.models import Aggregate, Avg, Count, FloatField, QuerySet, Sum


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


def spreads(rows: QuerySet[Any], key: str, fields: Sequence[str]) -> dict[Any, dict[str, Spread]]:
    """For each value of `key`, each field's Spread."""
    if connection.vendor == "postgresql":
        aggregates: dict[str, Any] = {}
        for name in fields:
            aggregates |= {f"{name}__n": Count(name), f"{name}__mean": Avg(name), f"{name}__median": Median(name)}
        result: dict[Any, dict[str, Spread]] = {}
        for row in rows.order_by().values(key).annotate(**aggregates):
            result[row[key]] = {
                name: Spread(row[f"{name}__n"], row[f"{name}__mean"], row[f"{name}__median"]) for name in fields
            }
        return result
    values: dict[Any, dict[str, list[float]]] = defaultdict(lambda: {name: [] for name in fields})
    for row in rows.order_by().values_list(key, *fields):
        for name, value in zip(fields, row[1:], strict=True):
            if value is not None:
                values[row[0]][name].append(value)
    return {group: {name: _spread(found) for name, found in by_field.items()} for group, by_field in values.items()}


def _spread(values: list[float]) -> Spread:
    if not values:
        return Spread()
    return Spread(len(values), statistics.fmean(values), statistics.median(values))


def sums(rows: QuerySet[Any], key: str, **totals: Any) -> dict[Any, dict[str, Any]]:
    """For each value of `key`, the given aggregates (Count(...), Sum(...)), in one grouped query."""
    return {row.pop(key): row for row in rows.order_by().values(key).annotate(**totals)}


__all__ = ["Count", "Median", "Spread", "Sum", "spreads", "sums"]
