"""POST /api/tickets until the ticket is assigned, through a real server (goal: p99 <= 50 ms).

PostgreSQL only. Recreates a scratch database, migrates it, builds a desk (automatic groups,
50 online agents with skills), starts Django's `runserver --noreload` on a free port, and times
N ticket creations from one keep-alive client. Each ticket names a group and a required skill,
so it is routed and assigned within the request; every response must show an assignee.

Run: DATABASE_URL=postgres://postgres@127.0.0.1:5432/dispatchdesk DISPATCHDESK_SECRET_KEY=x \\
     .venv/bin/python bench/api_create_to_assigned.py [--policy sla-batch]
(the groups' dispatch policy; sla-batch writes its own result file)
(`--serve ADDRESS` is the server half, started by the script itself.)
"""

# Django reads the database settings once, at setup, so everything that needs it is imported
# after the script has pointed DATABASE_URL at the scratch database.
# ruff: noqa: PLC0415

from __future__ import annotations

import http.client
import json
import os
import random
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import (
    drop_database,
    free_port,
    recreate_database,
    scratch_url,
    start_server,
    summary_ms,
    write_result,
)

SCRATCH = "dispatchdesk_bench"
WARM_UP = 20
REQUESTS = 300
AGENTS = 50
SKILLS = ("vpn", "printers", "email", "sap", "network")
GROUPS = ("service-desk", "workplace")
GOAL_P99_MS = 50.0
SERVER = (
    "Django's `runserver --noreload` (threaded, `DEBUG` off, loading `config/wsgi.py` like any WSGI server), "
    "its sockets set to TCP_NODELAY as gunicorn sets them"
)


