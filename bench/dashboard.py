"""The manager dashboard (R1) on PostgreSQL with 1,000,000 tickets and their timelines.

Creates a scratch database, migrates it, generates a year of history with SQL (INSERT … SELECT
generate_series: tickets, their SLA rows, three timeline events each, their stored figures), then
times GET /manage/dashboard/ as a manager through Django's test client: the page and the live
refresh (the figures fragment), for the whole desk and for one group. Also times the per-event
upkeep (reports.figures.figures_refresh) that the stored figures cost each ticket change.

Run: DATABASE_URL=postgres://postgres@127.0.0.1:5432/dispatchdesk DISPATCHDESK_SECRET_KEY=x \\
         .venv/bin/python bench/dashboard.py [--tickets 1000000]
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
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import django_on_scratch, drop_database, percentile, write_result

SCRATCH = "dispatchdesk_bench_dashboard"
GROUPS, AGENTS, ONLINE, CONTACTS = 8, 60, 20, 200
WARMUP, RUNS = 5, 60
BUDGET_MS = 100.0


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--tickets", type=int, default=1_000_000)
    parser.add_argument("--keep", action="store_true", help="keep the scratch database afterwards")
    parser.add_argument("--reuse", action="store_true", help="measure the database kept by an earlier --keep")
    args = parser.parse_args()
    tickets, keep = args.tickets, args.keep or args.reuse
    url = django_on_scratch(SCRATCH, recreate=not args.reuse)
    started = time.perf_counter()
    people = kept_people() if args.reuse else make_people()
    if not args.reuse:
        generate(tickets, people)
        print(f"generated {tickets:,} tickets in {time.perf_counter() - started:.0f} s")
    rows = measure(people)
    upkeep = measure_upkeep()
    report(tickets, rows, upkeep)
    if not keep:
        drop_database(url)


def make_people() -> dict[str, Any]:
    from datetime import time as clock_time

    from dispatchdesk.accounts.models import AgentProfile, Presence, Role, SkillGroup, User
    from dispatchdesk.customers.models import Contact
    from dispatchdesk.sla.models import Calendar, OpeningHours, Policy, Target

    groups = SkillGroup.objects.bulk_create(SkillGroup(slug=f"g{i}", name=f"Group {i}") for i in range(GROUPS))
    users = User.objects.bulk_create(
        User(username=f"agent{i}", first_name=f"Agent {i}", role=Role.AGENT) for i in range(AGENTS)
    )
    profiles = AgentProfile.objects.bulk_create(
        AgentProfile(user=user, capacity=8, presence=Presence.ONLINE if i < ONLINE else Presence.OFFLINE)
        for i, user in enumerate(users)
    )
    for i, profile in enumerate(profiles):
        profile.groups.set([groups[i % GROUPS], groups[(i + 3) % GROUPS]])
    contacts = Contact.objects.bulk_create(
        Contact(name=f"Customer {i}", email=f"c{i}@bench.example") for i in range(CONTACTS)
    )
    calendar = Calendar.objects.create(name="Office", time_zone="Europe/Berlin")
    OpeningHours.objects.bulk_create(
        OpeningHours(calendar=calendar, weekday=d, opens=clock_time(9), closes=clock_time(18)) for d in range(5)
    )
    policy = Policy.objects.create(name="Standard", calendar=calendar)
    Target.objects.bulk_create(
        Target(policy=policy, priority=p, first_response_minutes=60 * p, resolution_minutes=480 * p)
        for p in range(1, 5)
    )
    manager = User.objects.create(username="manager", first_name="Mia", role=Role.MANAGER)
    return {
        "groups": [g.pk for g in groups],
        "agents": [u.pk for u in users],
        "contacts": [c.pk for c in contacts],
        "policy": policy.pk,
        "manager": manager,
    }


def kept_people() -> dict[str, Any]:
    from dispatchdesk.accounts.models import SkillGroup, User

    return {
        "groups": list(SkillGroup.objects.order_by("pk").values_list("pk", flat=True)),
        "manager": User.objects.get(username="manager"),
    }


def generate(count: int, people: dict[str, Any]) -> None:
    """A year of tickets, the newest now; the last five days still moving (open, resolved), the rest closed."""
    from django.db import connection

    params = {
        "n": count,
        "groups": people["groups"],
        "agents": people["agents"],
        "contacts": people["contacts"],
        "policy": people["policy"],
    }
    with connection.cursor() as cursor:
        for step, statement in enumerate(SQL):
            began = time.perf_counter()
            cursor.execute(statement, params)
            print(f"  step {step + 1}/{len(SQL)}: {time.perf_counter() - began:.0f} s")
    with connection.cursor() as cursor:  # as autovacuum would have: statistics and the visibility map
        cursor.execute("VACUUM ANALYZE")


SQL = [
    # The tickets: created evenly over 365 days up to now; statuses by age and number.
    """
    CREATE TEMP TABLE gen AS
    SELECT n,
           now() - make_interval(mins => ((%(n)s - n)::float8 * 525600 / %(n)s)::int) AS created,
           CASE WHEN (%(n)s - n)::float8 * 525600 / %(n)s > 7200 THEN 'closed'
                ELSE (ARRAY['new','pending_acceptance','in_progress','awaiting_customer','resolved','closed'])[1 + n %% 6]
           END AS status,
           (ARRAY[1,2,2,3,3,3,3,3,4,4])[1 + n %% 10] AS priority,
           (%(groups)s::int[])[1 + n %% cardinality(%(groups)s::int[])] AS group_id,
           (%(agents)s::int[])[1 + (n / 7) %% cardinality(%(agents)s::int[])] AS agent_id,
           (%(contacts)s::int[])[1 + n %% cardinality(%(contacts)s::int[])] AS contact_id
    FROM generate_series(1, %(n)s) AS n
    """,
    """
    INSERT INTO tickets_ticket (id, created_at, updated_at, number, access_key, subject, description, customer_id,
        channel, priority, status, group_id, assignee_id, tier, language, first_response_at, resolved_at, closed_at,
        reopen_count, dispatch_mode, manual_fields, sla_paused)
    SELECT n, created, created, 100000 + n, 'bench-' || n, 'Bench ticket ' || n, '', contact_id,
        'web', priority, status, group_id, CASE WHEN status = 'new' THEN NULL ELSE agent_id END, 'L1', 'en',
        CASE WHEN status = 'new' THEN NULL ELSE LEAST(now(), created + make_interval(mins => 5 + (n * 7) %% 240)) END,
        CASE WHEN status IN ('resolved', 'closed')
             THEN LEAST(now(), created + make_interval(mins => 240 + (n * 13) %% 4000)) END,
        CASE WHEN status = 'closed' THEN LEAST(now(), created + make_interval(mins => 240 + (n * 13) %% 4000)) END,
        0, '', '[]'::jsonb, status IN ('resolved', 'closed')  -- the SLA row below pauses them
    FROM gen
    """,
    "SELECT setval(pg_get_serial_sequence('tickets_ticket', 'id'), %(n)s)",
    # Each ticket's SLA row: open ones have a pending deadline spread from 4 hours ago to 44 hours ahead
    # (about 8 % breached, 2 % at risk), the rest are paused.
    """
    INSERT INTO sla_ticketsla (ticket_id, policy_id, first_responded_at, paused_since, pauses, due_clock, due_at,
        warn_at, fired, breaches)
    SELECT id, %(policy)s, first_response_at, resolved_at, '[]'::jsonb,
        CASE WHEN resolved_at IS NOT NULL THEN '' WHEN first_response_at IS NULL THEN 'first_response'
             ELSE 'resolution' END,
        CASE WHEN resolved_at IS NULL THEN now() + make_interval(mins => ((id * 37) %% 2880 - 240)::int) END,
        CASE WHEN resolved_at IS NULL THEN now() + make_interval(mins => ((id * 37) %% 2880 - 300)::int) END,
        '[]'::jsonb, 0
    FROM tickets_ticket
    """,
    # Three timeline events per ticket: created, the first reply, the last status change.
    """
    INSERT INTO tickets_timelineevent (ticket_id, kind, actor_label, public, data, created_at)
    SELECT id, 'created', '', true, '{"channel": "web"}'::jsonb, created_at FROM tickets_ticket
    UNION ALL
    SELECT id, 'reply', '', true, '{}'::jsonb, first_response_at FROM tickets_ticket WHERE first_response_at IS NOT NULL
    UNION ALL
    SELECT id, 'status', '', true, jsonb_build_object('from', 'in_progress', 'to', status), updated_at
    FROM tickets_ticket WHERE status <> 'new'
    """,
    # The stored figures, as reports.figures would have kept them (business time here: a stand-in share
    # of calendar time; the real computation is tested against the hand-computed desk in tests/reports).
    """
    INSERT INTO reports_ticketfigures (ticket_id, group_id, created_at, first_response_at, first_response_s,
        first_response_business_s, first_response_met, resolved_at, resolution_s, resolution_business_s,
        resolution_met, assignee_id, channel, category_id, reopens, reassignments, escalations, customer_replies,
        handle_s)
    SELECT t.id, t.group_id, t.created_at,
        t.first_response_at, EXTRACT(EPOCH FROM t.first_response_at - t.created_at),
        EXTRACT(EPOCH FROM t.first_response_at - t.created_at) * 0.37,
        EXTRACT(EPOCH FROM t.first_response_at - t.created_at) * 0.37 <= 3600 * t.priority,
        t.resolved_at, EXTRACT(EPOCH FROM t.resolved_at - t.created_at),
        EXTRACT(EPOCH FROM t.resolved_at - t.created_at) * 0.37,
        EXTRACT(EPOCH FROM t.resolved_at - t.created_at) * 0.37 <= 28800 * t.priority,
        t.assignee_id, t.channel, t.category_id, 0, 0, 0, 0,
        COALESCE(EXTRACT(EPOCH FROM t.resolved_at - t.first_response_at), 0)
    FROM tickets_ticket t
    """,
]


def measure(people: dict[str, Any]) -> list[tuple[str, list[float], list[float], list[float]]]:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client()
    client.force_login(people["manager"])
    group = people["groups"][0]
    cases = [
        ("page, all groups", "/manage/dashboard/", {}),
        ("live refresh, all groups", "/manage/dashboard/", {"HX-Request": "true"}),
        ("page, one group", f"/manage/dashboard/?group={group}", {}),
        ("live refresh, one group", f"/manage/dashboard/?group={group}", {"HX-Request": "true"}),
    ]
    rows = []
    for label, path, headers in cases:
        samples, cpu = [], []
        for run in range(WARMUP + RUNS):
            began, began_cpu = time.perf_counter(), time.process_time()
            response = client.get(path, headers=headers)
            elapsed = time.perf_counter() - began
            if run >= WARMUP:
                cpu.append(time.process_time() - began_cpu)
            if response.status_code != 200:
                sys.exit(f"{path} answered {response.status_code}")
            if run >= WARMUP:
                samples.append(elapsed)
        # The database's share, in separate requests (recording the queries costs a little itself).
        database = []
        for _ in range(RUNS // 3):
            with CaptureQueriesContext(connection) as queries:
                client.get(path, headers=headers)
            database.append(sum(float(query["time"]) for query in queries.captured_queries))
        rows.append((label, samples, database, cpu))
        print(
            f"{label}: median {statistics.median(samples) * 1000:.1f} ms, p95 {percentile(samples, 0.95) * 1000:.1f} ms"
        )
    return rows


def measure_upkeep() -> list[float]:
    """figures_refresh on 300 open tickets (what each timeline event adds), rolled back."""
    from django.db import transaction

    from dispatchdesk.reports.figures import figures_refresh
    from dispatchdesk.tickets.models import Ticket

    tickets = list(Ticket.objects.filter(status="in_progress").order_by("-id")[:300])
    samples = []
    with transaction.atomic():
        for ticket in tickets:
            began = time.perf_counter()
            figures_refresh(ticket)
            samples.append(time.perf_counter() - began)
        transaction.set_rollback(True)
    return samples


def report(count: int, rows: list[tuple[str, list[float], list[float], list[float]]], upkeep: list[float]) -> None:
    table = [
        f"| {count:,} tickets, GET /manage/dashboard/ as a manager | median (ms) | p95 (ms) "
        f"| within {BUDGET_MS:.0f} ms p95 | of which waiting for the database, median (ms) "
        "| Python CPU, median (ms) |",
        "| --- | ---: | ---: | --- | ---: | ---: |",
    ]
    for label, samples, database, cpu in rows:
        p95 = percentile(samples, 0.95) * 1000
        ok = "yes" if p95 <= BUDGET_MS else "**no**"
        table.append(
            f"| {label} | {statistics.median(samples) * 1000:.1f} | {p95:.1f} | {ok} "
            f"| {statistics.median(database) * 1000:.1f} | {statistics.median(cpu) * 1000:.1f} |"
        )
    table.append(
        f"| upkeep per ticket event (figures_refresh) | {statistics.median(upkeep) * 1000:.2f} | "
        f"{percentile(upkeep, 0.95) * 1000:.2f} | | | |"
    )
    load = ", ".join(f"{figure:.1f}" for figure in os.getloadavg())
    notes = f"""
