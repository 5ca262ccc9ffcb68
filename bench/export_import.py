"""Export, import, backup and restore of a demo desk, each step as its own `dispatchdesk` process.

For each size: a demo desk of N tickets is loaded (not timed) into a scratch database, then timed with
/usr/bin/time (wall seconds and the process's peak memory): `export` to a file, `import` of that file
into a second, empty scratch database, `export` of the imported desk (which must be the same file but
for its header), `backup` of the first database and `restore --force` of it over the second. The peak
memory at two sizes shows whether a step holds the desk in memory (it should not grow with N).
SQLite by default (temporary files); with DATABASE_URL, PostgreSQL, in scratch databases
`dispatchdesk_bench_export_a` / `_b` on that server, dropped at the end.

Run: .venv/bin/python bench/export_import.py [--tickets 500,2000]
     DATABASE_URL=postgres://postgres@127.0.0.1:5432/x DISPATCHDESK_SECRET_KEY=x .venv/bin/python bench/export_import.py
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import recreate_database, scratch_url, write_result

ROOT = Path(__file__).resolve().parent.parent
DISPATCHDESK = ROOT / ".venv" / "bin" / "dispatchdesk"


@dataclass(frozen=True)
class Step:
    name: str
    seconds: float
    peak_mib: float


def run(environment: dict[str, str], *arguments: str) -> Step:
    """One `dispatchdesk` command, timed by /usr/bin/time: wall seconds and peak resident memory."""
    with tempfile.NamedTemporaryFile("r", suffix=".time") as timing:
        subprocess.run(  # noqa: S603 - our own command line
            ["/usr/bin/time", "-o", timing.name, "-f", "%e %M", str(DISPATCHDESK), *arguments],
            env=environment,
            check=True,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        seconds, kib = timing.read().split()
    name = "start-up" if arguments[0] == "shell" else arguments[0]
    return Step(name, float(seconds), int(kib) / 1024)


def databases(work: Path, postgres: str) -> tuple[dict[str, str], dict[str, str]]:
    """The environments of the source desk and of the empty one it is imported into."""
    base = {**os.environ, "DISPATCHDESK_SECRET_KEY": os.environ.get("DISPATCHDESK_SECRET_KEY", "bench")}
    if not postgres:
        for side in "ab":
            (work / side).mkdir()
        return {**base, "DISPATCHDESK_DATA_DIR": str(work / "a")}, {**base, "DISPATCHDESK_DATA_DIR": str(work / "b")}
    urls = [scratch_url(postgres, f"dispatchdesk_bench_export_{side}") for side in "ab"]
    for url in urls:
        recreate_database(url)
    return {**base, "DATABASE_URL": urls[0]}, {**base, "DATABASE_URL": urls[1]}


def measure(tickets: int, work: Path, postgres: str) -> list[Step]:
    source, target = databases(work, postgres)
    for environment in (source, target):
        run(environment, "migrate", "-v0")
    run(source, "load_demo", "--tickets", str(tickets), "--customers", str(max(20, tickets // 10)))
    first, second = work / "first.jsonl", work / "second.jsonl"
    steps = [
        run(source, "export", "--output", str(first)),
        run(target, "import", str(first)),
        run(target, "export", "--output", str(second)),
    ]
    if first.read_text().splitlines()[1:] != second.read_text().splitlines()[1:]:
        sys.exit("The imported desk exported differently: the round trip is broken.")
    backup = work / "desk.backup"
    steps.insert(0, run(source, "shell", "-c", "pass"))  # start-up alone: Django set up, nothing done
    steps += [run(source, "backup", "--output", str(backup)), run(target, "restore", str(backup), "--force")]
    if postgres:
        for environment in (source, target):
            _drop(environment["DATABASE_URL"])
    return steps


def _drop(url: str) -> None:
    """The scratch database, dropped: this process never set Django up (each step is its own process)."""
    import psycopg  # noqa: PLC0415 - only the PostgreSQL run needs it
    from psycopg import sql  # noqa: PLC0415

    name = urlsplit(url).path.lstrip("/")
    with psycopg.connect(urlunsplit(urlsplit(url)._replace(path="/postgres")), autocommit=True) as admin:
        admin.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tickets", default="500,2000", help="Desk sizes, comma-separated")
    sizes = [int(size) for size in parser.parse_args().tickets.split(",")]
    postgres = os.environ.get("DATABASE_URL", "")
    engine = "PostgreSQL" if postgres else "SQLite"
    table = [
        "| tickets | step | seconds | less start-up | tickets/s | peak memory (MiB) | file (MiB) |",
        "|---|---|---|---|---|---|---|",
    ]
    for tickets in sizes:
        with tempfile.TemporaryDirectory(prefix="export-bench-") as directory:
            work = Path(directory)
            steps = measure(tickets, work, postgres)
            sizes_mib = {
                "export": (work / "first.jsonl").stat().st_size,
                "backup": (work / "desk.backup").stat().st_size,
            }
            start_up = steps[0].seconds
            for step in steps:
                size = sizes_mib.get(step.name)
                file = f"{size / 2**20:.1f}" if size is not None else ""
                net = max(step.seconds - start_up, 0.01)
                rate = f"{tickets / net:.0f}" if step.name != "start-up" else ""
                row = f"| {tickets} | {step.name} | {step.seconds:.1f} | {net:.1f} | {rate} | {step.peak_mib:.0f} | {file} |"
                table.append(row)
                print(row, flush=True)
    with open("/proc/loadavg") as loadavg:
        load = loadavg.read().split()[:3]
    notes = f"""
{engine}; the demo desk (about 5 messages and 20 timeline events a ticket). Each step is one
`dispatchdesk` process, timed by /usr/bin/time; "start-up" is `dispatchdesk shell -c pass` (Django set up,
nothing done), and "less start-up" and tickets/s take it away. Load average at the
end: {" ".join(load)} (2 cores shared with other work: times are noisy, memory is not).
The second `export` is of the imported desk; the script checks it equals the first but for the header.
Import includes rebuilding the report figures; restore replaces a desk of the same size (`--force`).

What bounds it (profiled in-process on a 150-ticket desk): an export is 34 queries for the whole
desk, whatever its size (each ticket chunk of 500 is read with its messages, attachments, timeline,
ratings, tags and skills in one query each), and its time is Django building model instances
(`Model.from_db`); reading rows as `values()` would be the next step if it mattered. Its memory is
bounded by the chunk: the peak grows until a desk fills one chunk (500 tickets) and stays there.
An import is one `INSERT` per configuration row and per ticket (its history in a few bulk inserts),
each in a savepoint, with Django's field checks on every row: SQL compilation and `full_clean` take
most of its time; its memory stays flat. Backup and restore are the databases' own copies.
"""
    path = write_result(
        f"export-import-{engine.lower()}", f"Export, import, backup and restore ({engine})", table, notes
    )
    print(path)


if __name__ == "__main__":
    main()