# How the goal was reached: measured 2026-11-25 on the 2-core VM named above, p50 / p90 / p99 / max ms.
HISTORY = """
How the goal was reached (2026-11-25, same machine; p50 / p90 / p99 / max in ms):

| step | p50 | p90 | p99 | max | queries |
|---|---|---|---|---|---|
| `runserver` as shipped (Nagle on: each response waits ~40 ms for a delayed ACK) | 83.9 | 87.9 | 131.8 | 132.0 | 48 |
| TCP_NODELAY, as gunicorn sets it (the baseline of this benchmark) | 34.9 | 38.0 | 79.5 | 82.5 | 48 |
| dispatch reads, first round: agents' skills and groups prefetched into plain lists, their users reused for the assignment and the stored decision, no empty routing UPDATE | 31.1 | 33.3 | 74.8 | 96.2 | 44 |
| `gc.freeze()` after start-up in `config/wsgi.py`: full collections no longer scan the ~100,000 start-up objects (each had been a 25-50 ms pause inside some request) | 30.3 | 32.5 | 40.2 | 43.4 | 44 |
| dispatch reads, second round: skills and groups read as plain values, affinity read for the ticket's customer only, the result fetched with its relations | 28.8 | 30.7 | 35.0 | 42.1 | 41 |

The VM is shared with other jobs: under a competing CPU-bound process single runs have shown a
p99 up to ~60-80 ms; on a quiet machine p99 stays between 35 and 45 ms.

2026-11-29, a slower day of the same kind of VM (bench/rank_agents.py: 1,000 agents p50 0.628 ms
against 0.436 ms on 2026-11-25), each row one run of this script:

| step | p50 | p90 | p99 | max | queries |
|---|---|---|---|---|---|
| the 2026-11-25 code (commit 9fa2c42) | 67.3 | 79.4 | 93.0 | 96.2 | 41 |
| + SLA clocks, the assignee's notification, the customer's confirmation task | 86.5 | 106.3 | 127.2 | 131.2 | 48 |
| + server-side binding with prepared statements (PostgreSQL plans each query once per connection; planning the ticket with its joins took 2-4 ms, more than running it) | 63.1 | 75.6 | 97.2 | 108.3 | 48 |
| + the SLA row inserted at once (no UPDATE that finds nothing first) | 67.9 | 80.5 | 90.1 | 95.2 | 47 |

On this day's machine the goal is not met, by the old code either; the added work costs no
more than the prepared statements saved.

Later on 2026-11-29, on a VM about three times slower than 2026-11-25's: the ranking benchmark's
own commit (5654c01) ranked 1,000 agents in p50 1.24-1.40 ms (0.436 ms on 2026-11-25) and
10,000 in p50 16.5-17.5 ms (5.09 ms). Steps, each row one run of this script (p50 / p90 / p99 / max ms):

| step | p50 | p90 | p99 | max | queries |
|---|---|---|---|---|---|
| start (d02e9b1) | 78.0 | 88.7 | 112.2 | 202.4 | 47 |
| agents read as plain values (no model, user, region or shift queryset per agent); skills, groups and shifts kept per process until the roster revision moves (docs/decisions/0011); dispatch settings and routing rules kept per process; the ticket number in one UPDATE ... RETURNING; a new ticket's first dispatch skips reading its history; the token's last use written once a minute | 61.4 | 76.0 | 91.3 | 95.8 | 36 |
| affinity as an EXISTS in the agents' query; an agent's slot taken by one conditional UPDATE | see the comparison below | | | | 34 |

The same commits measured in turns within minutes (`PYTHONPATH=<a worktree of the old commit>/src`
before this script runs the old code; p50 / p90 / p99 / max ms):

| code | p50 | p90 | p99 | max | queries |
|---|---|---|---|---|---|
| 2026-11-25 (9fa2c42, p99 35.0 ms that day) | 110.1 | 132.0 | 149.6 | 155.7 | 41 |
| this session, first round (47f4346) | 64.2 | 83.3 | 94.6 | 112.0 | 36 |
| 2026-11-25 (9fa2c42) | 90.8 | 108.8 | 127.1 | 139.6 | 41 |
| this session, first round (47f4346) | 56.6 | 75.1 | 89.7 | 96.5 | 36 |
| 2026-11-25 (9fa2c42) | 86.1 | 102.6 | 114.2 | 115.7 | 41 |
| this session, final | 53.8 | 61.9 | 71.2 | 76.7 | 34 |
| 2026-11-25 (9fa2c42) | 93.7 | 110.6 | 124.2 | 138.3 | 41 |
| this session, final | 49.6 | 61.1 | 70.7 | 77.8 | 34 |

The final code takes about 0.6 times as long as the 2026-11-25 code, which met the goal with
p99 35.0 ms on that day's machine; there it would be expected near p99 21 ms. On this machine
the goal is not met.

Late on 2026-11-29 the VM was again as fast as 2026-11-25's (bench/rank_agents.py: 5654c01
ranked 1,000 agents in p50 0.45-0.66 ms). The final code (0ad67ee) and the 2026-11-25 code
measured in turns (p50 / p90 / p99 / max ms):

| code | p50 | p90 | p99 | max | queries |
|---|---|---|---|---|---|
| final (0ad67ee) | 20.8 | 25.0 | 37.2 | 81.6 | 34 |
| final (0ad67ee) | 21.1 | 23.5 | 26.5 | 33.5 | 34 |
| 2026-11-25 (9fa2c42) | 32.8 | 38.8 | 45.0 | 47.9 | 41 |
| final (0ad67ee) | 19.2 | 22.7 | 29.4 | 34.8 | 34 |
| 2026-11-25 (9fa2c42) | 32.4 | 37.1 | 45.8 | 50.2 | 41 |

The goal (p99 at most 50 ms) is met in all three runs of the final code. Its p50 is 0.6 times
that of the 2026-11-25 code, as the turns on the slow VM had shown; its p99 (26.5-37.2 ms) is
above the "near 21 ms" inferred there, because the tail does not shrink in proportion.

2026-12-02 (issue 10: the front door, domain events, permission checks in the services, SLA deadlines
in the ticket facts, the group's dispatch policy). This session's code and its starting commit
(002c547, in its own virtualenv) in turns, the default policy priority-deadline (p50 / p90 / p99 / max ms):

| code | p50 | p90 | p99 | max | queries |
|---|---|---|---|---|---|
| start (002c547) | 29.3 | 36.8 | 44.2 | 67.5 | 34 |
| this session | 27.5 | 33.8 | 41.2 | 116.8 | 34 |
| start (002c547) | 28.7 | 35.4 | 40.4 | 41.8 | 34 |
| this session | 28.5 | 36.9 | 44.3 | 47.3 | 34 |
| start (002c547) | 26.1 | 35.0 | 39.9 | 41.9 | 34 |
| this session | 26.4 | 36.5 | 39.0 | 39.8 | 34 |

The restructuring costs nothing measurable (median p50 27.5 against 28.7 ms, the same 34 queries);
the goal is met in every run.

2026-12-03, issue 15's create cost (branch perf), on a heavily shared VM (load average 4-10 on 2 cores).
Queries per create rose to 68 with the features merged since (reports' figures, webhooks, live events,
wait promises). The fix: the figures follow each timeline event with the least work (a new ticket's row one
INSERT with no reads, instead of an UPDATE that found nothing, a read of the SLA row and of the timeline, then
an INSERT; an event that moves no count on an unanswered, unresolved ticket one UPDATE of the copied columns
instead of two reads and a full UPDATE), and one read of the ticket after dispatch serves the wait estimate
and the answer, with its tags and skills. The old code is the merge base 922084f (`PYTHONPATH=<its src>`),
runs in pairs within minutes (p50 / p90 / p99 / max ms):

| code | p50 | p90 | p99 | max | queries |
|---|---|---|---|---|---|
| 922084f, first pair | 91.5 | 133.4 | 144.8 | 155.7 | 68 |
| branch perf, first pair | 44.9 | 51.6 | 64.9 | 75.6 | 61 |
| 922084f, second pair (test suite running alongside) | 149.3 | 309.8 | 373.8 | 456.4 | 68 |
| branch perf, second pair (the same) | 179.8 | 256.5 | 302.5 | 371.6 | 57 |
| 922084f, third pair | 112.6 | 138.4 | 190.2 | 227.1 | 68 |
| branch perf, third pair | 47.0 | 114.4 | 169.1 | 182.3 | 57 |

The times only say "not slower" on a VM this loaded; the queries are the firm figure (68 → 57; 48 → 41 for
a create with no agent free, guarded by tests/intake/test_create_cost.py). Issue 15's goals (p50 ≤ 8 ms with
1 client; ≥ 250 req/s with 8 clients on 4 workers under `dispatchdesk serve`) were not measured here.
"""

