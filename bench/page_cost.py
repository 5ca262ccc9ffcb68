"""What one request costs in the web process, page by page (issue 15): queries, SQL time and Python time.

In this process, through Django's test client on a generated desk (PostgreSQL), as the demo's dispatcher
(who sees every ticket, as in the peer workload): the agent ticket list of one group (the peer workload's
`list_ui`), a random ticket's page (`detail_ui`), the API fetch of a random ticket (`detail_api`), and the
trivial authenticated request `/` (a redirect: sessions, authentication and every middleware, no template).
Each is asked WARMUP times, then RUNS times with its queries timed at the connection (`execute_wrapper`):
SQL = time inside database calls, Python = wall time minus SQL, CPU = this process's CPU time (what other
jobs on the machine inflate least). Medians and p95 of the RUNS requests. Then PROFILED more requests under
cProfile give the Python function calls per request: a count of the work that does not depend on the load.

Run (under the benchmark lock, on a quiet machine):
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/x DISPATCHDESK_SECRET_KEY=x \\
        flock -x /tmp/bench.lock .venv/bin/python bench/page_cost.py --reuse DATABASE  # or --tickets 100000
`--reuse` measures an existing generated desk (left as it is); otherwise a scratch desk is generated and dropped.
`--label` names the run in the table (e.g. "before", "after"); the runs already in the file are kept.
"""

# Django reads the database settings once, at setup: everything Django is imported after.
# ruff: noqa: PLC0415

from __future__ import annotations

import argparse
import cProfile
import json
import os
import pstats
import random
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import RESULTS, Recorder, django_on_scratch, drop_database, machine, percentile

SCRATCH = "dispatchdesk_bench_page_cost"
RUNS = int(os.environ.get("BENCH_RUNS", "50"))
WARMUP = 10
PROFILED = 10  # requests counted under cProfile for the calls per request
STORE = RESULTS / "page-cost.json"
PAGES = ("list", "ticket_page", "api_fetch", "trivial")


def requests(tickets: int) -> dict[str, Callable[[], Any]]:
    """Each page's request as the dispatcher; a ticket page and an API fetch ask for a random ticket."""
    from django.test import Client

    from dispatchdesk.accounts.auth import api_token_create
    from dispatchdesk.accounts.models import SkillGroup, User

    dispatcher = User.objects.get(username="dispatcher")
    _token, raw = api_token_create(user=dispatcher, name="page-cost")
    ui, api = Client(), Client(headers={"authorization": f"Bearer {raw}"})
    ui.force_login(dispatcher)
    group = SkillGroup.objects.order_by("pk").values_list("pk", flat=True).first()
    rng = random.Random(15)
    return {
        "list": lambda: ui.get(f"/agent/tickets/?group={group}"),
        "ticket_page": lambda: ui.get(f"/agent/tickets/{rng.randint(1, tickets)}/"),
        "api_fetch": lambda: api.get(f"/api/tickets/{rng.randint(1, tickets)}"),
        "trivial": lambda: ui.get("/"),
    }


def measure(request: Callable[[], Any]) -> dict[str, float]:
    from django.db import connection

    for _n in range(WARMUP):
        _expect_ok(request())
    walls, cpus, timers = [], [], []
    for _n in range(RUNS):
        timer = Recorder()
        with connection.execute_wrapper(timer):
            started, cpu = time.perf_counter(), time.process_time()
            _expect_ok(request())
            walls.append(time.perf_counter() - started)
            cpus.append(time.process_time() - cpu)
        timers.append(timer)
    profiler = cProfile.Profile()  # Python function calls: a measure of the work that other jobs cannot inflate
    profiler.enable()
    for _n in range(PROFILED):
        request()
    profiler.disable()
    sqls = [t.sql_s for t in timers]
    pythons = [wall - sql for wall, sql in zip(walls, sqls, strict=True)]
    return {
        "queries": statistics.median(t.queries for t in timers),
        "sql_ms": round(statistics.median(sqls) * 1000, 2),
        "python_ms": round(statistics.median(pythons) * 1000, 2),
        "python_p95_ms": round(percentile(pythons, 0.95) * 1000, 2),
        "cpu_ms": round(statistics.median(cpus) * 1000, 2),
        "calls": round(pstats.Stats(profiler).total_calls / PROFILED),  # type: ignore[attr-defined]  # not in the stubs
        "wall_ms": round(statistics.median(walls) * 1000, 2),
        "wall_p95_ms": round(percentile(walls, 0.95) * 1000, 2),
    }


