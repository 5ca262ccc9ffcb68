"""`dispatchdesk serve` under open live pages: do pages still answer while 200 event streams are held?

Each open agent page holds one server-sent event stream (/agent/live/, docs/decisions/0027) and,
on gunicorn's gthread workers, one thread for up to five minutes. This starts the real server
(`dispatchdesk serve --workers 4`) on a scratch PostgreSQL database with a small demo desk, signs
a dispatcher in, and for each thread count:

1. times GET /agent/tickets/ (the agent ticket list, a full page) and /healthz with no stream open,
2. opens 200 streams (counting those the server started within 5 s), and times the same pages again,
3. reads the workers' memory (RSS) with the streams open.

A page that does not answer within 5 s counts as starved. Run:
DATABASE_URL=postgres://postgres@127.0.0.1:5432/x DISPATCHDESK_SECRET_KEY=x .venv/bin/python bench/serve_live_streams.py
"""

from __future__ import annotations

import http.client
import os
import selectors
import socket
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import drop_database, free_port, percentile, recreate_database, scratch_url, write_result

SCRATCH = "dispatchdesk_bench_serve"
STREAMS = 200
WORKERS = 4
THREADS = (100, 32)  # the default, and fewer threads than streams per worker
PAGES = 60
TIMEOUT = 5.0
PHASE_SECONDS = 60.0  # a phase of page requests stops after this, starved or not
DISPATCHDESK = str(Path(sys.executable).with_name("dispatchdesk"))
SESSION = """
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from dispatchdesk.accounts.models import User
user = User.objects.get(username="dispatcher")
session = SessionStore()
session[SESSION_KEY] = str(user.pk)
session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
session[HASH_SESSION_KEY] = user.get_session_auth_hash()
session.create()
print(session.session_key)
"""


def main() -> None:
    url = scratch_url(os.environ.get("DATABASE_URL", ""), SCRATCH)
    os.environ.update(DATABASE_URL=url, DJANGO_SETTINGS_MODULE="dispatchdesk.config.settings")  # for drop_database
    recreate_database(url)
    env = {**os.environ, "DATABASE_URL": url, "DISPATCHDESK_LOG_LEVEL": "WARNING"}
    env.setdefault("DISPATCHDESK_SECRET_KEY", "bench-only")
    try:
        run = [DISPATCHDESK, "migrate", "-v0"]
        subprocess.run(run, env=env, check=True)  # noqa: S603
        load = [DISPATCHDESK, "load_demo", "--tickets", "300", "--customers", "60"]
        subprocess.run(load, env=env, check=True, stdout=subprocess.DEVNULL)  # noqa: S603
        shell = subprocess.run(  # noqa: S603
            [DISPATCHDESK, "shell", "-c", SESSION], env=env, check=True, capture_output=True, text=True
        )
        cookie = f"sessionid={shell.stdout.split()[-1]}"
        rows = [measure(env, cookie, threads) for threads in THREADS]
    finally:
        drop_database(url)
    report(rows)


def measure(env: dict[str, str], cookie: str, threads: int) -> list[str]:
    port = free_port()
    command = [DISPATCHDESK, "serve", "--bind", f"127.0.0.1:{port}", "--workers", str(WORKERS)]
    log = Path(os.environ.get("TMPDIR", "/tmp")) / f"bench-serve-{threads}.log"  # noqa: S108
    server = subprocess.Popen(  # noqa: S603
        [*command, "--threads", str(threads)], env=env, stdout=log.open("wb"), stderr=subprocess.STDOUT
    )
    try:
        wait_listening(port)
        before = pages(port, cookie)
        streams = [open_stream(port, cookie) for _ in range(STREAMS)]
        started = count_started(streams)
        during = pages(port, cookie)
        memory = rss_mib(server.pid)
        for stream in streams:
            stream.close()
    finally:
        server.terminate()
        server.wait(timeout=60)
    rows = [
        f"| {WORKERS} x {threads} | none | - | {before} | - |",
        f"| {WORKERS} x {threads} | {STREAMS} | {started} | {during} | {memory:.0f} |",
    ]
    print("\n".join(rows), flush=True)
    return rows


