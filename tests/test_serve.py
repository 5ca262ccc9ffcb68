"""`dispatchdesk serve` as a real server in its own process (docs/decisions/0037 and 0038).

It runs in the scaled-out mode (DATABASE_URL set, here to an SQLite file so the test needs no
PostgreSQL): pages, the collected static files, the probes, the metrics behind their token, the
JSON log with the request id, a graceful restart that closes the live streams, and a readiness
probe that names the database when it cannot be reached. Also `check --deploy` with the production
settings the README gives.
"""

from __future__ import annotations

import gzip
import http.client
import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.local_server import free_port

DISPATCHDESK = str(Path(sys.executable).with_name("dispatchdesk"))
TOKEN = "scrape-token-abcdefghijklmnopqrstuvwxyz"
SECRET = "serve-test-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz-ABCDEFGH"
STAFF_SESSION = """
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.auth import HASH_SESSION_KEY, SESSION_KEY, BACKEND_SESSION_KEY
from dispatchdesk.accounts.models import Role, User
user = User.objects.create_user("dora", password="x-very-long-password", role=Role.DISPATCHER, first_name="Dora")
session = SessionStore()
session[SESSION_KEY] = str(user.pk)
session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
session[HASH_SESSION_KEY] = user.get_session_auth_hash()
session.create()
print(session.session_key)
"""


@dataclass
class Server:
    port: int
    process: subprocess.Popen[bytes]
    log: Path

    def get(self, path: str, headers: dict[str, str] | None = None, timeout: float = 30) -> http.client.HTTPResponse:
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)
        connection.request("GET", path, headers=headers or {})
        return connection.getresponse()

    def log_lines(self) -> list[dict[str, object]]:
        lines = self.log.read_text().splitlines()
        return [json.loads(line) for line in lines if line.startswith("{")]


def environment(folder: Path, database_url: str) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if not key.startswith(("DISPATCHDESK_", "PROMETHEUS_"))}
    env.update(
        DATABASE_URL=database_url,
        DISPATCHDESK_DATA_DIR=str(folder),
        DISPATCHDESK_SECRET_KEY=SECRET,
        DISPATCHDESK_METRICS_TOKEN=TOKEN,
        DISPATCHDESK_LOG_FORMAT="json",
    )
    env.pop("REDIS_URL", None)
    return env


def serve_command(port: int) -> list[str]:
    return [DISPATCHDESK, "serve", "--bind", f"127.0.0.1:{port}", "--workers", "2", "--threads", "8"]


def start(folder: Path, env: dict[str, str], command_for: Callable[[int], list[str]] = serve_command) -> Server:
    port = free_port()
    log = folder / "server.log"
    command = command_for(port)
    process = subprocess.Popen(command, env=env, stdout=log.open("wb"), stderr=subprocess.STDOUT)  # noqa: S603
    server = Server(port, process, log)
    give_up = time.monotonic() + 60
    while time.monotonic() < give_up:
        assert process.poll() is None, log.read_text()
        try:
            if server.get("/healthz", timeout=2).status == 200:
                return server
        except OSError:
            time.sleep(0.2)
    stop(server)
    raise AssertionError(f"the server did not answer within 60 s:\n{log.read_text()}")


def stop(server: Server) -> None:
    server.process.terminate()
    try:
        server.process.wait(timeout=40)
    except subprocess.TimeoutExpired:
        server.process.kill()
        server.process.wait()


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Server, str]]:
    folder = tmp_path_factory.mktemp("serve")
    env = environment(folder, f"sqlite:///{folder / 'desk.sqlite3'}")
    subprocess.run([DISPATCHDESK, "migrate", "-v0"], env=env, check=True, timeout=300)  # noqa: S603
    shell = [DISPATCHDESK, "shell", "-c", STAFF_SESSION]
    session = subprocess.run(shell, env=env, check=True, capture_output=True, text=True, timeout=120)  # noqa: S603
    server = start(folder, env)
    try:
        yield server, session.stdout.split()[-1]  # after the shell's own line
    finally:
        stop(server)


def test_it_serves_a_page_over_http_and_says_why_signing_in_needs_https(served: tuple[Server, str]) -> None:
    server, _session = served

    page = server.get("/accounts/login/")

    assert page.status == 200
    assert 'data-testid="cookies-need-https"' in page.read().decode()
    assert "Secure" in str(page.getheader("Set-Cookie"))


def test_it_serves_the_collected_static_files_compressed(served: tuple[Server, str]) -> None:
    server, _session = served

    plain = server.get("/static/dispatchdesk/app.css")
    compressed = server.get("/static/dispatchdesk/app.css", {"Accept-Encoding": "gzip"})

    assert plain.status == 200
    assert plain.getheader("Content-Type", "").startswith("text/css")
    css = plain.read()
    assert compressed.getheader("Content-Encoding") == "gzip"
    assert gzip.decompress(compressed.read()) == css
    assert (server.log.parent / "static" / "dispatchdesk" / "app.css").is_file()


def test_its_probes_answer(served: tuple[Server, str]) -> None:
    server, _session = served

    health, ready = server.get("/healthz"), server.get("/readyz")

    assert health.status == 200
    assert ready.status == 200
    assert json.loads(ready.read())["checks"] == {"database": "ok", "cache": "ok", "queue": "ok"}


