"""R3 quality (docs/metrics.md, "Quality"): reopen rate, first-contact resolution, CSAT and its trend,
and the low ratings with their comments.

Reopen rate and first-contact resolution are over the handled tickets (reports.efficiency: latest
resolution in the range, still resolved or closed); CSAT over the ratings given in the range.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from django.db.models import Count, Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from dispatchdesk.accounts.models import SkillGroup, User
from dispatchdesk.common.side_by_side import side_by_side
from dispatchdesk.reports.aggregate import grouped_by_each, sums
from dispatchdesk.reports.buckets import as_date, buckets, trunc
from dispatchdesk.reports.framework import Chart, Column, Report, ReportData, Table
from dispatchdesk.reports.metrics import SATISFIED
from dispatchdesk.reports.people import agent_names, group_names
from dispatchdesk.reports.query import ReportQuery

LOW = 2  # a rating of 1 or 2 out of 5 is low
# First contact: resolved without the customer writing again after the first message, never reopened.
FIRST_CONTACT = Q(customer_replies=0, reopens=0)


def share(part: int, whole: int) -> float | None:
    return part / whole if whole else None


def resolutions(query: ReportQuery, by: str) -> dict[Any, dict[str, int]]:
    """Per agent or group: handled, reopened (at least once), first contact."""
    return resolutions_by(query, [by])[0]


def resolutions_by(query: ReportQuery, keys: Sequence[str]) -> list[dict[Any, dict[str, int]]]:
    """`resolutions` for several keys in one pass (reports.aggregate.grouped_by_each)."""
    handled = query.during("resolved_at").filter(resolved_at__isnull=False)
    found = grouped_by_each(
        handled,
        keys,
        [],
        handled=Count("resolved_at"),  # not the id: the range index holds what is counted (index-only)
        reopened=Count("resolved_at", filter=Q(reopens__gt=0)),
        first_contact=Count("resolved_at", filter=FIRST_CONTACT),
    )
    return [{key: group.totals for key, group in by_key.items()} for by_key in found]


def ratings_by_each(query: ReportQuery, keys: Sequence[str]) -> list[dict[Any, dict[str, int]]]:
    """Per key (agent or group of the rated resolution), in one pass (reports.aggregate.grouped_by_each):
    ratings, satisfied (4 or 5)."""
    names = [{"assignee_id": "agent_id"}.get(key, key) for key in keys]  # the figures' name for the agent, the rating's
    found = grouped_by_each(
        query.ratings(),
        names,
        [],
        rated=Count("created_at"),
        satisfied=Count("created_at", filter=Q(score__gte=SATISFIED)),
    )
    return [{key: group.totals for key, group in by_key.items()} for by_key in found]


def csat_trend(query: ReportQuery) -> list[tuple[Any, int, int]]:
    """(bucket, ratings, satisfied) for every bucket of the range."""
    rows = sums(
        query.ratings().annotate(bucket=trunc(query, "created_at")),
        "bucket",
        rated=Count("created_at"),  # not the id: the range index holds what is counted (index-only)
        satisfied=Count("created_at", filter=Q(score__gte=SATISFIED)),
    )
    found = {as_date(bucket): counts for bucket, counts in rows.items()}
    return [(day, found.get(day, {}).get("rated", 0), found.get(day, {}).get("satisfied", 0)) for day in buckets(query)]


def low_ratings(query: ReportQuery, *, newest: int | None = None) -> Iterator[list[Any]]:
    """Ratings of 1 or 2, newest first, with their comments (streamed); only the `newest` if given."""
    rows = (
        query.ratings()
        .filter(score__lte=LOW)
        .order_by("-created_at", "-pk")
        .values_list("created_at", "ticket__number", "agent_id", "group_id", "score", "comment")
    )
    if newest is not None:  # a LIMIT the database plans for: a quarter has ~24,000 low ratings at 1M tickets
        rows = rows[:newest]
    # Every agent's and group's name up front: a few hundred rows, then no query per rating.
    agents = agent_names(User.objects.filter(agent__isnull=False).values_list("pk", flat=True))
    groups = group_names(SkillGroup.objects.values_list("pk", flat=True))
    for created, number, agent, group, score, comment in rows.iterator(chunk_size=2000):
        if agent not in agents:  # someone no longer an agent: looked up once
            agents |= agent_names([agent])
        yield [created, number, agents[agent], groups[group], score, comment]


def _rows(solved: dict[Any, dict[str, int]], rated: dict[Any, dict[str, int]], names: Any) -> list[list[Any]]:
    labels = names(solved.keys() | rated.keys())
    rows = []
    for key in sorted(solved.keys() | rated.keys(), key=lambda k: labels[k]):
        s, r = solved.get(key, {}), rated.get(key, {})
        handled, rating_count = s.get("handled", 0), r.get("rated", 0)
        rows.append(
            [
                labels[key],
                handled,
                s.get("reopened", 0),
                share(s.get("reopened", 0), handled),
                s.get("first_contact", 0),
                share(s.get("first_contact", 0), handled),
                rating_count,
                share(r.get("satisfied", 0), rating_count),
            ]
        )
    return rows


def quality_report(query: ReportQuery) -> ReportData:
    columns = [
        Column("handled", gettext_lazy("Handled"), "int"),
        Column("reopened", gettext_lazy("Reopened"), "int"),
        Column("reopen_rate", gettext_lazy("Reopen rate"), "share"),
        Column("first_contact", gettext_lazy("Resolved at first contact"), "int"),
        Column("fcr", gettext_lazy("First-contact resolution"), "share"),
        Column("ratings", gettext_lazy("Ratings"), "int"),
        Column("csat", gettext_lazy("CSAT"), "share"),
    ]
    # The resolutions (the larger read) side by side with the ratings.
    (by_agent, by_group), (trend, (rated_by_agent, rated_by_group), low) = side_by_side(
        lambda: resolutions_by(query, ["assignee_id", "group_id"]),
        lambda: (
            csat_trend(query),
            ratings_by_each(query, ["assignee_id", "group_id"]),
            list(low_ratings(query, newest=50)),
        ),
    )
    return ReportData(
        tables=[
            Table(
                "agents",
                gettext_lazy("Per agent"),
                [Column("agent", gettext_lazy("Agent")), *columns],
                _rows(by_agent, rated_by_agent, agent_names),
            ),
            Table(
                "groups",
                gettext_lazy("Per skill group"),
                [Column("group", gettext_lazy("Skill group")), *columns],
                _rows(by_group, rated_by_group, group_names),
            ),
            Table(
                "csat",
                gettext_lazy("CSAT over time"),
                [
                    Column("from", gettext_lazy("From"), "date"),
                    Column("ratings", gettext_lazy("Ratings"), "int"),
                    Column("satisfied", gettext_lazy("4 or 5"), "int"),
                    Column("csat", gettext_lazy("CSAT"), "share"),
                ],
                [[day, rated, satisfied, share(satisfied, rated)] for day, rated, satisfied in trend],
                on_page=False,
            ),
            Table("low_ratings_page", gettext_lazy("Low ratings (1 or 2), newest 50"), LOW_COLUMNS, low),
            Table("low_ratings", gettext_lazy("Low ratings (1 or 2)"), LOW_COLUMNS, low_ratings(query), on_page=False),
        ],
        charts=[_trend_chart(trend)],
        notes=[
            _(
                "Reopen rate: of the tickets handled in the range (latest resolution in the range), the share reopened at least once before it."
            ),
            _(
                "First-contact resolution: of the handled tickets, the share resolved without the customer having to write again and never reopened."
            ),
            _(
                "CSAT: of the ratings customers gave in the range, the share of 4 or 5 out of 5; a rating belongs to the agent and group of the resolution it rates."
            ),
        ],
    )


LOW_COLUMNS = [
    Column("at", gettext_lazy("Rated"), "date"),
    Column("ticket", gettext_lazy("Ticket"), "int"),
    Column("agent", gettext_lazy("Agent")),
    Column("group", gettext_lazy("Skill group")),
    Column("score", gettext_lazy("Rating"), "int"),
    Column("comment", gettext_lazy("Comment")),
]


def _trend_chart(trend: list[tuple[Any, int, int]]) -> Chart:
    return Chart(
        "csat",
        _("CSAT over time (%)"),
        {
            "type": "line",
            "data": {
                "labels": [day.isoformat() for day, _r, _s in trend],
                "datasets": [
                    {
                        "label": str(_("CSAT")),
                        "data": [round(100 * s / r, 1) if r else None for _d, r, s in trend],
                        "spanGaps": True,
                    }
                ],
            },
            "options": {"scales": {"y": {"min": 0, "max": 100}}, "maintainAspectRatio": False},
        },
    )


REPORT = Report(
    slug="quality",
    title=gettext_lazy("Quality"),
    summary=gettext_lazy(
        "Reopen rate, first-contact resolution, customer satisfaction and its trend, and the low ratings with their comments."
    ),
    build=quality_report,
)