HISTORY_SLA_BATCH = """
2026-12-02, the first measurements of live batch dispatch (a new ticket goes to the best of the engine's
offers, engine.batch.rank_offers), nine runs alternating with the default policy on the same machine
(p99 ms of each run, in order):

| policy | p99 of each run | median p99 | median p50 |
|---|---|---|---|
| sla-batch | 35.6, 54.0, 63.0, 36.7, 54.8, 107.8, 37.2, 41.8, 44.4 | 44.4 | 31.0 |
| priority-deadline | 45.0, 47.4, 46.0, 39.2, 42.5, 43.0, 44.0, 37.2, 48.5 | 44.0 | 31.3 |

The same median; the engine's part is small either way (in process, for 50 agents: offers 0.19 ms,
ranking 0.25 ms). sla-batch's runs spread wider, with three over the goal on a day when the VM
paused now and then (single requests of 93-185 ms in runs of both policies): the goal is met by the
median, not by every run.
"""


def main() -> None:
    policy = sys.argv[2] if sys.argv[1:2] == ["--policy"] else "priority-deadline"
    url = scratch_url(os.environ.get("DATABASE_URL", ""), SCRATCH)
    recreate_database(url)
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dispatchdesk.config.settings")
    os.environ.setdefault("DISPATCHDESK_SECRET_KEY", "bench-only-not-a-secret")
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)
    token, contacts = build_desk(random.Random(7), policy)
    port = free_port()
    with tempfile.NamedTemporaryFile("w", prefix="bench-server-", suffix=".log", delete=False) as log:
        server = start_server(port, log)
        try:
            samples, connections = measure(port, token, contacts, random.Random(11))
        finally:
            server.terminate()
            server.wait(timeout=10)
    print("server log:", log.name)
    report(samples, connections, queries_per_create(token, contacts[0]), policy)
    drop_database(url)


def build_desk(rng: random.Random, policy: str) -> tuple[str, list[int]]:
    """Automatic groups with `policy`, 50 online agents with 2-3 skills each, 40 contacts and a dispatcher's token."""
    from dispatchdesk.accounts.auth import api_token_create
    from dispatchdesk.accounts.models import AgentProfile, AgentSkill, Presence, Role, Skill, SkillGroup, User
    from dispatchdesk.customers.models import Contact

    skills = [Skill.objects.create(slug=slug, name=slug.title()) for slug in SKILLS]
    groups = [SkillGroup.objects.create(slug=slug, name=slug.title(), policy=policy) for slug in GROUPS]  # automatic
    for number in range(AGENTS):
        user = User.objects.create_user(username=f"agent{number:02d}", first_name=f"Agent {number}", role=Role.AGENT)
        # Capacity leaves room for every ticket of the run: nobody accepts or resolves meanwhile.
        profile = AgentProfile.objects.create(user=user, presence=Presence.ONLINE, capacity=12, languages=["en"])
        profile.groups.set([groups[number % len(groups)]])
        for skill in rng.sample(skills, k=rng.randint(2, 3)):
            AgentSkill.objects.create(agent=profile, skill=skill, proficiency=rng.randint(1, 5))
    contacts = [Contact.objects.create(name=f"Customer {n}", email=f"c{n}@customer.example") for n in range(40)]
    dispatcher = User.objects.create_user(username="bench", role=Role.DISPATCHER)
    _token, raw = api_token_create(user=dispatcher, name="bench")
    return raw, [c.pk for c in contacts]


