"""`dispatchdesk demo` end to end: a fresh data directory, served with DEBUG off, stopped by Ctrl-C;
a quiet console with the logins last; and the README's "Run it" names its options."""

import contextlib
import io
import os
import re
import signal
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.request
from datetime import datetime, timedelta
from pathlib import Path

import pytest
import time_machine
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.utils import timezone

from dispatchdesk.demo.loader import demo_history_end
from dispatchdesk.demo.management.commands.demo import Command as DemoCommand

README = Path(__file__).resolve().parents[2] / "README.md"

# Never through a proxy from the environment: the server is on this machine.
OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}))


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def fetch(url: str) -> tuple[int, str]:
    with OPENER.open(url, timeout=5) as response:
        return response.status, response.headers.get("Content-Type", "")


def wait_until_served(process: subprocess.Popen[str], url: str, *, seconds: float = 90) -> tuple[int, str]:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"demo exited early:\n{process.communicate()[0]}")
        try:
            return fetch(url)
        except OSError:
            time.sleep(0.5)
    pytest.fail("demo did not start serving in time")


def tasks_done(database: Path) -> int:
    """Tasks the worker has finished, read from the demo's SQLite file (WAL lets us read alongside)."""
    with contextlib.closing(sqlite3.connect(database)) as connection:
        try:
            query = "SELECT count(*) FROM django_tasks_database_dbtaskresult WHERE status = 'SUCCESSFUL'"
            done: int = connection.execute(query).fetchone()[0]
        except sqlite3.OperationalError:  # not migrated yet
            return 0
        return done


def wait_for_a_finished_task(process: subprocess.Popen[str], database: Path, *, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"demo exited early:\n{process.communicate()[0]}")
        if tasks_done(database):
            return
        time.sleep(0.5)
    pytest.fail("the demo's worker finished no task in time")


def test_demo_serves_the_site_and_ctrl_c_stops_server_and_worker(tmp_path: Path) -> None:
    port = free_port()
    # An embedded SQLite under tmp_path, whatever database the test run itself uses.
    env = {name: value for name, value in os.environ.items() if name not in {"DATABASE_URL", "DISPATCHDESK_DEBUG"}}
    env |= {"DISPATCHDESK_DATA_DIR": str(tmp_path), "DJANGO_SETTINGS_MODULE": "dispatchdesk.config.settings"}
    small = ["--tickets", "10", "--customers", "5"]
    command = [sys.executable, "-m", "django", "demo", "--addr", f"127.0.0.1:{port}", *small]
    process = subprocess.Popen(  # noqa: S603 - our own interpreter, fixed arguments
        command, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, start_new_session=True
    )
    try:
        login_page = wait_until_served(process, f"http://127.0.0.1:{port}/admin/login/")
        stylesheet = fetch(f"http://127.0.0.1:{port}/static/admin/css/base.css")
        # So that a quiet console below means a quiet worker, not one that has not started yet.
        wait_for_a_finished_task(process, tmp_path / "dispatchdesk.sqlite3")
        process.send_signal(signal.SIGINT)  # what Ctrl-C in the terminal does
        output = process.communicate(timeout=30)[0]
    finally:
        if process.poll() is None:
            process.kill()

    started = re.search(r"Task worker started \(pid (\d+)\)", output)
    assert started is not None, output
    assert login_page[0] == 200
    assert stylesheet[0] == 200
    assert stylesheet[1].startswith("text/css")
    assert "lena" in output
    assert "Task worker stopped." in output
    assert process.returncode == 0
    with pytest.raises(ProcessLookupError):
        os.kill(int(started.group(1)), 0)

    # Quiet: the worker's INFO lines (two per task) stay off the console; the logins come last,
    # after the server's banner, so they are what a person sees.
    assert "INFO django_tasks" not in output, output
    assert " INFO " not in output, output
    # Warnings still show: the worker's on being stopped.
    assert "WARNING django_tasks_db " in output, output
    lines = output.splitlines()
    banner = lines.index("Quit the server with CONTROL-C.")
    logins = next(number for number, line in enumerate(lines) if line.startswith("Role ") and "Password" in line)
    welcome = lines.index(f"Open http://127.0.0.1:{port}/ and log in. Ctrl-C stops.")
    assert banner < logins < welcome
    assert "lena" in "\n".join(lines[logins:welcome])
    assert not any(line.startswith(("Tickets:", "Task worker started")) for line in lines[banner:])


def run_it_section() -> str:
    text = README.read_text(encoding="utf-8")
    start = text.index("## Run it")
    return text[start : text.index("\n## ", start + 1)]


def options(command: BaseCommand) -> set[str]:
    return {
        option for action in command.create_parser("dispatchdesk", "demo")._actions for option in action.option_strings
    }


def test_the_readme_run_it_section_names_every_option_of_the_demo_command() -> None:
    own = options(DemoCommand()) - options(BaseCommand())  # less --settings, --verbosity and the like

    assert own == {"--addr", "--tickets", "--customers", "--keep"}
    section = run_it_section()
    for option in sorted(own):
        assert option in section, f"the README's Run it does not mention {option}"


SMALL = {"tickets": 40, "customers": 12}


def load_at(moment: datetime) -> None:
    with time_machine.travel(moment, tick=False):
        call_command("load_demo", *(f"--{name}={value}" for name, value in SMALL.items()), stdout=io.StringIO())


def load_once(*, keep: bool = False) -> str:
    out = io.StringIO()
    assert DemoCommand(stdout=out)._load_once(**SMALL, keep=keep)
    return out.getvalue()


@pytest.mark.django_db
def test_a_demo_loaded_yesterday_is_loaded_afresh_so_the_desk_is_todays() -> None:
    load_at(timezone.now() - timedelta(days=2))

    output = load_once()

    assert "The demo was loaded 2 days ago and its SLA clocks have run on since" in output
    assert "Loaded the demo company" in output
    ended = demo_history_end()
    assert ended is not None
    assert timezone.now() - ended < timedelta(minutes=5)


@pytest.mark.django_db
def test_keep_keeps_an_old_demo() -> None:
    yesterday = timezone.now() - timedelta(days=1)
    load_at(yesterday)

    assert load_once(keep=True) == ""
    assert demo_history_end() == yesterday


@pytest.mark.django_db
def test_a_demo_loaded_this_morning_is_kept() -> None:
    this_morning = timezone.now() - timedelta(hours=11)
    load_at(this_morning)

    assert load_once() == ""
    assert demo_history_end() == this_morning
