"""The manager dashboard beside django-helpdesk's, on the same machine, through one HTTP workload.

Needs the shared peer kit (never a dependency of `make test`): DISPATCHDESK_SHARED points at the
directory holding `peer/` (peer_bench.py, django_helpdesk.json), and PEER_ROOT at a django-helpdesk
install made by `peer/setup_django_helpdesk.sh` with one PostgreSQL database per scale point.

For each scale, one after the other so the machine's noise hits both alike:
1. django-helpdesk: its gunicorn (4 sync workers, `run_gunicorn.sh`) on its database, and
   `peer_bench.py --only dashboard` (GET /helpdesk/dashboard/ signed in as its staff agent);
2. Dispatchdesk: a scratch database filled by bench/dashboard.py's generator with as many tickets
   (a year of history, the newest now), served by `bench/common.start_server`, and the same
   scenario against GET /manage/dashboard/ signed in as a manager;
then the medians of the repetitions' p50 and p95 and their ratio go to docs/benchmarks/dashboard.md
(its section "Beside django-helpdesk", the rest of the file is left as it is).

Run: DISPATCHDESK_SHARED=/work/shared PEER_ROOT=~/peers/django-helpdesk \\
     DATABASE_URL=postgres://postgres@127.0.0.1:5432/dispatchdesk DISPATCHDESK_SECRET_KEY=x \\
     .venv/bin/python bench/dashboard_peer.py --scale 10000=dh_10k [--scale 200000=dh_200k]
"""

# ruff: noqa: PLC0415  (Django after DATABASE_URL is set)

from __future__ import annotations

import argparse
import json
import os
import secrets
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import (
    RESULTS,
    drop_database,
    free_port,
    peer_server,
    recreate_database,
    required_env,
    run_peer_bench,
    scratch_url,
    start_server,
)

SCRATCH = "dispatchdesk_bench_dashboard_peer"
PASSWORD = secrets.token_urlsafe(16)  # the scratch manager's, for this run only
SECTION = "## Beside django-helpdesk"
REPS, REQUESTS = 5, 20  # per scale; --requests lowers it for a slow peer (200k: seconds per request)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--scale", action="append", required=True, help="TICKETS=PEER_DATABASE, e.g. 10000=dh_10k")
    parser.add_argument("--reps", type=int, default=REPS)
    parser.add_argument("--requests", type=int, default=REQUESTS, help="per repetition")
    args = parser.parse_args()
    runs = Runs(args.reps, args.requests)
    required_env("DISPATCHDESK_SHARED")
    peer_root = required_env("PEER_ROOT")
    url = scratch_url(os.environ.get("DATABASE_URL", ""), SCRATCH)
    os.environ |= {"DATABASE_URL": url, "DISPATCHDESK_SECURE_COOKIES": "false"}
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dispatchdesk.config.settings")
    os.environ.setdefault("DISPATCHDESK_SECRET_KEY", "bench-only-not-a-secret")
    rows = []
    for scale in args.scale:
        tickets, database = scale.split("=", 1)
        peer = measure_peer(Path(peer_root), database, int(tickets), runs)
        ours = measure_ours(url, int(tickets), runs)
        rows.append((int(tickets), runs, peer, ours))
        print(f"{int(tickets):,} tickets: django-helpdesk {peer}, Dispatchdesk {ours}", flush=True)
    write_section(rows)


@dataclass(frozen=True, slots=True)
class Runs:
    reps: int
    requests: int


def measure_peer(root: Path, database: str, tickets: int, runs: Runs) -> dict[str, float]:
    """django-helpdesk's dashboard on its own gunicorn, by the kit's own workload."""
    port = free_port()
    with peer_server(root, database, port):
        workload = json.loads((Path(os.environ["DISPATCHDESK_SHARED"]) / "peer" / "django_helpdesk.json").read_text())
        # Its sign-in check opens the dashboard with a fixed 30 s time-out, which the peer at 200k on a busy
        # machine exceeds: check the sign-in on its ticket list instead (the dashboard is measured after).
        workload["auth"]["ui"]["check_path"] = "/helpdesk/tickets/"
        workload["defaults"]["timeout_s"] = 600
        return peer_bench(workload, port, runs, [f"ticket_id_max={tickets}"])


def measure_ours(url: str, tickets: int, runs: Runs) -> dict[str, float]:
    """Dispatchdesk's dashboard on a scratch database of `tickets` tickets, served over HTTP."""
    import django
    from django.core.management import call_command
    from django.db import connections

    connections.close_all()
    recreate_database(url)
    django.setup()
    call_command("migrate", verbosity=0)
    from dashboard import generate, make_people  # bench/dashboard.py: the same desk as the 1M benchmark

    people = make_people()
    people["manager"].set_password(PASSWORD)
    people["manager"].save(update_fields=["password"])
    generate(tickets, people)
    connections.close_all()
    port = free_port()
    with open(Path(tempfile.gettempdir()) / "dashboard_peer_server.log", "w") as log:
        server = start_server(port, log)
        try:
            return peer_bench(our_workload(port, runs), port, runs, [])
        finally:
            server.terminate()
            server.wait()
            drop_database(url)


