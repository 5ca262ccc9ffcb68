"""The reports (R2-R5) on PostgreSQL with 1,000,000 tickets: each report over 90 days, and a year's CSV.

Builds the same desk as bench/dashboard.py (a year of tickets, SLA rows, timelines and stored figures,
with SQL generate_series, in a scratch database), then gives the figures the report columns (agent,
channel, category, reopens, reassignments, escalations, customer replies, time in progress), tags and
ratings, and times GET /manage/reports/<report>/?preset=90 as a manager through Django's test client,
for the whole desk and for one group; then streams the per-agent CSV and the low ratings of a year,
and a year's ratings as CSV, measuring the peak of Python memory (tracemalloc) while streaming.

Run: DATABASE_URL=postgres://postgres@127.0.0.1:5432/dispatchdesk DISPATCHDESK_SECRET_KEY=x \\
         .venv/bin/python bench/reports.py [--tickets 1000000]   (or BENCH_TICKETS=200000)
"""

# Django reads the database settings once, at setup: everything Django is imported after
# the script has pointed DATABASE_URL at the scratch database.
# ruff: noqa: PLC0415

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
import tracemalloc
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import django_on_scratch, drop_database, percentile, write_result

SCRATCH = "dispatchdesk_bench_reports"
CATEGORIES, TAGS = 12, 30
WARMUP, RUNS = 3, 30
BUDGET_MS = 300.0
REPORTS = ("efficiency", "quality", "causes", "load")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--tickets", type=int, default=int(os.environ.get("BENCH_TICKETS", "1000000")))
    parser.add_argument("--keep", action="store_true", help="keep the scratch database afterwards")
    parser.add_argument("--reuse", action="store_true", help="measure the database kept by an earlier --keep")
    parser.add_argument("--runs", type=int, default=RUNS, help="requests per case after the warm-up (0: only generate)")
    parser.add_argument("--only", nargs="*", default=REPORTS, choices=REPORTS, help="the reports to time")
    args = parser.parse_args()
    url = django_on_scratch(SCRATCH, recreate=not args.reuse)
    import dashboard  # the same desk as the dashboard's benchmark

    started = time.perf_counter()
    people = dashboard.kept_people() if args.reuse else dashboard.make_people()
    if not args.reuse:
        dashboard.generate(args.tickets, people)
        enrich(people)
        print(f"generated {args.tickets:,} tickets in {time.perf_counter() - started:.0f} s")
    if not args.runs:  # --runs 0: generate (and --keep) only
        return
    rows = measure(people, args.only, args.runs)
    exports = measure_exports(people)
    report(args.tickets, rows, exports, args.runs)
    if not (args.keep or args.reuse):
        drop_database(url)


def enrich(people: dict[str, Any]) -> None:
    """Categories, tags, ratings and the report columns of the stored figures, by SQL."""
    from django.db import connection

    from dispatchdesk.reports.work import work_rebuild
    from dispatchdesk.tickets.models import Category, Tag

    categories = [Category.objects.create(slug=f"c{i}", name=f"Category {i}").pk for i in range(CATEGORIES)]
    tags = [Tag.objects.create(name=f"tag-{i}").pk for i in range(TAGS)]
    params = {"categories": categories, "tags": tags, "channels": ["email", "web", "chat", "phone", "alert", "api"]}
    statements = [
        # Skewed categories (a Pareto worth drawing): the square of a uniform number picks low indexes more often.
        """
        UPDATE tickets_ticket SET
            category_id = (%(categories)s::int[])[1 + floor(((id * 7919) %% 1000 / 1000.0) ^ 2 * cardinality(%(categories)s::int[]))::int],
            channel = (%(channels)s::text[])[1 + id %% 6]
        """,
        """
        INSERT INTO tickets_ticket_tags (ticket_id, tag_id)
        SELECT id, (%(tags)s::int[])[1 + (id * 31) %% cardinality(%(tags)s::int[])] FROM tickets_ticket WHERE id %% 3 = 0
        """,
        # reports.figures' copies of the tags, as tags_refresh keeps them.
        """
        INSERT INTO reports_taggedticket (ticket_id, tag_id, created_at)
        SELECT tt.ticket_id, tt.tag_id, t.created_at FROM tickets_ticket_tags tt JOIN tickets_ticket t ON t.id = tt.ticket_id
        """,
        """
        UPDATE reports_ticketfigures f SET
            assignee_id = t.assignee_id, channel = t.channel, category_id = t.category_id,
            reopens = CASE WHEN t.id %% 17 = 0 THEN 1 ELSE 0 END,
            reassignments = CASE WHEN t.id %% 11 = 0 THEN 1 ELSE 0 END,
            escalations = CASE WHEN t.id %% 23 = 0 THEN 1 ELSE 0 END,
            customer_replies = CASE WHEN t.id %% 3 = 0 THEN 1 ELSE 0 END,
            handle_s = COALESCE(EXTRACT(EPOCH FROM t.resolved_at - t.created_at) * 0.2, 0)
        FROM tickets_ticket t WHERE t.id = f.ticket_id
        """,
        # The load report (R5) reads the members' actions: the generated replies and status changes are the
        # assignee's (the creation stays the customer's).
        """
        UPDATE tickets_timelineevent e SET actor_id = t.assignee_id
        FROM tickets_ticket t WHERE t.id = e.ticket_id AND e.kind IN ('reply', 'status')
        """,
        # A rating for every fourth resolved ticket, an hour after its resolution.
        """
        INSERT INTO tickets_rating (ticket_id, resolution, score, comment, agent_id, group_id, created_at)
        SELECT id, 0, 1 + (id * 13) %% 5, CASE WHEN (id * 13) %% 5 < 2 THEN 'Too slow, ticket ' || id ELSE '' END,
            assignee_id, group_id, resolved_at + interval '1 hour'
        FROM tickets_ticket WHERE resolved_at IS NOT NULL AND id %% 4 = 0
        """,
    ]
    with connection.cursor() as cursor:
        for statement in statements:
            began = time.perf_counter()
            cursor.execute(statement, params)
            print(f"  enrich: {time.perf_counter() - began:.0f} s")
    began = time.perf_counter()  # the members' work credits, as `rebuild-reports` computes them
    actions = work_rebuild()
    print(f"  work_rebuild: {actions:,} actions in {time.perf_counter() - began:.0f} s")
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")


