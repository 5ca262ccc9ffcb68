"""Alerts through POST /hooks/alerts/ on a real server and PostgreSQL (goal: >= 200 alerts/s, de-duplicated).

Recreates a scratch database, migrates it, adds an Alertmanager source, starts the same server as
bench/api_create_to_assigned.py (Django's `runserver --noreload`, TCP_NODELAY), and posts Alertmanager
version-4 payloads of one alert each from several keep-alive clients at once: ALERTS alerts over
FINGERPRINTS fingerprints in random order, so most are repeats and each fingerprint's first copies
race each other. A run counts only if afterwards every fingerprint has exactly one ticket and the
counts add up to the alerts sent. Median of RUNS runs, each with fresh fingerprints.

Run: DATABASE_URL=postgres://postgres@127.0.0.1:5432/dispatchdesk DISPATCHDESK_SECRET_KEY=x \\
     .venv/bin/python bench/alert_webhook.py
"""

# Django reads the database settings once, at setup, so everything that needs it is imported
# after the script has pointed DATABASE_URL at the scratch database.
# ruff: noqa: PLC0415

from __future__ import annotations

import http.client
import json
import os
import random
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

sys.path.insert(0, str(Path(__file__).resolve().parent))

from api_create_to_assigned import SERVER, free_port, start_server
from common import write_result

SCRATCH = "dispatchdesk_bench_alerts"
TOKEN = "bench-alert-token"  # noqa: S105 - a scratch database's source, gone when the script ends
RUNS = 3
ALERTS = 2000
FINGERPRINTS = 200
CLIENTS = 4
GOAL_PER_S = 200.0


def main() -> None:
    url = scratch_url(os.environ.get("DATABASE_URL", ""))
    recreate_database(url)
    os.environ["DATABASE_URL"] = url
    os.environ["DISPATCHDESK_ALERT_TOKENS"] = f"bench={TOKEN}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dispatchdesk.config.settings")
    os.environ.setdefault("DISPATCHDESK_SECRET_KEY", "bench-only-not-a-secret")
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)
    add_source()
    port = free_port()
    rates: list[float] = []
    with tempfile.NamedTemporaryFile("w", prefix="bench-server-", suffix=".log", delete=False) as log:
        server = start_server(port, log)
        try:
            for run in range(RUNS):
                rates.append(measure(port, run, random.Random(run)))
                print(f"run {run + 1}: {rates[-1]:.0f} alerts/s")
        finally:
            server.terminate()
            server.wait(timeout=10)
    print("server log:", log.name)
    report(rates)
    drop_database(url)


def add_source() -> None:
    """An Alertmanager source whose storm limit never triggers: every new fingerprint goes through
    the front door (the dearer path), so the measure is not flattered by storm grouping."""
    from dispatchdesk.customers.models import Contact
    from dispatchdesk.intake.models import AlertFormat, AlertSource

    customer = Contact.objects.create(name="Monitoring", email="monitoring@customer.example")
    AlertSource.objects.create(name="bench", format=AlertFormat.ALERTMANAGER, customer=customer, storm_limit=30000)


def payload(fingerprint: str) -> bytes:
    alert = {
        "status": "firing",
        "labels": {"alertname": "HighLatency", "instance": fingerprint, "severity": "warning"},
        "annotations": {"summary": f"Latency above 2 s on {fingerprint}"},
        "startsAt": "2026-12-03T09:00:00Z",
        "endsAt": "0001-01-01T00:00:00Z",
        "generatorURL": "http://prometheus.example:9090/graph",
        "fingerprint": fingerprint,
    }
    body = {"version": "4", "groupKey": '{}:{alertname="HighLatency"}', "status": "firing", "receiver": "desk"}
    body |= {"alerts": [alert], "groupLabels": {}, "commonLabels": {}, "commonAnnotations": {}, "truncatedAlerts": 0}
    return json.dumps(body).encode()


