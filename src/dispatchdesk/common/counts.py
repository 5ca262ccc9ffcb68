"""Capped counts: how many rows match, read no further than COUNT_CAP + 1 of them.

An exact count of a huge list scans every matching row (~0.5 s for a million tickets) to print a
number nobody pages through; past the cap the pages say "more than 1,000" and the API says the
count is capped (docs/benchmarks/group-list.md, issue 15).
"""

from __future__ import annotations

from typing import Any

from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.utils.functional import cached_property

COUNT_CAP = 1000


def capped_count(rows: QuerySet[Any]) -> int:
    """The number of rows, or COUNT_CAP + 1 when there are more than COUNT_CAP."""
    return rows.order_by().values("pk")[: COUNT_CAP + 1].count()


class CappedPaginator(Paginator):  # type: ignore[type-arg]  # Paginator is generic only in the stubs
    """Counts at most COUNT_CAP + 1 rows, so the first page of a huge list stays fast."""

    @cached_property
    def count(self) -> int:
        return capped_count(self.object_list)  # type: ignore[arg-type]  # always a QuerySet here

    @property
    def capped(self) -> bool:
        return self.count > COUNT_CAP