def measure(port: int, token: str, contacts: list[int], rng: random.Random) -> tuple[list[float], int]:
    """Seconds per request after the warm-up (each response must be a 201 with an assignee), and
    how many TCP connections that took (1 when keep-alive works)."""
    client = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
    samples, connections = [], 0
    for number in range(WARM_UP + REQUESTS):
        connections += client.sock is None
        body = json.dumps(new_ticket(number, rng.choice(contacts), rng))
        started = time.perf_counter()
        client.request("POST", "/api/tickets", body=body, headers=headers)
        response = client.getresponse()
        payload = response.read()
        elapsed = time.perf_counter() - started
        ticket = json.loads(payload)
        if response.status != 201 or not ticket.get("assignee"):
            sys.exit(f"Request {number} was not assigned: {response.status} {payload[:300]!r}")
        if number >= WARM_UP:
            samples.append(elapsed)
    client.close()
    return samples, connections


def new_ticket(number: int, contact: int, rng: random.Random) -> dict[str, Any]:
    return {
        "subject": f"Bench ticket {number}: something stopped working",
        "description": "Since this morning it fails every time I try.",
        "customer_id": contact,
        "priority": rng.randint(1, 4),
        "group": rng.choice(GROUPS),
        "required_skills": [rng.choice(SKILLS)],
    }


def queries_per_create(token: str, contact: int) -> int:
    """Database queries behind one POST /api/tickets, counted in-process on the same database
    after one request has loaded what each process keeps (docs/decisions/0011)."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    body = new_ticket(0, contact, random.Random(1))
    headers = {"Authorization": f"Bearer {token}"}
    Client().post("/api/tickets", body, content_type="application/json", headers=headers)
    with CaptureQueriesContext(connection) as queries:
        response = Client().post("/api/tickets", body, content_type="application/json", headers=headers)
    if response.status_code != 201:
        sys.exit(f"The in-process request failed: {response.status_code} {response.content[:300]!r}")
    return len(queries)


def report(samples: list[float], connections: int, queries: int, policy: str) -> None:
    result = summary_ms(samples)
    met = "yes" if result["p99"] <= GOAL_P99_MS else "NO"
    rows = [
        "| requests | p50 ms | p90 ms | p99 ms | max ms | goal p99 ms | met | queries per request |",
        "|---|---|---|---|---|---|---|---|",
        f"| {len(samples)} | {result['p50']:.1f} | {result['p90']:.1f} | {result['p99']:.1f} | {result['max']:.1f} "
        f"| {GOAL_P99_MS:.0f} | {met} | {queries} |",
    ]
    print("\n".join(rows))
    notes = f"""
One client, keep-alive HTTP/1.1 ({connections} TCP connection(s) in all), {REQUESTS} requests after
{WARM_UP} warm-up requests, each timed from sending `POST /api/tickets` to reading the whole response. Server:
{SERVER}, on the same machine as PostgreSQL ({_server_version()}), in a scratch
database ({SCRATCH}) that the script creates, migrates and drops. Desk: {AGENTS} online agents with 2-3 of
{len(SKILLS)} skills in {len(GROUPS)} automatic groups with the dispatch policy {policy}; every ticket names a
group and one required skill, is routed, dispatched and returned assigned in the same request
(`intake.api.create_ticket` → `intake.services.ticket_submit`). Nobody accepts or resolves
meanwhile, so loads only grow. Queries per request are counted in-process on the same database.
{HISTORY if policy == "priority-deadline" else HISTORY_SLA_BATCH}"""
    slug = "api-create-to-assigned" + ("" if policy == "priority-deadline" else f"-{policy}")
    print("wrote", write_result(slug, f"API create → assigned ({policy})", rows, notes))


def _server_version() -> str:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        row = cursor.fetchone()
    return f"PostgreSQL {row[0].split()[0]}" if row else "PostgreSQL"


if __name__ == "__main__":
    main()
