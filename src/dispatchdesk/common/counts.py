"""Capped counts: how many rows match, read no further than COUNT_CAP + 1 of them.

An exact count of a huge list scans every matching row (~0.5 s for a million tickets) to print a
number nobody pages through; past the cap the pages say "more than 1,000" and the API says the
count is capped (docs/benchmarks/group-list.md, issue 15).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.core.paginator import Page, Paginator
from django.db import connections
from django.db.models import Q, QuerySet
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


class PartsPaginator(CappedPaginator):
    """Pages a list made of disjoint parts (an agent's groups and her own tickets) by reading at most a
    page's end of each part, each through its own ordered index range, and merging them: an OR across
    the parts would make the database walk one index past every row of the other parts
    (docs/decisions/0049). `object_list` must be ordered and equal to the union of its `parts`."""

    def __init__(self, object_list: QuerySet[Any], per_page: int, *, parts: Sequence[Q]) -> None:
        super().__init__(object_list, per_page)
        self.rows = object_list
        # SQLite cannot order and limit inside a UNION: it pages the plain list (same rows, same order).
        vendor = connections[object_list.db].features
        self.parts = tuple(parts) if len(parts) > 1 and vendor.supports_slicing_ordering_in_compound else ()

    @cached_property
    def _first_keys(self) -> list[Any]:
        """Up to the cap and one keys of the list, read from every part: all of them when it is shorter.
        The outer limit stops the parts that follow once the cap is reached."""
        union = _parts_of(self.rows.order_by(), self.parts, COUNT_CAP + 1)[: COUNT_CAP + 1]
        return [row["pk"] for row in union]

    @cached_property
    def count(self) -> int:
        if not self.parts:
            return super().count
        return len(self._first_keys)

    def page(self, number: Any) -> Page[Any]:
        if not self.parts:
            return super().page(number)
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = min(bottom + self.per_page, self.count)
        # Below the cap the count has read every key: the page is read by key, no part walked again
        # (a part without a match is walked to its end once, not twice).
        keys = self._first_keys if self.count <= COUNT_CAP else _parts_of(self.rows, self.parts, top)
        return Page(self.rows.filter(pk__in=keys)[bottom:top], number, self)


def _parts_of(rows: QuerySet[Any], parts: Sequence[Q], top: int) -> QuerySet[Any]:
    """The keys of the first `top` rows of each part, in the list's order, as one UNION ALL."""
    first, *others = (rows.filter(part).prefetch_related(None).values("pk")[:top] for part in parts)
    return first.union(*others, all=True)
