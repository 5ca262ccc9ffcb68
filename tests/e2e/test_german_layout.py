"""German at real widths: the navbar stays one line at 1366 px for the fullest menus, and the
dispatch console fits a 390 px phone (decision 0022).

The people read German because their profile says so (the browser asks for English).
"""

from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from playwright.sync_api import Browser, Page

from dispatchdesk.accounts.models import Presence, Role, SkillGroup, User
from dispatchdesk.common import clock
from dispatchdesk.notifications.models import Kind, Notification
from tests.e2e.conftest import sign_in
from tests.factories import AgentFactory, SkillGroupFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

# One row of the navbar: brand, links and buttons side by side (two rows measure 87 px or more).
ONE_LINE_PX = 64


def person(username: str, name: str, role: Role, group: SkillGroup) -> User:
    """A German-speaking member of staff with an agent profile (so the navbar also holds
    "Next ticket" and the availability switch) and an unread notification (the bell's badge)."""
    first, last = name.split()
    user = AgentFactory(
        user__username=username,
        user__first_name=first,
        user__last_name=last,
        user__role=role,
        user__language="de",
        groups=[group],
        presence=Presence.OFFLINE,
    ).user
    Notification.objects.create(recipient=user, kind=Kind.ASSIGNED, data={}, created_at=clock.now())
    return user


@pytest.fixture
def staff(db: None) -> dict[str, User]:
    group = SkillGroupFactory(slug="abrechnung", name="Abrechnung und Verträge")
    return {
        "agent": person("lena", "Lena Hoffmann", Role.AGENT, group),
        "dispatcher": person("jonas", "Jonas Weber-Schneider", Role.DISPATCHER, group),
        "manager": person("katharina", "Katharina Zimmermann", Role.MANAGER, group),
    }


@contextmanager
def page_at(browser: Browser, width: int, height: int) -> Iterator[Page]:
    """A window of that size whose browser asks for English."""
    context = browser.new_context(locale="en-GB", viewport={"width": width, "height": height})
    try:
        yield context.new_page()
    finally:
        context.close()


@pytest.mark.parametrize("who", ["agent", "dispatcher", "manager"])
def test_the_german_navbar_is_one_line_at_1366_px(
    browser: Browser, live_server: object, staff: dict[str, User], who: str
) -> None:
    with page_at(browser, 1366, 768) as page:
        sign_in(page, str(live_server), staff[who].username)

        page.goto(f"{live_server}/agent/tickets/")

        assert page.locator("html").get_attribute("lang") == "de"
        assert page.get_by_role("link", name="Offene Tickets").is_visible()
        height = page.locator("nav.navbar").bounding_box()["height"]  # type: ignore[index]
        assert height < ONE_LINE_PX, f"the navbar wraps: {height} px"
        assert page.evaluate("document.documentElement.scrollWidth") <= 1366  # nothing pushed off screen


def test_the_dispatch_console_fits_a_phone_in_german(
    browser: Browser, live_server: object, staff: dict[str, User]
) -> None:
    with page_at(browser, 390, 844) as page:
        sign_in(page, str(live_server), staff["dispatcher"].username)

        page.goto(f"{live_server}/agent/dispatch/")

        assert page.get_by_text("Gruppen-Warteschlangen").is_visible()
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