def measure(port: int, run: int, rng: random.Random) -> float:
    """Alerts per second over one run, after checking the de-duplication held."""
    fingerprints = [f"r{run}-{n:04d}" for n in range(FINGERPRINTS)]
    sends = [payload(rng.choice(fingerprints)) for _ in range(ALERTS)]
    shares = [sends[client::CLIENTS] for client in range(CLIENTS)]
    failures: list[str] = []
    threads = [threading.Thread(target=post_all, args=(port, share, failures)) for share in shares]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    if failures:
        sys.exit(f"Run {run}: {len(failures)} requests failed, e.g. {failures[0]}")
    check(run, sent=len({json.loads(body)["alerts"][0]["fingerprint"] for body in sends}))
    return ALERTS / elapsed


def post_all(port: int, bodies: list[bytes], failures: list[str]) -> None:
    client = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    headers = {"Authorization": f"Bearer {TOKEN}", "Content-Type": "application/json"}
    for body in bodies:
        client.request("POST", "/hooks/alerts/", body=body, headers=headers)
        response = client.getresponse()
        answer = response.read()
        if response.status != 200:
            failures.append(f"{response.status} {answer[:200]!r}")
    client.close()


def check(run: int, *, sent: int) -> None:
    """One ticket per fingerprint, and every alert counted."""
    from django.db.models import Sum

    from dispatchdesk.intake.models import Alert

    alerts = Alert.objects.filter(fingerprint__startswith=f"r{run}-")
    tickets = alerts.values("ticket").distinct().count()
    counted = alerts.aggregate(total=Sum("count"))["total"]
    if (alerts.count(), tickets, counted) != (sent, sent, ALERTS):
        sys.exit(
            f"Run {run}: {alerts.count()} alerts on {tickets} tickets counting {counted}; expected {sent}, {ALERTS}"
        )


def report(rates: list[float]) -> None:
    median = statistics.median(rates)
    met = "yes" if median >= GOAL_PER_S else "NO"
    rows = [
        "| runs | alerts per run | fingerprints | clients | alerts/s per run | median alerts/s | goal | met |",
        "|---|---|---|---|---|---|---|---|",
        f"| {RUNS} | {ALERTS} | {FINGERPRINTS} | {CLIENTS} | {', '.join(f'{r:.0f}' for r in rates)} "
        f"| {median:.0f} | {GOAL_PER_S:.0f} | {met} |",
    ]
    print("\n".join(rows))
    notes = f"""
Each request is an Alertmanager version-4 payload holding one alert (the dearest case: one request
per alert), posted by {CLIENTS} keep-alive clients at once with the source's bearer token; {ALERTS} alerts
over {FINGERPRINTS} fingerprints in random order, fresh fingerprints each run, so about one alert in
ten is new and goes through the front door (`intake.services.ticket_submit`: recorded, routed,
dispatched, confirmed) and the rest are repeats counted on their open ticket. Each run is checked
afterwards: exactly one ticket per fingerprint, counts adding up to {ALERTS}. The source's storm limit
is set out of reach, so no alert is grouped onto a storm ticket. The desk has no agents, so new
tickets queue. Server: {SERVER}, on the same machine as PostgreSQL, in a scratch database ({SCRATCH})
that the script creates, migrates and drops.
"""
    print("wrote", write_result("alert-webhook", "Alert webhook throughput with de-duplication", rows, notes))


def scratch_url(configured: str) -> str:
    if urlsplit(configured).scheme not in {"postgres", "postgresql", "pgsql"}:
        sys.exit("This benchmark needs PostgreSQL: set DATABASE_URL=postgres://user@host:port/name.")
    return urlunsplit(urlsplit(configured)._replace(path=f"/{SCRATCH}"))


def recreate_database(url: str) -> None:
    import psycopg
    from psycopg import sql

    with psycopg.connect(_maintenance(url), autocommit=True) as admin:
        admin.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(SCRATCH)))
        admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(SCRATCH)))


def drop_database(url: str) -> None:
    import psycopg
    from django.db import connections
    from psycopg import sql

    connections.close_all()
    with psycopg.connect(_maintenance(url), autocommit=True) as admin:
        admin.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(SCRATCH)))


def _maintenance(url: str) -> str:
    return urlunsplit(urlsplit(url)._replace(path="/postgres"))


if __name__ == "__main__":
    main()
