"""The dispatcher console (/agent/dispatch/) as history grows: before and after issue 15's fix, PostgreSQL.

For each size, a scratch database made by `dispatchdesk generate --tickets N` (docs/decisions/0042).
Times the console's two reads that grew with history — the group queues and the agent board — as
they were (the code of 922084f, kept below as `*_before`) and as they are (dispatch.console), then
the whole page GET /agent/dispatch/ through Django's test client as the generated dispatcher.

Run: DATABASE_URL=postgres://postgres@127.0.0.1:5432/x DISPATCHDESK_SECRET_KEY=x \\
     .venv/bin/python bench/console.py [--sizes 10000,200000] [--keep]
"""

# Django reads the database settings once, at setup: each size runs in a process of its own.
# ruff: noqa: PLC0415

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import django_on_scratch, drop_database, percentile, write_result

RUNS = int(os.environ.get("BENCH_RUNS", "20"))


def group_queues_before() -> list[Any]:
    """922084f's group queues: every ticket joined to its group, counted on each request."""
    from django.db.models import Count, Min, Q

    from dispatchdesk.accounts.models import SkillGroup
    from dispatchdesk.tickets.models import Status

    waiting = Q(tickets__status=Status.NEW)
    return list(
        SkillGroup.objects.select_related("lead").annotate(
            waiting=Count("tickets", filter=waiting), oldest=Min("tickets__created_at", filter=waiting)
        )
    )


def agent_board_before() -> list[Any]:
    """922084f's agent board: every owned ticket made a model, awaiting-customer ones included."""
    from dispatchdesk.accounts.models import AgentProfile, Availability
    from dispatchdesk.common import clock
    from dispatchdesk.dispatch.console import BoardRow
    from dispatchdesk.tickets.models import OWNED_STATUSES, Ticket

    now = clock.now()
    profiles = (
        AgentProfile.objects.filter(user__is_active=True)
        .select_related("user", "region")
        .prefetch_related("groups", "shifts")
    )
    owned = Ticket.objects.filter(status__in=OWNED_STATUSES).only("pk", "number", "status", "priority", "assignee_id")
    by_agent: dict[int, list[Any]] = defaultdict(list)
    for ticket in owned.order_by("priority", "created_at"):
        if ticket.assignee_id is not None:
            by_agent[ticket.assignee_id].append(ticket)
    rows = [BoardRow(p, by_agent[p.user_id], p.availability(now)) for p in profiles]
    order = list(Availability)
    return sorted(rows, key=lambda r: (order.index(r.availability), -r.profile.load, str(r.profile.user)))


def timed(read: Callable[[], object]) -> list[float]:
    samples = []
    for _ in range(RUNS):
        started = time.perf_counter()
        read()
        samples.append(time.perf_counter() - started)
    return samples


def measure_one(tickets: int, keep: bool) -> dict[str, Any]:
    url = django_on_scratch(f"dispatchdesk_bench_console_{tickets}")
    from django.db import connection
    from django.test import Client

    from dispatchdesk.accounts.models import User
    from dispatchdesk.demo.generate import generate
    from dispatchdesk.dispatch.console import agent_board, group_queues
    from dispatchdesk.tickets.models import OWNED_STATUSES, Status, Ticket

    generate(tickets=tickets)
    client = Client()
    client.force_login(User.objects.get(username="dispatcher"))

    def page() -> None:
        if client.get("/agent/dispatch/").status_code != 200:
            raise SystemExit("the console did not answer 200")

    result = {
        "tickets": Ticket.objects.count(),
        "new": Ticket.objects.filter(status=Status.NEW).count(),
        "owned": Ticket.objects.filter(status__in=OWNED_STATUSES).count(),
        "awaiting": Ticket.objects.filter(status=Status.AWAITING_CUSTOMER).count(),
    }
    for name, read in [
        ("queues_before", group_queues_before),
        ("queues_after", group_queues),
        ("board_before", agent_board_before),
        ("board_after", agent_board),
        ("page", page),
    ]:
        read()  # warm
        samples = timed(read)
        result[name] = [percentile(samples, 0.5) * 1000, percentile(samples, 0.95) * 1000]
    connection.close()
    if not keep:
        drop_database(url)
    return result


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="10000,200000")
    parser.add_argument("--keep", action="store_true", help="keep the scratch databases")
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)  # the child process for one size
    args = parser.parse_args()
    if args.one:
        print("RESULT " + json.dumps(measure_one(args.one, args.keep)), flush=True)
        return
    results = []
    for size in (int(s) for s in args.sizes.split(",")):
        command = [sys.executable, __file__, "--one", str(size), *(["--keep"] if args.keep else [])]
        output = subprocess.run(command, check=True, capture_output=True, text=True).stdout  # noqa: S603
        results.append(json.loads(next(line for line in output.splitlines() if line.startswith("RESULT "))[7:]))
        print(results[-1], flush=True)
    report(results)


def report(results: list[dict[str, Any]]) -> None:
    def cells(result: dict[str, Any], key: str) -> str:
        return " | ".join(f"{value:.1f}" for value in result[key])

    table = [
        "| tickets | New | owned (awaiting customer) | queues before p50 ms | p95 | queues after p50 | p95 "
        "| board before p50 | p95 | board after p50 | p95 | whole page after p50 | p95 |",
        "| ---: | ---: | ---: |" + " ---: |" * 10,
    ]
    for r in results:
        table.append(
            f"| {r['tickets']:,} | {r['new']:,} | {r['owned']:,} ({r['awaiting']:,}) | "
            + " | ".join(
                cells(r, key) for key in ("queues_before", "queues_after", "board_before", "board_after", "page")
            )
            + " |"
        )
    load = ", ".join(f"{value:.1f}" for value in os.getloadavg())
    notes = f"""
{RUNS} runs each after one warm-up, in process (Python + PostgreSQL time of each read). "Before" is the
code of 922084f (kept in this script): the group queues joined every ticket to its group and counted
the New ones on each request; the board made a model of every owned ticket, awaiting-customer ones
included. "After" (dispatch.console): the queues count and date the New tickets in one grouped query
over the New range of `ticket_queue_idx`; the board lists the tickets in hand and counts those waiting
on the customer per agent. "Whole page" is GET /agent/dispatch/ through Django's test client as the
generated dispatcher (the review queue included). Desks by `dispatchdesk generate` (400 agents, 8 groups).
Load average (1, 5, 15 min) at the end: {load}, on 2 cores shared with other jobs.
"""
    path = write_result("console", "Dispatcher console as history grows (PostgreSQL)", table, notes)
    print("wrote", path)


if __name__ == "__main__":
    main()
