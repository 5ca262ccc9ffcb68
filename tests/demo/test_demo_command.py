"""`dispatchdesk demo` end to end: a fresh data directory, served with DEBUG off, stopped by Ctrl-C."""

import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

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