def measure(people: dict[str, Any], reports: list[str], runs: int) -> list[tuple[str, list[float]]]:
    from django.test import Client

    client = Client()
    client.force_login(people["manager"])
    group = people["groups"][0]
    rows = []
    for slug in reports:
        for label, query in (("all groups", "preset=90"), ("one group", f"preset=90&group={group}")):
            path = f"/manage/reports/{slug}/?{query}"
            samples = []
            for run in range(WARMUP + runs):
                began = time.perf_counter()
                response = client.get(path)
                if response.status_code != 200:
                    sys.exit(f"{path} answered {response.status_code}")
                if run >= WARMUP:
                    samples.append(time.perf_counter() - began)
            rows.append((f"{slug}, 90 days, {label}", samples))
            print(
                f"{slug} {label}: median {statistics.median(samples) * 1000:.0f} ms, p95 {percentile(samples, 0.95) * 1000:.0f} ms"
            )
    return rows


def measure_exports(people: dict[str, Any]) -> list[tuple[str, float, int, float]]:
    """(what, seconds, bytes, peak Python memory in MB) for a year's CSVs, read chunk by chunk."""
    from datetime import timedelta

    from django.test import Client

    from dispatchdesk.common import clock

    client = Client()
    client.force_login(people["manager"])
    today = clock.desk_today()
    year = f"preset=custom&start={(today - timedelta(days=364)).isoformat()}&end={today.isoformat()}"
    found = []
    for label, path in (
        ("efficiency per agent, 365 days", f"/manage/reports/efficiency/export.csv?{year}&table=agents"),
        ("low ratings, 365 days", f"/manage/reports/quality/export.csv?{year}&table=low_ratings"),
    ):
        tracemalloc.start()
        began = time.perf_counter()
        response = client.get(path)
        size = sum(len(chunk) for chunk in response.streaming_content)
        elapsed = time.perf_counter() - began
        peak = tracemalloc.get_traced_memory()[1] / 1e6
        tracemalloc.stop()
        found.append((label, elapsed, size, peak))
        print(f"{label}: {elapsed:.1f} s, {size / 1e6:.1f} MB, peak {peak:.1f} MB")
    return found


def report(
    count: int, rows: list[tuple[str, list[float]]], exports: list[tuple[str, float, int, float]], runs: int
) -> None:
    table = [
        f"| {count:,} tickets, GET /manage/reports/… as a manager | median (ms) | p95 (ms) | within {BUDGET_MS:.0f} ms p95 |",
        "| --- | ---: | ---: | --- |",
    ]
    for label, samples in rows:
        p95 = percentile(samples, 0.95) * 1000
        table.append(
            f"| {label} | {statistics.median(samples) * 1000:.0f} | {p95:.0f} | {'yes' if p95 <= BUDGET_MS else '**no**'} |"
        )
    table += [
        "",
        "| CSV export, streamed | seconds | size (MB) | peak Python memory (MB) |",
        "| --- | ---: | ---: | ---: |",
    ]
    for label, elapsed, size, peak in exports:
        table.append(f"| {label} | {elapsed:.1f} | {size / 1e6:.1f} | {peak:.1f} |")
    load = ", ".join(f"{figure:.1f}" for figure in os.getloadavg())
    notes = f"""
PostgreSQL on the same machine, in a scratch database (`{SCRATCH}`) created, filled and dropped by
`bench/reports.py`: the desk of bench/dashboard.py ({count:,} tickets over a year, 8 groups, 60 agents),
with {CATEGORIES} categories skewed towards the first, {TAGS} tags on a third of the tickets, a rating on
every fourth resolved ticket and the report columns of the stored figures filled by SQL, the generated replies and status changes the assignee's (their work credits computed by
`rebuild-reports`' work_rebuild). {runs} requests
per case after {WARMUP} warm-up requests through Django's test client in one process: the form, the
queries, the template and its charts' JSON. "90 days" is the preset "Last 90 days" (about a quarter of
the desk's tickets). The CSV rows stream one table; the peak is what Python held while the whole
file was read, measured with tracemalloc (which slows the export down).
The machine's 2 cores are shared with other jobs: load average at the end {load} (1, 5, 15 min).
"""
    path = write_result("reports", f"Reports at {count:,} tickets (PostgreSQL)", table, notes)
    print("\n".join(table))
    print("written:", path)


if __name__ == "__main__":
    main()
