"""The chat widget in Chromium (decision 0032): a shop's page on another origin includes the script
tag; the visitor starts a chat there, the agent sees it arrive on the ticket page without a reload and
answers with Enter, and the visitor reads the answer in the widget."""

import functools
import threading
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from dispatchdesk.accounts.models import SkillGroup
from dispatchdesk.intake.models import ChatSession, ChatWidget
from dispatchdesk.tickets.models import Channel, Ticket
from tests.e2e.conftest import sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

HOST_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Shop</title></head>
<body><h1>The Shop</h1>
<script src="{desk}/chat/widget.js" data-widget-key="{key}" defer></script>
</body></html>
"""


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def shop(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    """A second origin: a tiny web server on another port, serving the shop's page from a folder."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(QuietHandler, directory=str(tmp_path)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", tmp_path
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture
def visitor_page(browser: Browser, transactional_db: None) -> Iterator[Page]:
    # Closed before the database is flushed, like `page` (tests/e2e/conftest.py): its stream would reconnect.
    context = browser.new_context(locale="en-GB", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


@pytest.mark.usefixtures("alice")
def test_a_visitor_chats_from_another_website_and_the_agent_answers_live(
    page: Page, visitor_page: Page, live_server: object, shop: tuple[str, Path], network: SkillGroup
) -> None:
    desk = live_server.url  # type: ignore[attr-defined]
    origin, folder = shop
    widget = ChatWidget.objects.create(name="Shop", allowed_origins=origin, group=network)
    (folder / "index.html").write_text(HOST_PAGE.format(desk=desk, key=widget.key))

    visitor_page.goto(f"{origin}/index.html")
    visitor_page.locator("#dispatchdesk-chat .launcher").click()
    visitor_page.get_by_placeholder("Your name").fill("Vera Visitor")
    visitor_page.get_by_placeholder("Your email address").fill("vera@visitor.example")
    visitor_page.get_by_placeholder("How can we help?").fill("Where is my parcel 1234?")
    visitor_page.get_by_role("button", name="Start chat").click()
    expect(visitor_page.locator("#dispatchdesk-chat .line.visitor")).to_have_text(
        "Vera VisitorWhere is my parcel 1234?"
    )
    visitor_page.locator("#dispatchdesk-chat[data-listening]").wait_for(state="attached")

    ticket = Ticket.objects.get()
    assert (ticket.channel, ticket.group) == (Channel.CHAT, network)
    sign_in(page, desk, "alice")
    page.goto(f"{desk}/agent/tickets/{ticket.pk}/")
    page.locator("body[data-live-open]").wait_for(state="attached")
    expect(page.locator("#chat-log")).to_contain_text("Where is my parcel 1234?")

    # The visitor writes again: the agent's pane shows it without a reload.
    visitor_page.get_by_placeholder("Write a message (Enter sends)").fill("It was due on Monday.")
    visitor_page.keyboard.press("Enter")
    expect(page.locator("#chat-log")).to_contain_text("It was due on Monday.", timeout=5_000)
    expect(page.locator("#chat-log")).to_contain_text("Vera Visitor is waiting for an answer")

    # The agent answers with Enter; the visitor's widget shows it.
    box = page.locator("#chat-body")
    box.fill("It is with the courier and arrives tomorrow.")
    box.press("Enter")
    expect(visitor_page.locator("#dispatchdesk-chat .line.agent")).to_contain_text(
        "It is with the courier and arrives tomorrow.", timeout=5_000
    )
    expect(visitor_page.locator("#dispatchdesk-chat .line.agent .who")).to_have_text("Alice")
    expect(page.locator("#chat-body")).to_have_value("")
    expect(page.locator("#chat-log")).to_contain_text("Chatting with Vera Visitor.")
    assert ChatSession.objects.get().waiting_since is None
