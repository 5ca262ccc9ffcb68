"""R4 root cause (docs/metrics.md, "Root cause"): which categories and tags the tickets created in the
range carry, over time, which rose against the previous period of the same length, and a Pareto chart.

A ticket counts once for its current category ("Uncategorised" without one) and once for each tag it
carries now; the previous period is the as many days just before the range, with the same filters.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from django.db.models import Count
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from dispatchdesk.common.side_by_side import side_by_side
from dispatchdesk.reports.buckets import as_date, buckets, trunc
from dispatchdesk.reports.framework import Chart, Column, Report, ReportData, Table
from dispatchdesk.reports.models import TaggedTicket
from dispatchdesk.reports.query import ReportQuery
from dispatchdesk.tickets.models import Category, Tag, Ticket

TOP = 8  # categories drawn one by one over time; the rest are "Other"
RISING = 20  # topics listed as rising


def category_counts(query: ReportQuery) -> dict[int | None, int]:
    """Tickets created in the range per category id (None: uncategorised)."""
    rows = query.during("created_at").order_by().values_list("category_id").annotate(n=Count("created_at"))
    return dict(rows)


def tag_counts(query: ReportQuery) -> dict[int, int]:
    """Tickets created in the range per tag id: for the whole desk from the tags' copies with the
    tickets' creation (reports.TaggedTicket, read index-only), else the tags of the range's tickets in
    the scope and filters."""
    if query.whole_desk:
        start, end = query.span
        copies = TaggedTicket.objects.filter(created_at__gte=start, created_at__lt=end)
        return dict(copies.order_by().values_list("tag_id").annotate(n=Count("created_at")))
    tickets = query.during("created_at").values("ticket_id")
    rows = (
        Ticket.tags.through.objects.filter(ticket_id__in=tickets)
        .order_by()
        .values_list("tag_id")
        .annotate(n=Count("pk"))
    )
    return dict(rows)


def categories_over_time(query: ReportQuery) -> dict[int | None, dict[Any, int]]:
    """Per category, per bucket (day or week), the tickets created."""
    rows = (
        query.during("created_at")
        .annotate(bucket=trunc(query, "created_at"))
        .order_by()
        .values_list("category_id", "bucket")
        .annotate(n=Count("created_at"))
    )
    found: dict[int | None, dict[Any, int]] = defaultdict(dict)
    for category, bucket, n in rows:
        found[category][as_date(bucket)] = n
    return found


def rising(now: dict[Any, int], before: dict[Any, int]) -> list[tuple[Any, int, int]]:
    """(topic, count now, count before), the biggest increases first; topics that did not rise are left out."""
    grown = [(key, n, before.get(key, 0)) for key, n in now.items() if n > before.get(key, 0)]
    return sorted(grown, key=lambda row: (-(row[1] - row[2]), -row[1]))


def pareto(counts: dict[Any, int]) -> list[tuple[Any, int, float]]:
    """(topic, count, cumulative share), the most frequent first."""
    total = sum(counts.values())
    rows, running = [], 0
    for key, n in sorted(counts.items(), key=lambda item: -item[1]):
        running += n
        rows.append((key, n, running / total))
    return rows


def _names(ids: Any) -> dict[int | None, str]:
    names: dict[int | None, str] = {None: _("Uncategorised")}
    names |= dict(Category.objects.filter(pk__in=[i for i in ids if i is not None]).values_list("pk", "name"))
    return names


def totals(over_time: dict[int | None, dict[Any, int]]) -> dict[int | None, int]:
    """Per category, the tickets of all buckets: category_counts without reading the range again."""
    return {category: sum(by_bucket.values()) for category, by_bucket in over_time.items()}


def causes_report(query: ReportQuery) -> ReportData:
    # The range's counts side by side with the period's before.
    (over_time, tags), (before, tags_before) = side_by_side(
        lambda: (categories_over_time(query), tag_counts(query)),
        lambda: (category_counts(query.previous()), tag_counts(query.previous())),
    )
    categories = totals(over_time)
    names = _names(categories.keys() | before.keys())
    tag_names = dict(Tag.objects.filter(pk__in=tags.keys() | tags_before.keys()).values_list("pk", "name"))
    topics = [(_("Category"), names[k], n, b) for k, n, b in rising(categories, before)]
    topics += [(_("Tag"), tag_names[k], n, b) for k, n, b in rising(tags, tags_before)]
    topics.sort(key=lambda row: (-(row[2] - row[3]), -row[2]))
    by_category = pareto(categories)
    count = Column("tickets", gettext_lazy("Tickets"), "int")
    return ReportData(
        tables=[
            Table(
                "categories",
                gettext_lazy("Categories (Pareto)"),
                [
                    Column("category", gettext_lazy("Category")),
                    count,
                    Column("cumulative", gettext_lazy("Cumulative share"), "share"),
                ],
                [[names[k], n, cumulative] for k, n, cumulative in by_category],
            ),
            Table(
                "tags",
                gettext_lazy("Tags"),
                [Column("tag", gettext_lazy("Tag")), count],
                [[tag_names[k], n] for k, n in sorted(tags.items(), key=lambda item: (-item[1], tag_names[item[0]]))],
            ),
            Table(
                "rising",
                gettext_lazy("Rising against the previous period"),
                [
                    Column("kind", gettext_lazy("Topic")),
                    Column("name", gettext_lazy("Name")),
                    count,
                    Column("before", gettext_lazy("Previous period"), "int"),
                    Column("change", gettext_lazy("Change"), "int"),
                ],
                [[kind, name, n, b, n - b] for kind, name, n, b in topics[:RISING]],
                empty=gettext_lazy("No topic rose against the previous period."),
            ),
            Table(
                "over_time",
                gettext_lazy("Categories over time"),
                [Column("from", gettext_lazy("From"), "date"), Column("category", gettext_lazy("Category")), count],
                [[day, names[k], by_day[day]] for k, by_day in over_time.items() for day in sorted(by_day)],
                on_page=False,
            ),
        ],
        charts=[_pareto_chart(by_category, names), _over_time_chart(query, over_time, names, by_category)],
        notes=[
            _(
                "A ticket counts once for its current category and once for each tag it carries now, in the range it was created in."
            ),
            _(
                "Rising: categories and tags with more tickets than in the previous period of the same length, the biggest increase first."
            ),
            _("Pareto: categories by number of tickets, with the cumulative share of all tickets in the range."),
        ],
    )


def _pareto_chart(rows: list[tuple[Any, int, float]], names: dict[int | None, str]) -> Chart:
    return Chart(
        "pareto",
        _("Pareto of categories"),
        {
            "type": "bar",
            "data": {
                "labels": [names[k] for k, _n, _c in rows],
                "datasets": [
                    {"type": "bar", "label": str(_("Tickets")), "data": [n for _k, n, _c in rows], "yAxisID": "y"},
                    {
                        "type": "line",
                        "label": str(_("Cumulative share (%)")),
                        "data": [round(100 * c, 1) for _k, _n, c in rows],
                        "yAxisID": "share",
                    },
                ],
            },
            "options": {
                "maintainAspectRatio": False,
                "scales": {"y": {"beginAtZero": True}, "share": {"position": "right", "min": 0, "max": 100}},
            },
        },
    )


def _over_time_chart(
    query: ReportQuery, over_time: dict[int | None, dict[Any, int]], names: dict[int | None, str], ranked: list[Any]
) -> Chart:
    days = buckets(query)
    top = [k for k, _n, _c in ranked[:TOP]]
    datasets = [{"label": names[k], "data": [over_time[k].get(day, 0) for day in days]} for k in top]
    rest = [k for k in over_time if k not in top]
    if rest:
        other = [sum(over_time[k].get(day, 0) for k in rest) for day in days]
        datasets.append({"label": str(_("Other")), "data": other})
    return Chart(
        "over-time",
        _("Categories over time"),
        {
            "type": "bar",
            "data": {"labels": [day.isoformat() for day in days], "datasets": datasets},
            "options": {"maintainAspectRatio": False, "scales": {"x": {"stacked": True}, "y": {"stacked": True}}},
        },
    )


REPORT = Report(
    slug="causes",
    title=gettext_lazy("Root causes"),
    summary=gettext_lazy(
        "The most frequent categories and tags over time, the topics rising against the previous period, and a Pareto chart."
    ),
    build=causes_report,
)
