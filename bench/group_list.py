"""The ticket list filtered by group, before and after `ticket_group_order_idx` (issue 15), on PostgreSQL.

Uses the desk bench/generate.py --keep left (`dispatchdesk_bench_generate`, 1,000,000 tickets), migrated
to the newest schema. For each case, PostgreSQL's own planning + execution time (EXPLAIN ANALYZE) of the
list's first page (25 rows in the list's order: priority, newest first) and of its count, as a dispatcher
— once with the index dropped inside a transaction that is rolled back (what the schema had before), once
with it — and the whole page GET /agent/tickets/?group=… through Django's test client, with the index.

Run: DATABASE_URL=postgres://postgres@127.0.0.1:5432/x DISPATCHDESK_SECRET_KEY=x .venv/bin/python bench/group_list.py
"""

# Django reads the database settings once, at setup: everything Django is imported after.
# ruff: noqa: PLC0415

from __future__ import annotations

import os
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import percentile, scratch_url, write_result

REUSED = "dispatchdesk_bench_generate"
RUNS = int(os.environ.get("BENCH_RUNS", "20"))
INDEX = "ticket_group_order_idx"


def statements(user: Any, query: str) -> tuple[str, str]:
    """The SQL of the list's first page and of its count, as the view runs them."""
    from django.db import connection
    from django.http import QueryDict

    from dispatchdesk.tickets.selectors import tickets_filtered
    from dispatchdesk.workstation.forms import TicketFilterForm

    tickets = tickets_filtered(user=user, filters=TicketFilterForm(QueryDict(query)).to_filters(user))
    page_sql, page_params = tickets[:25].query.sql_with_params()
    count_sql, count_params = tickets.order_by().values("pk").query.sql_with_params()
    import psycopg

    connection.ensure_connection()
    literal = psycopg.ClientCursor(connection.connection)  # only to write the parameters into the SQL
    page = literal.mogrify(page_sql, page_params)
    count = literal.mogrify(f"SELECT count(*) FROM ({count_sql}) c", count_params)  # noqa: S608
    return page, count


def explained(sql: str, *, without_index: bool) -> list[float]:
    from django.db import connection, transaction

    samples = []
    for _ in range(RUNS):
        with transaction.atomic(), connection.cursor() as cursor:
            if without_index:
                cursor.execute(f"DROP INDEX {INDEX}")
            cursor.execute("EXPLAIN (ANALYZE, FORMAT JSON) " + sql)
            plan = cursor.fetchone()[0][0]
            samples.append((plan["Planning Time"] + plan["Execution Time"]) / 1000)
            transaction.set_rollback(True)
    return samples


def page_times(user: Any, query: str) -> list[float]:
    from django.test import Client

    client = Client()
    client.force_login(user)
    samples = []
    for _ in range(RUNS):
        started = time.perf_counter()
        response = client.get(f"/agent/tickets/?{query}")
        samples.append(time.perf_counter() - started)
        if response.status_code != 200:
            raise SystemExit(f"{query}: {response.status_code}")
    return samples


def main() -> None:
    os.environ["DATABASE_URL"] = scratch_url(os.environ.get("DATABASE_URL", ""), REUSED)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dispatchdesk.config.settings")
    os.environ.setdefault("DISPATCHDESK_SECRET_KEY", "bench-only-not-a-secret")
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    from dispatchdesk.accounts.models import SkillGroup, User
    from dispatchdesk.tickets.models import Ticket

    settings.ALLOWED_HOSTS = ["*"]
    call_command("migrate", verbosity=0)  # builds the index on a desk generated before it existed
    dispatcher = User.objects.get(username="dispatcher")
    group = SkillGroup.objects.order_by("pk")[0]
    cases = [
        ("group", f"group={group.pk}"),
        ("group, open only", f"group={group.pk}&open=on"),
        ("group, priority 1", f"group={group.pk}&priority=1"),
        ("group, closed", f"group={group.pk}&status=closed"),
    ]
    lines = []
    for name, query in cases:
        page, count = statements(dispatcher, query)
        cells = []
        for sql in (page, count):
            for without in (True, False):
                samples = explained(sql, without_index=without)
                cells += [_ms(percentile(samples, 0.5)), _ms(percentile(samples, 0.95))]
        whole = page_times(dispatcher, query)
        cells += [_ms(percentile(whole, 0.5)), _ms(percentile(whole, 0.95))]
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
        print(lines[-1], flush=True)
    report(Ticket.objects.count(), lines)


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f}"


def report(tickets: int, lines: list[str]) -> None:
    table = [
        f"| /agent/tickets/ as a dispatcher ({tickets:,} tickets) | first page, before p50 (ms) | p95 "
        "| after p50 | p95 | count, before p50 | p95 | after p50 | p95 | whole page, after p50 | p95 |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
        *lines,
    ]
    load = ", ".join(f"{value:.1f}" for value in os.getloadavg())
    notes = f"""
{RUNS} runs each. "Before" and "after" are PostgreSQL's own planning + execution time (EXPLAIN ANALYZE) of
the list's statements without and with `{INDEX}` (group, priority, created_at DESC, id DESC): the first page
(25 rows in the list's order) and the exact count the list's paginator asks for. "Whole page" is GET
/agent/tickets/?… through Django's test client with the index (view, queries, template).
The desk is `dispatchdesk generate`'s: 8 groups, so one group holds about an eighth of the tickets.
Load average (1, 5, 15 min) at the end: {load}, on 2 cores shared with other jobs.
"""
    path = write_result("group-list", f"Ticket list filtered by group, {tickets:,} tickets (PostgreSQL)", table, notes)
    print("wrote", path)


if __name__ == "__main__":
    main()
