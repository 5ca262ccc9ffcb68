"""Email import from IMAP into tickets on SQLite (goal: at least 20 messages/s).

A throw-away Dovecot (the tests' own, STARTTLS on a free port) receives N emails through IMAP APPEND:
new requests in the shapes of the captured Thunderbird and Gmail (inline image) emails, each with
its own Message-ID and sender, so each becomes a ticket for a new contact. Then one
`mailbox_poll` takes them all: fetch, parse, sanitise, a ticket through `ticket_submit` (routed,
dispatched, confirmation queued in the outbox), the InboundEmail row with its source, and the
\\Seen flag after each commit; in the second row each is then also moved to the mailbox's processed
folder (decision 0028). Only the poll is timed. Each run uses a fresh embedded SQLite
database (migrated first) under a temporary DISPATCHDESK_DATA_DIR.

Run: .venv/bin/python bench/email_import.py [--messages N] [--runs R] [--no-write]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
sys.path.insert(0, str(ROOT))
GOAL_PER_S = 20.0
SHAPES = ("thunderbird-new.eml", "gmail-inline-image.eml")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--messages", type=int, default=200)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--no-write", action="store_true")
    args = parser.parse_args()
    if os.environ.get("_EMAIL_BENCH_RUN"):
        print(one_run(args.messages, processed_folder=os.environ.get("_EMAIL_BENCH_FOLDER", "")))
        return
    results = {}
    for folder in ("", "Processed"):
        results[folder] = [_child(args.messages, folder) for _ in range(args.runs)]
        for rate in results[folder]:
            print(f"{rate:.1f} messages/s{' (moved to ' + folder + ')' if folder else ''}")
    if not args.no_write:
        _write(args.messages, results)


def _child(messages: int, folder: str) -> float:
    """Each run in a fresh process with a fresh database: Django reads its settings once."""
    with tempfile.TemporaryDirectory() as data:
        env = os.environ | {"_EMAIL_BENCH_RUN": "1", "DISPATCHDESK_DATA_DIR": data, "DISPATCHDESK_LOG_LEVEL": "WARNING"}
        env["_EMAIL_BENCH_FOLDER"] = folder
        env.pop("DATABASE_URL", None)
        out = subprocess.run(  # noqa: S603
            [sys.executable, __file__, "--messages", str(messages)], env=env, check=True, capture_output=True, text=True
        )
    return float(out.stdout.strip().splitlines()[-1])


def one_run(messages: int, *, processed_folder: str) -> float:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dispatchdesk.config.settings")
    import django  # noqa: PLC0415 - after the data directory is chosen

    django.setup()
    from django.conf import settings  # noqa: PLC0415
    from django.core.management import call_command  # noqa: PLC0415
    from tests.intake.email.dovecot import dovecot_server  # noqa: PLC0415

    from dispatchdesk.intake.channels.email.poll import mailbox_poll  # noqa: PLC0415
    from dispatchdesk.intake.models import InboundEmail, Mailbox, Security  # noqa: PLC0415

    call_command("migrate", verbosity=0)
    shapes = [(ROOT / "tests/intake/email/fixtures" / name).read_bytes() for name in SHAPES]
    with tempfile.TemporaryDirectory() as root, dovecot_server(Path(root)) as imap:
        for n in range(messages):
            raw = shapes[n % len(shapes)].replace(b"<8f2c1e9a", f"<b{n}-8f2c1e9a".encode())
            raw = raw.replace(b"<CAOx9Zq1", f"<b{n}-CAOx9Zq1".encode())
            imap.append(
                raw.replace(b"hanna.berger@", f"hanna{n}@".encode()).replace(b"jonas.keller@", f"jonas{n}@".encode())
            )
        settings.DISPATCHDESK_IMAP_CA_FILE = str(imap.ca_file)
        settings.DISPATCHDESK_EMAIL_PER_SENDER_HOUR = messages + 1
        os.environ["BENCH_IMAP_PASSWORD"] = imap.password
        mailbox = Mailbox.objects.create(
            name="Bench",
            address="support@dispatchdesk.localhost",
            host=imap.host,
            port=imap.port,
            security=Security.STARTTLS,
            username=imap.user,
            password_env="BENCH_IMAP_PASSWORD",  # noqa: S106 - the name of a variable, not a password
            processed_folder=processed_folder,
        )
        started = time.perf_counter()
        taken = mailbox_poll(mailbox, limit=messages)
        elapsed = time.perf_counter() - started
    assert taken == messages == InboundEmail.objects.filter(ticket__isnull=False).count()  # noqa: S101
    return messages / elapsed


def _write(messages: int, results: dict[str, list[float]]) -> None:
    from common import write_result  # noqa: PLC0415

    table = [
        "| taken emails | emails per run | runs | median messages/s | runs (messages/s) | goal | met |",
        "|---|---|---|---|---|---|---|",
    ]
    for folder, rates in results.items():
        median = statistics.median(rates)
        taken = f"moved to {folder}" if folder else "flagged \\Seen"
        table.append(
            f"| {taken} | {messages} | {len(rates)} | {median:.1f} "
            f"| {', '.join(f'{r:.1f}' for r in rates)} | ≥ {GOAL_PER_S:.0f}/s | {'yes' if median >= GOAL_PER_S else 'no'} |"
        )
    notes = __doc__.split("\n\n", 1)[1].rsplit("Run:", 1)[0]
    # A shared machine's load changes the rate several-fold: say what it was.
    notes += f"\n\nLoad average (1, 5, 15 min) when written: {', '.join(f'{x:.1f}' for x in os.getloadavg())}."
    write_result("email-import", "Email import from IMAP into tickets (SQLite)", table, notes)


if __name__ == "__main__":
    main()