def test_its_metrics_need_the_token_and_add_up_every_worker(served: tuple[Server, str]) -> None:
    server, _session = served
    for _ in range(20):  # on new connections: both workers take some
        server.get("/healthz").read()
    server.get("/static/dispatchdesk/app.css").read()
    time.sleep(0.3)
    served_healthz = [line for line in server.log_lines() if line.get("path") == "/healthz"]

    refused = server.get("/metrics")
    scraped = server.get("/metrics", {"Authorization": f"Bearer {TOKEN}"})

    assert refused.status == 403
    assert scraped.status == 200
    text = scraped.read().decode()
    prefix = 'dispatchdesk_http_requests_total{method="GET",route="/healthz",status="200"} '
    counted = float(next(line for line in text.splitlines() if line.startswith(prefix)).removeprefix(prefix))
    # One worker answered the scrape; the count holds what every worker served.
    assert counted >= len(served_healthz) >= 20
    assert 'route="static"' in text
    assert "dispatchdesk_task_queue_depth 0.0" in text
    assert "dispatchdesk_live_streams " in text


def test_its_log_is_json_lines_naming_the_request_id(served: tuple[Server, str]) -> None:
    server, _session = served

    answer = server.get("/accounts/login/", {"X-Request-ID": "probe-1234"})
    answer.read()
    time.sleep(0.3)

    assert answer.getheader("X-Request-ID") == "probe-1234"
    lines = [line for line in server.log_lines() if line.get("request_id") == "probe-1234"]
    assert lines[0]["logger"] == "dispatchdesk.requests"
    assert lines[0]["path"] == "/accounts/login/"
    assert lines[0]["status"] == 200


def test_a_graceful_restart_closes_the_live_streams_and_keeps_serving(served: tuple[Server, str]) -> None:
    server, session = served
    stream = server.get("/agent/live/", {"Cookie": f"sessionid={session}"})
    assert stream.status == 200
    assert stream.read1(100).startswith(b"retry:")
    workers_before = worker_pids(server)

    server.process.send_signal(signal.SIGHUP)
    started = time.monotonic()
    rest = stream.read()  # returns once the old worker closed the stream

    assert time.monotonic() - started < 20  # not the stream's five minutes
    assert b"data:" not in rest
    assert server.get("/healthz").status == 200
    give_up = time.monotonic() + 40  # the old workers' graceful time-out is 30 s
    while not worker_pids(server).isdisjoint(workers_before) and time.monotonic() < give_up:
        time.sleep(0.5)
    assert worker_pids(server).isdisjoint(workers_before)


def worker_pids(server: Server) -> set[int]:
    children = Path(f"/proc/{server.process.pid}/task/{server.process.pid}/children").read_text().split()
    return {int(pid) for pid in children}


def test_readyz_names_the_database_when_it_cannot_be_reached(tmp_path: Path) -> None:
    # PostgreSQL on a port where nothing listens.
    server = start(tmp_path, environment(tmp_path, "postgres://postgres@127.0.0.1:1/nowhere"))
    try:
        health, ready = server.get("/healthz"), server.get("/readyz")
        body = json.loads(ready.read())
    finally:
        stop(server)

    assert health.status == 200
    assert ready.status == 503
    assert body["failing"] == ["database", "cache", "queue"]
    assert "Error" in body["checks"]["database"]
    assert body["checks"]["queue"] == "needs the database"


def test_check_deploy_is_clean_with_the_production_settings(tmp_path: Path) -> None:
    env = environment(tmp_path, "postgres://postgres@127.0.0.1:5432/dispatchdesk")
    env.update(
        DISPATCHDESK_ALLOWED_HOSTS="desk.example.com",
        DISPATCHDESK_CSRF_TRUSTED_ORIGINS="https://desk.example.com",
        DISPATCHDESK_PROXY_SSL_HEADER="X-Forwarded-Proto",
        DISPATCHDESK_SSL_REDIRECT="1",
        DISPATCHDESK_HSTS_SECONDS="31536000",
        DISPATCHDESK_HSTS_INCLUDE_SUBDOMAINS="1",
        DISPATCHDESK_HSTS_PRELOAD="1",
    )

    check = subprocess.run(  # noqa: S603
        [DISPATCHDESK, "check", "--deploy", "--fail-level", "WARNING"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )

    assert check.returncode == 0, check.stdout + check.stderr
    assert "no issues" in check.stdout


def test_gunicorn_started_by_hand_without_collecting_still_serves_the_css(tmp_path: Path) -> None:
    # The bug of issue 15: scaled out, anything but runserver answered 404 for the CSS and JS.
    env = environment(tmp_path, f"sqlite:///{tmp_path / 'desk.sqlite3'}")

    def by_hand(port: int) -> list[str]:
        config = ["-c", "python:dispatchdesk.config.gunicorn", "--bind", f"127.0.0.1:{port}"]
        return [sys.executable, "-m", "gunicorn", *config, "dispatchdesk.config.wsgi:application"]

    server = start(tmp_path, env, by_hand)
    try:
        css, script = server.get("/static/dispatchdesk/app.css"), server.get("/static/dispatchdesk/live.js")
    finally:
        stop(server)

    assert (css.status, script.status) == (200, 200)
    assert not (tmp_path / "static").exists()  # nothing was collected: served from the package