def our_workload(port: int, runs: Runs) -> dict[str, Any]:
    """The kit's dashboard scenario, pointed at Dispatchdesk's dashboard and sign-in page."""
    return {
        "product": "Dispatchdesk (bench/common.start_server, PostgreSQL)",
        "base_url": f"http://127.0.0.1:{port}",
        "defaults": {"reps": runs.reps, "warmup": 3, "timeout_s": 60},
        "vars": {"username": "manager", "password": PASSWORD},
        "auth": {
            "ui": {
                "type": "form_login",
                "login_path": "/accounts/login/",
                "fields": {"username": "{username}", "password": "{password}", "next": "/manage/dashboard/"},
                "csrf_cookie": "csrftoken",
                "csrf_field": "csrfmiddlewaretoken",
                "expect_status": [302],
                "check_path": "/manage/dashboard/",
            }
        },
        "scenarios": [
            {
                "name": "dashboard",
                "auth": "ui",
                "method": "GET",
                "path": "/manage/dashboard/",
                "requests": runs.requests,
                "max_seconds": 600,
            }
        ],
    }


def peer_bench(workload: dict[str, Any], port: int, runs: Runs, extra: list[str]) -> dict[str, float]:
    """The kit's load tool on the dashboard scenario; p50/p95 in ms."""
    arguments = ["--only", "dashboard", "--reps", str(runs.reps), "--max-total-s", "3600"]
    arguments += ["--override", f"dashboard.requests={runs.requests}", "--override", "dashboard.max_seconds=900"]
    arguments += ["--override", "dashboard.timeout_s=600"]  # the peer at 200k on a busy machine: half a minute and more
    for value in extra:
        arguments += ["--set", value]
    result = run_peer_bench(workload, port, arguments)
    summary = result["scenarios"][0]["results"][0]["summary"]
    if summary["errors"]:
        sys.exit(f"{summary['errors']} requests failed against {workload['product']}")
    return {"p50": summary["p50_ms"], "p95": summary["p95_ms"]}


Row = tuple[int, Runs, dict[str, float], dict[str, float]]
HEADER = [
    "| tickets | requests | django-helpdesk p50 (ms) | p95 (ms) | Dispatchdesk p50 (ms) | p95 (ms) "
    "| ratio of p50 | ratio of p95 | load average |",
    "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
]


def write_section(rows: list[Row]) -> None:
    """Replace (or add) the section of docs/benchmarks/dashboard.md that compares the two; rows of
    scales not measured this time are kept."""
    load = " / ".join(Path("/proc/loadavg").read_text().split()[:3])
    path = RESULTS / "dashboard.md"
    text = path.read_text()
    head, _section, rest = text.partition(SECTION)
    measured = {f"| {tickets:,} |" for tickets, *_rest in rows}
    kept = [line for line in rest.splitlines() if line.startswith("| ") and line[2:3].isdigit()]
    lines = [line for line in kept if not any(line.startswith(prefix) for prefix in measured)]
    for tickets, runs, peer, ours in rows:
        lines.append(
            f"| {tickets:,} | {runs.reps} x {runs.requests} | {peer['p50']:.1f} | {peer['p95']:.1f} "
            f"| {ours['p50']:.1f} | {ours['p95']:.1f} | {peer['p50'] / ours['p50']:.1f} "
            f"| {peer['p95'] / ours['p95']:.1f} | {load} |"
        )
    lines.sort(key=lambda line: int(line.split("|")[1].strip().replace(",", "")))
    section = [SECTION, "", *HEADER, *lines, "", NOTES, ""]
    path.write_text(head.rstrip() + "\n\n" + "\n".join(section))
    print("\n".join(section))


NOTES = (
    "Written by `bench/dashboard_peer.py`: django-helpdesk 2.6.1 installed from PyPI by the shared kit's "
    "`setup_django_helpdesk.sh` (gunicorn, 4 sync workers, its own PostgreSQL database, ~2 follow-ups per "
    "ticket over 180 days) and Dispatchdesk on a scratch database from bench/dashboard.py's generator "
    "(a year of tickets, served by `bench/common.start_server`), one after the other, each driven by the "
    "kit's `peer_bench.py` with one client: GET the dashboard signed in, repetitions x requests after 3 "
    "warm-up requests, the median of the repetitions' p50 and p95. A ratio above 1 means Dispatchdesk "
    "answers faster. The load average (1, 5, 15 min) is read when the row is written; the machine's "
    "2 cores are shared with other jobs, so absolute times are inflated for both products alike and "
    "only the ratio carries over to another machine."
)


if __name__ == "__main__":
    main()
