"""Shared bits for benchmarks: timing percentiles, the machine line, writing results, scratch PostgreSQL databases."""

from __future__ import annotations

import json
import os
import platform
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from django.core.management import execute_from_command_line
from django.core.management.commands import runserver
from django.core.servers.basehttp import WSGIServer

RESULTS = Path(__file__).resolve().parent.parent / "docs" / "benchmarks"
# The evaluation kit (scenarios, referee) sits beside the repository; DISPATCHDESK_SHARED may point elsewhere.
SHARED = Path(os.environ.get("DISPATCHDESK_SHARED", Path(__file__).resolve().parents[2] / "shared"))


def percentile(samples: Sequence[float], share: float) -> float:
    ordered = sorted(samples)
    index = min(len(ordered) - 1, max(0, round(share * (len(ordered) - 1))))
    return ordered[index]


def summary_ms(samples: Sequence[float]) -> dict[str, float]:
    return {
        "p50": statistics.median(samples) * 1000,
        "p90": percentile(samples, 0.90) * 1000,
        "p99": percentile(samples, 0.99) * 1000,
        "max": max(samples) * 1000,
    }


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    return f"{platform.node()} · {os.cpu_count()} cores · {cpu} · Python {platform.python_version()}"


def write_result(name: str, title: str, table: list[str], notes: str) -> Path:
    RESULTS.mkdir(parents=True, exist_ok=True)
    path = RESULTS / f"{name}.md"
    stamp = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    body = [f"# {title}", "", f"Measured {stamp} on {machine()}.", "", *table, "", notes.strip(), ""]
    path.write_text("\n".join(body))
    return path


def scratch_url(configured: str, name: str) -> str:
    """The URL of a scratch database called `name` on the configured PostgreSQL server; anything else is refused."""
    if urlsplit(configured).scheme not in {"postgres", "postgresql", "pgsql"}:
        sys.exit(
            "This benchmark needs PostgreSQL: set DATABASE_URL=postgres://user@host:port/name "
            f"(it creates and drops its own database, {name}, on that server)."
        )
    return urlunsplit(urlsplit(configured)._replace(path=f"/{name}"))


def recreate_database(url: str) -> None:
    """Drop the scratch database named by `url` if it exists, and create it empty."""
    import psycopg  # noqa: PLC0415  # only the PostgreSQL benchmarks need it
    from psycopg import sql  # noqa: PLC0415

    with psycopg.connect(_maintenance(url), autocommit=True) as admin:
        admin.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(_name(url))))
        admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(_name(url))))


def django_on_scratch(name: str, *, recreate: bool = True) -> str:
    """Point Django at the scratch database `name` (made afresh unless `recreate` is False), set it up and
    migrate it; returns its URL. Everything Django must be imported after this."""
    url = scratch_url(os.environ.get("DATABASE_URL", ""), name)
    if recreate:
        recreate_database(url)
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dispatchdesk.config.settings")
    os.environ.setdefault("DISPATCHDESK_SECRET_KEY", "bench-only-not-a-secret")
    import django  # noqa: PLC0415  # reads DATABASE_URL once, at setup

    django.setup()
    from django.conf import settings  # noqa: PLC0415
    from django.core.management import call_command  # noqa: PLC0415

    settings.ALLOWED_HOSTS = ["*"]  # the test client's "testserver" and a served port alike
    call_command("migrate", verbosity=0)
    return url


def drop_database(url: str) -> None:
    import psycopg  # noqa: PLC0415
    from django.db import connections  # noqa: PLC0415
    from psycopg import sql  # noqa: PLC0415

    connections.close_all()
    with psycopg.connect(_maintenance(url), autocommit=True) as admin:
        admin.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(_name(url))))


def _name(url: str) -> str:
    return urlsplit(url).path.lstrip("/")


def _maintenance(url: str) -> str:
    """The server's `postgres` database: where a database can be dropped and created."""
    return urlunsplit(urlsplit(url)._replace(path="/postgres"))


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def serve(address: str) -> None:
    """`dispatchdesk runserver --noreload ADDRESS`, answering without Nagle's delay.

    The development server writes the status line, headers and body of a response separately;
    with Nagle's algorithm on, the body then waits for the client's delayed ACK of the headers,
    about 40 ms on Linux. Production servers switch Nagle off (gunicorn sets TCP_NODELAY on every
    TCP socket), so the benchmark does too, through the command's `server_cls` hook.
    """

    class NoDelayServer(WSGIServer):
        def get_request(self) -> tuple[socket.socket, Any]:
            connection, peer = super().get_request()
            connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            return connection, peer

    runserver.Command.server_cls = NoDelayServer
    execute_from_command_line(["dispatchdesk", "runserver", "--noreload", address])