def wait_listening(port: int) -> None:
    give_up = time.monotonic() + 60
    while time.monotonic() < give_up:
        try:
            if get(port, "/healthz", "")[0] == 200:
                return
        except OSError:
            time.sleep(0.2)
    sys.exit("the server did not start within 60 s")


def get(port: int, path: str, cookie: str) -> tuple[int, float]:
    started = time.perf_counter()
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=TIMEOUT)
    try:
        connection.request("GET", path, headers={"Cookie": cookie})
        response = connection.getresponse()
        response.read()
        return response.status, time.perf_counter() - started
    finally:
        connection.close()


def pages(port: int, cookie: str) -> str:
    """The ticket list's p50/p95 and how many of the list and /healthz answered in time."""
    timings, answered, asked = [], 0, 0
    ends = time.monotonic() + PHASE_SECONDS
    for index in range(PAGES):
        if time.monotonic() > ends:
            break
        for path in ("/agent/tickets/", "/healthz"):
            asked += 1
            try:
                status, seconds = get(port, path, cookie)
            except OSError:  # a time-out: the page starved
                continue
            answered += status == 200
            if path != "/healthz" and index >= 5:  # after a warm-up
                timings.append(seconds)
    if not timings:
        return f"starved: 0 of {asked} answered"
    p50, p95 = percentile(timings, 0.5) * 1000, percentile(timings, 0.95) * 1000
    return f"{p50:.0f} / {p95:.0f} ms, {answered} of {asked} answered"


def open_stream(port: int, cookie: str) -> socket.socket:
    stream = socket.create_connection(("127.0.0.1", port))
    request = f"GET /agent/live/ HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: {cookie}\r\n\r\n"
    stream.sendall(request.encode())
    return stream


def count_started(streams: list[socket.socket]) -> int:
    """How many streams the server began answering (its "retry:" line) within TIMEOUT, all waited for at once."""
    waiting = selectors.DefaultSelector()
    for stream in streams:
        stream.setblocking(False)
        waiting.register(stream, selectors.EVENT_READ, data=bytearray())
    started, ends = 0, time.monotonic() + TIMEOUT
    while started < len(streams) and (left := ends - time.monotonic()) > 0:
        for key, _events in waiting.select(timeout=left):
            received = key.data
            received += key.fileobj.recv(4096)  # type: ignore[union-attr]
            if b"retry:" in received:
                started += 1
                waiting.unregister(key.fileobj)
    waiting.close()
    return started


def rss_mib(master: int) -> float:
    """The master's and its workers' resident memory, in MiB."""
    children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
    total = 0
    for pid in [str(master), *children]:
        status = Path(f"/proc/{pid}/status").read_text()
        total += int(next(line for line in status.splitlines() if line.startswith("VmRSS:")).split()[1])
    return total / 1024


def report(rows: list[list[str]]) -> None:
    load = Path("/proc/loadavg").read_text().split()[:3]
    table = [
        "| workers x threads | streams open | streams started in 5 s | ticket list p50 / p95, pages answered | RSS MiB |",
        "|---|---|---|---|---|",
        *[line for group in rows for line in group],
    ]
    notes = f"""
Load average at the end: {" ".join(load)} (the 2-core VM is shared with other work).

`dispatchdesk serve --workers {WORKERS} --threads N` on PostgreSQL (a demo desk of 300 tickets),
{STREAMS} event streams of a signed-in dispatcher held open, then {PAGES} requests each of the
agent ticket list and /healthz one after another (timing the list after 5 of warm-up). Streams land
on the workers unevenly (whichever worker accepts first), so a worker needs more threads than the
streams it may get: with 100 threads per worker every page answers; with 32, a worker whose
threads all hold streams leaves the requests it accepted waiting (starved: no answer in {TIMEOUT:.0f} s).
"""
    print("\n".join(table))
    print(write_result("serve-live-streams", "Pages while live streams are open (dispatchdesk serve)", table, notes))


if __name__ == "__main__":
    main()