PostgreSQL 15 on the same machine, in a scratch database (`{SCRATCH}`) created, filled and dropped by
`bench/dashboard.py`: {count:,} tickets created evenly over a year up to now, {GROUPS} groups, {AGENTS}
agents ({ONLINE} online), each ticket with its SLA row, three timeline events and its stored figures;
tickets of the last five days spread over every status, older ones closed. {RUNS} requests per case
after {WARMUP} warm-up requests, through Django's test client in one process (no HTTP server, no
network): the view, its queries and the template. "Live refresh" is what the page fetches after each
ticket change (the figures fragment, `HX-Request`).

The generated figures stand in a fixed share of calendar time for business time: this measures the
read path. The upkeep row is the cost each ticket event pays to keep the figures (read the SLA row,
compute business time, write one row), measured on 300 open tickets and rolled back. The machine's
2 cores are shared with other jobs while this runs: load average at the end {load} (1, 5, 15 min).
"Python CPU" is the CPU time the web process itself spent per request, which the other jobs do not
inflate; the database's own execution time per query is in the notes of decision 0035.
"""
    path = write_result("dashboard", "Manager dashboard at 1,000,000 tickets (PostgreSQL)", table, notes)
    print("\n".join(table))
    print("written:", path)


if __name__ == "__main__":
    main()