def _expect_ok(response: Any) -> None:
    if response.status_code not in (200, 302):
        raise SystemExit(f"{response.request['PATH_INFO']} answered {response.status_code}")


def load_average() -> str:
    return " / ".join(f"{value:.2f}" for value in os.getloadavg())


def write(runs: dict[str, Any]) -> None:
    STORE.write_text(json.dumps(runs, indent=1) + "\n")
    lines = [
        "# What a page costs in the web process (issue 15)",
        "",
        "Each page through Django's test client in one process on a generated desk (PostgreSQL), as the demo's "
        f"dispatcher; {WARMUP} requests of warm-up, then {RUNS} counted. SQL = time inside database calls, Python = "
        "the rest of the request's wall time, CPU = the process's CPU time during the request (least inflated by "
        "other jobs on the machine). Medians (p95 where named). Python calls = function calls per request under "
        f"cProfile ({PROFILED} more requests): the work itself, whatever the load. Written by `bench/page_cost.py`.",
        "",
        "| run | page | queries | SQL ms | Python ms | Python p95 ms | CPU ms | wall ms | wall p95 ms | Python calls |",
        "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for label, run in runs.items():
        for page in PAGES:
            f = run["pages"][page]
            lines.append(
                f"| {label} | {page} | {f['queries']:g} | {f['sql_ms']} | {f['python_ms']} | {f['python_p95_ms']} "
                f"| {f.get('cpu_ms', '-')} | {f['wall_ms']} | {f['wall_p95_ms']} | {f.get('calls', '-')} |"
            )
    lines += ["", "Runs:", ""]
    for label, run in runs.items():
        lines.append(
            f"- **{label}**: {run['when']} on {run['machine']}, {run['tickets']:,} tickets; "
            f"load average (1 / 5 / 15 min) {run['load_before']} before, {run['load_after']} after. {run.get('about', '')}"
        )
    lines += [
        "",
        "Pages: list = `/agent/tickets/?group=<first group>` (the peer workload's `list_ui`, 25 rows); "
        "ticket_page = `/agent/tickets/<random>/` (`detail_ui`); api_fetch = `GET /api/tickets/<random>` "
        "(`detail_api`, bearer token); trivial = `/` (the staff start page's redirect: middleware, session and "
        "authentication alone).",
        "",
    ]
    (RESULTS / "page-cost.md").write_text("\n".join(lines))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tickets", type=int, default=100_000, help="size of a scratch desk to generate")
    parser.add_argument("--reuse", metavar="DATABASE", help="measure this already generated desk instead")
    parser.add_argument("--label", default="run", help="the run's name in the table")
    parser.add_argument("--about", default="", help="which code the run measured, in words, for the notes")
    parser.add_argument("--no-write", action="store_true", help="print the table only (a trial run)")
    args = parser.parse_args()
    url = django_on_scratch(args.reuse or SCRATCH, recreate=not args.reuse)
    from dispatchdesk.tickets.models import Ticket

    if not args.reuse:
        from dispatchdesk.demo.generate import generate

        generate(tickets=args.tickets, seed=1)
    tickets = Ticket.objects.count()
    load_before = load_average()
    figures = {name: measure(request) for name, request in requests(tickets).items()}
    from datetime import UTC, datetime

    run = {
        "when": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "machine": machine(),
        "tickets": tickets,
        "load_before": load_before,
        "load_after": load_average(),
        "about": args.about,
        "pages": figures,
    }
    if not args.no_write:
        runs = json.loads(STORE.read_text()) if STORE.exists() else {}
        write(runs | {args.label: run})
    print(
        f"{'page':<12} {'queries':>7} {'SQL ms':>7} {'Python ms':>9} {'p95':>7} {'CPU ms':>7} {'wall ms':>8} {'calls':>7}"
    )
    for page, f in figures.items():
        print(
            f"{page:<12} {f['queries']:>7g} {f['sql_ms']:>7} {f['python_ms']:>9} {f['python_p95_ms']:>7} "
            f"{f['cpu_ms']:>7} {f['wall_ms']:>8} {f['calls']:>7}"
        )
    print(f"load average {load_before} before, {run['load_after']} after")
    if not args.reuse:
        drop_database(url)


if __name__ == "__main__":
    main()
