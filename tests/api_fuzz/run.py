"""`make test-api`: schemathesis against a real server, once per role, from the OpenAPI description.

A fresh SQLite desk (the demo company, small) is migrated and loaded under var/api-fuzz/, each role
gets an API token, `dispatchdesk runserver` serves it, and `st run` generates requests from
/api/openapi.json for each token. A server error, a status the description does not list, a wrong
content type or a body that does not match its schema fails the run (docs/decisions/0018).

Environment: API_FUZZ_EXAMPLES (cases per operation and phase, default 25), API_FUZZ_SEED (42).
"""

import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
BIN = ROOT / ".venv" / "bin"
DATA = ROOT / "var" / "api-fuzz"
# One login per kind of caller: a portal customer, an agent, a dispatcher, the administrator.
ROLES = {"customer": "tom", "agent": "lena", "dispatcher": "dispatcher", "admin": "admin"}
CHECKS = ",".join(
    (
        "not_a_server_error",
        "status_code_conformance",
        "content_type_conformance",
        "response_headers_conformance",
        "response_schema_conformance",
    )
)
SUMMARY = re.compile(r"(\d+) generated(?:, (\d+) found (\d+) unique failures)?")


@dataclass(frozen=True)
class Outcome:
    role: str
    cases: int
    failures: int
    exit_code: int


def main() -> int:
    env = _environment()
    _prepare_desk(env)
    tokens = {role: _token(env, username) for role, username in ROLES.items()}
    port = _free_port()
    server = _start_server(env, port)
    try:
        # The roles run at once, one process each (see _command for why not threads).
        running = {role: _start_fuzz(role, token, port) for role, token in tokens.items()}
        outcomes = [_finish_fuzz(role, process) for role, process in running.items()]
    finally:
        server.terminate()
        server.wait(timeout=30)
    return _report(outcomes)


def _environment() -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if key != "DATABASE_URL"}  # SQLite, always
    env |= {"DISPATCHDESK_DATA_DIR": str(DATA), "DISPATCHDESK_LOG_LEVEL": "ERROR", "PYTHONUNBUFFERED": "1"}
    return env


def _prepare_desk(env: dict[str, str]) -> None:
    shutil.rmtree(DATA, ignore_errors=True)
    DATA.mkdir(parents=True)
    _dispatchdesk(env, "migrate", "-v0")
    _dispatchdesk(env, "load_demo", "--tickets", "80", "--customers", "20")


def _token(env: dict[str, str], username: str) -> str:
    return _dispatchdesk(env, "create_api_token", username, "--name", "api-fuzz").strip()


def _dispatchdesk(env: dict[str, str], *args: str) -> str:
    done = subprocess.run(  # noqa: S603 - our own command, fixed arguments
        [str(BIN / "dispatchdesk"), *args], env=env, cwd=ROOT, check=True, capture_output=True, text=True
    )
    return done.stdout


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def _start_server(env: dict[str, str], port: int) -> subprocess.Popen[bytes]:
    log = (DATA / "server.log").open("wb")
    server = subprocess.Popen(  # noqa: S603 - our own command, fixed arguments
        [str(BIN / "dispatchdesk"), "runserver", "--noreload", f"127.0.0.1:{port}"],
        env=env,
        cwd=ROOT,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/api/openapi.json", timeout=5).close()
        except OSError:
            time.sleep(0.5)
        else:
            return server
    server.terminate()
    raise SystemExit(f"the server did not start; see {DATA / 'server.log'}")


def _start_fuzz(role: str, token: str, port: int) -> subprocess.Popen[str]:
    command = [
        str(BIN / "st"),
        "run",
        f"http://127.0.0.1:{port}/api/openapi.json",
        "--header",
        f"Authorization: Bearer {token}",
        "--checks",
        CHECKS,
        "--max-examples",
        os.environ.get("API_FUZZ_EXAMPLES", "25"),
        "--seed",
        os.environ.get("API_FUZZ_SEED", "42"),
        # One worker thread: with two, hypothesis describing its strategies parses source with `ast`
        # in both threads at once, and CPython 3.11 then fails at random ("AST constructor recursion
        # depth mismatch", gh-106905) on an error that is not the API's. Parallel runs are processes.
        "--workers",
        "1",
        "--generation-database",
        "none",
        "--no-color",
        "--report",
        "junit",
        "--report-junit-path",
        str(DATA / f"{role}.junit.xml"),
    ]
    print(f"--- {role} ({ROLES[role]}) started ---", flush=True)  # noqa: T201 - a command's progress
    # From a folder of its own under var/api-fuzz/, where st keeps its cache of crashes (.schemathesis/).
    folder = DATA / role
    folder.mkdir()
    with (DATA / f"{role}.txt").open("w") as log:  # a file, not a pipe: nothing waits for its reader
        return subprocess.Popen(command, cwd=folder, stdout=log, stderr=subprocess.STDOUT, text=True)  # noqa: S603


def _finish_fuzz(role: str, process: subprocess.Popen[str]) -> Outcome:
    process.wait()
    output = (DATA / f"{role}.txt").read_text()
    matches = SUMMARY.findall(output)
    cases, failures = (int(matches[-1][0]), int(matches[-1][2] or 0)) if matches else (0, 0)
    if process.returncode != 0:
        print(f"--- {role} ({ROLES[role]}) failed ---", output[-8000:], sep="\n")  # noqa: T201 - for the CI log
    return Outcome(role, cases, failures, process.returncode)


def _report(outcomes: list[Outcome]) -> int:
    for outcome in outcomes:
        verdict = "ok" if outcome.exit_code == 0 else f"FAILED (exit {outcome.exit_code})"
        print(f"{outcome.role:<11} {outcome.cases:>6} cases, {outcome.failures} failures: {verdict}")  # noqa: T201
    total = sum(outcome.cases for outcome in outcomes)
    failed = sum(outcome.failures for outcome in outcomes)
    broken = any(outcome.exit_code != 0 or outcome.cases == 0 for outcome in outcomes)
    print(f"api fuzz: {total} cases, {failed} failures (logs in {DATA})")  # noqa: T201
    return 1 if broken else 0


if __name__ == "__main__":
    sys.exit(main())
