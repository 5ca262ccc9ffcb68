"""Take docs/screenshots/kanban.png: the team board on a fresh demo desk, as the dispatcher sees it.

Starts `dispatchdesk demo` on a scratch data directory, sets a column limit as the manager (so one
column shows the over-limit warning), and photographs the busiest group's board in Chromium.

Run: .venv/bin/python docs/screenshots/take_kanban.py
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from playwright.sync_api import Page, sync_playwright

HERE = Path(__file__).resolve().parent
CHROMIUM = os.environ.get("DISPATCHDESK_CHROMIUM", "/usr/bin/chromium")
PASSWORD = "dispatchdesk"  # noqa: S105 - the demo's published password


def main() -> None:
    port = _free_port()
    data = tempfile.mkdtemp(prefix="kanban-shot-")
    env = os.environ | {"DISPATCHDESK_DATA_DIR": data}
    dispatchdesk = Path(sys.executable).with_name("dispatchdesk")
    with open(Path(data) / "demo.log", "w") as log:
        demo = subprocess.Popen([dispatchdesk, "demo", "--addr", f"127.0.0.1:{port}"], stdout=log, stderr=log, env=env)  # noqa: S603
        try:
            _wait_for(port, demo)
            _photograph(f"http://127.0.0.1:{port}")
        finally:
            demo.terminate()
            demo.wait(timeout=30)


def _photograph(url: str) -> None:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--headless=new", "--no-sandbox"])
        manager = browser.new_context(locale="en-GB", viewport={"width": 1440, "height": 1000}).new_page()
        _sign_in(manager, url, "manager")
        board, in_progress = _busiest_board(manager, url)
        manager.goto(board)
        manager.locator("details summary").click()
        manager.locator('input[name="in_progress"]').fill(str(max(1, in_progress - 3)))
        manager.locator('details button[type="submit"]').click()
        manager.wait_for_url(board)
        dispatcher = browser.new_context(locale="en-GB", viewport={"width": 1440, "height": 1000}).new_page()
        _sign_in(dispatcher, url, "dispatcher")
        dispatcher.goto(board)
        dispatcher.locator("body[data-live-open]").wait_for(state="attached")
        dispatcher.screenshot(path=str(HERE / "kanban.png"))
        browser.close()


def _busiest_board(page: Page, url: str) -> tuple[str, int]:
    """The group board with the most open tickets, and how many of them are in progress."""
    page.goto(f"{url}/agent/board/")
    links = page.locator('nav[aria-label="Boards"] a').evaluate_all("links => links.map(link => link.href)")
    best = ("", -1, 0)
    for link in links:
        if link.endswith("/mine/"):
            continue
        page.goto(link)
        counts = page.locator(".kanban-column-head [data-count]").all_inner_texts()
        numbers = [int(text.split("/")[0]) for text in counts]
        if sum(numbers[:-1]) > best[1]:
            best = (link, sum(numbers[:-1]), numbers[2])
    return best[0], best[2]


def _sign_in(page: Page, url: str, username: str) -> None:
    page.goto(f"{url}/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(lambda address: "/accounts/login/" not in address)
    # In English, whatever the demo person's own language is: the README is English.
    token = next(c["value"] for c in page.context.cookies() if c["name"] == "csrftoken")
    page.request.post(f"{url}/i18n/setlang/", form={"language": "en", "next": "/"}, headers={"X-CSRFToken": token})


def _wait_for(port: int, demo: subprocess.Popen[bytes]) -> None:
    give_up = time.monotonic() + 600  # the demo loads a month of history first
    while time.monotonic() < give_up:
        if demo.poll() is not None:
            sys.exit(f"The demo exited with {demo.returncode}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            return
        except OSError:
            time.sleep(1)
    sys.exit("The demo did not start within 10 minutes")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


if __name__ == "__main__":
    main()