def start_server(port: int, log: Any) -> subprocess.Popen[bytes]:
    """Run `serve` in a process of its own (this file, `--serve 127.0.0.1:PORT`) and wait until it listens."""
    command = [sys.executable, __file__, "--serve", f"127.0.0.1:{port}"]
    return _listening(subprocess.Popen(command, stdout=log, stderr=log, env=os.environ.copy()), port, log)  # noqa: S603


def start_production_server(port: int, log: Any, *, workers: int) -> subprocess.Popen[bytes]:
    """`dispatchdesk serve` (gunicorn, WORKERS threaded processes; decision 0037), as the README runs the
    product for real; stop it with `stop_server`."""
    dispatchdesk = Path(sys.executable).parent / "dispatchdesk"
    command = [str(dispatchdesk), "serve", "--bind", f"127.0.0.1:{port}", "--workers", str(workers)]
    command.append("--no-collectstatic")  # nothing static is asked for
    return _listening(subprocess.Popen(command, stdout=log, stderr=log, env=os.environ.copy()), port, log)  # noqa: S603


def stop_server(server: subprocess.Popen[bytes]) -> None:
    """SIGINT: gunicorn's quick shutdown (TERM would wait out its graceful time-out); runserver stops too."""
    server.send_signal(signal.SIGINT)
    server.wait(timeout=30)


def _listening(server: subprocess.Popen[bytes], port: int, log: Any) -> subprocess.Popen[bytes]:
    give_up = time.monotonic() + 30
    while time.monotonic() < give_up:
        if server.poll() is not None:
            sys.exit(f"The server exited with {server.returncode}; see {log.name}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return server
        except OSError:
            time.sleep(0.1)
    server.terminate()
    sys.exit(f"The server did not start within 30 s; see {log.name}")


def required_env(name: str) -> str:
    """An environment variable a benchmark cannot run without (the shared peer kit's paths)."""
    value = os.environ.get(name, "")
    if not value:
        sys.exit(f"Set {name}: this benchmark needs the shared peer kit (see its docstring).")
    return value


def postmaster_pid() -> int | None:
    """The local PostgreSQL server's main process (its backends are its children), to account its CPU."""
    for pid_file in sorted(Path("/var/lib/postgresql").glob("*/main/postmaster.pid")):
        return int(pid_file.read_text().split()[0])
    return None


@contextmanager
def peer_server(root: Path, database: str, port: int) -> Iterator[int]:
    """django-helpdesk on its own gunicorn (4 sync workers, the kit's `run_gunicorn.sh`) on its PostgreSQL
    database `database`; yields the gunicorn master's process id."""
    script = str(root / "run_gunicorn.sh")
    subprocess.run([script, "start", f"pg:{database}", str(port), "4"], check=True, stdout=subprocess.DEVNULL)  # noqa: S603
    try:
        yield int((root / "logs" / f"gunicorn-{port}.pid").read_text())
    finally:
        subprocess.run([script, "stop", f"pg:{database}", str(port)], check=True)  # noqa: S603


def run_peer_bench(workload: dict[str, Any], port: int, arguments: Sequence[str]) -> dict[str, Any]:
    """Run the shared kit's load tool, `peer/peer_bench.py` (with the peer venv's httpx, PEER_ROOT), on
    `workload` against 127.0.0.1:PORT with extra command-line `arguments`; returns its full JSON result."""
    tool = Path(required_env("DISPATCHDESK_SHARED")) / "peer" / "peer_bench.py"
    python = Path(required_env("PEER_ROOT")) / "venv" / "bin" / "python"
    with tempfile.NamedTemporaryFile("w", suffix=".json") as config, tempfile.NamedTemporaryFile(suffix=".json") as out:
        json.dump(workload, config)
        config.flush()
        command = [str(python), str(tool), "--config", config.name, "--base-url", f"http://127.0.0.1:{port}"]
        command += [*arguments, "--out", out.name]
        subprocess.run(command, check=True, stdout=subprocess.DEVNULL)  # noqa: S603
        result: dict[str, Any] = json.loads(Path(out.name).read_text())
    return result


class Recorder:
    """Counts a request's queries, their time (the round trip to PostgreSQL) and its commits: each statement
    outside a transaction commits by itself, and each outermost `atomic` block commits once."""

    def __init__(self) -> None:
        self.queries, self.sql_s, self.commits = 0, 0.0, 0

    def __call__(self, execute: Any, sql: str, params: Any, many: bool, context: dict[str, Any]) -> Any:
        if not context["connection"].in_atomic_block:
            self.commits += 1
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.sql_s += time.perf_counter() - started
            self.queries += 1

    @contextmanager
    def counting_commits(self, connection: Any) -> Iterator[None]:
        commit = connection.commit

        def counted() -> None:
            self.commits += 1
            commit()

        connection.commit = counted
        try:
            yield
        finally:
            del connection.commit  # the class's method again


if __name__ == "__main__" and sys.argv[1:2] == ["--serve"]:
    serve(sys.argv[2])
