"""Take docs/screenshots/report-<name>.png: each report over the last 90 days on the demo desk, in Chromium.

Start the demo first, on a scratch data directory, and point this script at it:
    DISPATCHDESK_DATA_DIR=$(mktemp -d) .venv/bin/dispatchdesk demo --addr 127.0.0.1:8765 &
    .venv/bin/python docs/screenshots/reports.py http://127.0.0.1:8765
"""

import os
import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

HERE = Path(__file__).resolve().parent
REPORTS = ("efficiency", "quality", "causes")


def main(base: str) -> None:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=os.environ.get("DISPATCHDESK_CHROMIUM", "/usr/bin/chromium")
        )
        page = browser.new_context(locale="en-GB", viewport={"width": 1400, "height": 1000}).new_page()
        page.goto(f"{base}/accounts/login/")
        page.get_by_label("Username").fill("manager")
        page.get_by_label("Password").fill("dispatchdesk")
        page.get_by_role("button", name="Sign in").click()
        page.wait_for_url(lambda url: "/accounts/login/" not in url)
        for name in REPORTS:
            page.goto(f"{base}/manage/reports/{name}/?preset=90")
            page.wait_for_function("() => window.Chart && document.querySelectorAll('canvas[data-drawn]').length > 0")
            page.wait_for_timeout(800)  # Chart.js animates the first drawing
            out = HERE / f"report-{name}.png"
            page.screenshot(path=str(out), full_page=True)
            sys.stdout.write(f"written: {out}\n")
        browser.close()


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:8765")
