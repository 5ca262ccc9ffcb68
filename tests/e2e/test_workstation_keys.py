"""In Chromium: the inbox's keyboard shortcuts (never while typing), its help overlay, the reply/note switch,
bulk selection, and the inbox, ticket page and reply at a phone's width (390 px), with screenshots kept."""

import pytest
from playwright.sync_api import Page, expect

from dispatchdesk.accounts.models import SkillGroup, User
from dispatchdesk.tickets.models import Priority, Ticket
from tests.e2e.conftest import ARTIFACTS, PHONE, sign_in
from tests.factories import TicketFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def three(network: SkillGroup) -> list[Ticket]:
    """Three queued Network tickets: urgent first in the list (priority order)."""
    return [
        TicketFactory(group=network, priority=priority, subject=f"Ticket {priority}")
        for priority in (Priority.URGENT, Priority.HIGH, Priority.NORMAL)
    ]


def fits_the_screen(page: Page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def shot(page: Page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"phone-{name}.png"), full_page=True)


@pytest.mark.usefixtures("bob")
def test_j_k_walk_the_list_and_the_ticket_pages_and_r_n_a_s_act(
    page: Page, live_server, alice: User, three: list[Ticket]
) -> None:
    sign_in(page, live_server.url, "alice")
    page.goto(f"{live_server.url}/agent/inbox/?view=unassigned")
    expect(page.locator(".inbox-row")).to_have_count(3)

    page.keyboard.press("j")
    page.keyboard.press("j")
    expect(page.locator(".inbox-row.row-current")).to_contain_text("Ticket 2")
    page.keyboard.press("k")
    expect(page.locator(".inbox-row.row-current")).to_contain_text("Ticket 1")
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/agent/tickets/{three[0].pk}/")

    page.keyboard.press("j")  # the next ticket of the list she came from
    page.wait_for_url(f"**/agent/tickets/{three[1].pk}/")
    page.keyboard.press("k")
    page.wait_for_url(f"**/agent/tickets/{three[0].pk}/")

    page.keyboard.press("n")
    expect(page.locator("#id_note-body")).to_be_focused()
    page.keyboard.type("jjjk and a note")  # typing never fires a shortcut
    expect(page.locator("#id_note-body")).to_have_value("jjjk and a note")
    assert page.url.endswith(f"/agent/tickets/{three[0].pk}/")
    expect(page.get_by_role("button", name="Add internal note")).to_be_visible()
    expect(page.get_by_role("button", name="Send to customer")).to_be_hidden()

    page.locator("#id_note-body").blur()
    page.keyboard.press("r")
    expect(page.locator("#id_reply-body")).to_be_focused()
    expect(page.get_by_role("button", name="Send to customer")).to_be_visible()
    page.locator("#id_reply-body").blur()

    page.keyboard.press("s")
    expect(page.locator("#id_status")).to_be_focused()
    page.locator("#id_status").blur()

    page.keyboard.press("a")  # "Assign to me" (she is offline, so not a claim)
    expect(page.locator("#ticket")).to_contain_text("Ticket assigned.")
    three[0].refresh_from_db()
    assert three[0].assignee_id == alice.pk


@pytest.mark.usefixtures("alice")
def test_question_mark_shows_the_help_and_select_all_ticks_the_page(
    page: Page, live_server, bob: User, three: list[Ticket]
) -> None:
    sign_in(page, live_server.url, "bob")
    page.goto(f"{live_server.url}/agent/inbox/?view=unassigned")

    page.keyboard.press("?")
    expect(page.locator("#shortcuts-help")).to_be_visible()
    expect(page.locator("#shortcuts-help")).to_contain_text("Next / previous ticket")
    expect(page.locator("#shortcuts-help")).to_be_focused()  # shown: Bootstrap moves the focus into it
    page.keyboard.press("?")
    expect(page.locator("#shortcuts-help")).to_be_hidden()
    page.keyboard.press("?")
    expect(page.locator("#shortcuts-help")).to_be_focused()
    page.keyboard.press("Escape")
    expect(page.locator("#shortcuts-help")).to_be_hidden()

    page.locator("#select-page").check()
    expect(page.locator("#bulk-selected-count")).to_have_text("3")
    page.locator("#id_bulk-action").select_option("priority")
    expect(page.locator("#id_bulk-status")).to_be_hidden()  # only the chosen action's field shows
    page.locator("#id_bulk-priority").select_option(str(Priority.LOW))
    page.get_by_role("button", name="Apply to selected").click()

    expect(page.locator("#bulk-done")).to_contain_text("Done for 3 tickets.")
    assert {t.priority for t in Ticket.objects.all()} == {Priority.LOW}


@pytest.mark.usefixtures("alice")
def test_inbox_ticket_page_and_reply_are_usable_at_390_px(
    phone: Page, live_server, bob: User, three: list[Ticket]
) -> None:
    sign_in(phone, live_server.url, "bob")

    phone.goto(f"{live_server.url}/agent/inbox/?view=unassigned")
    expect(phone.locator(".inbox-row")).to_have_count(3)
    fits_the_screen(phone)
    row = phone.locator(".inbox-row").first
    for cell in ("cell-select", "cell-subject", "cell-status", "cell-priority"):
        box = row.locator(f"td.{cell}").bounding_box()
        assert box is not None
        assert box["x"] >= 0, cell
        assert box["x"] + box["width"] <= PHONE["width"], cell
    shot(phone, "inbox")

    phone.goto(f"{live_server.url}/agent/tickets/{three[0].pk}/")
    fits_the_screen(phone)
    shot(phone, "ticket")

    phone.locator("#compose-reply-tab").scroll_into_view_if_needed()
    phone.locator("#id_reply-body").fill("We are on it.")
    send = phone.get_by_role("button", name="Send to customer")
    box = send.bounding_box()
    assert box is not None
    assert box["x"] + box["width"] <= PHONE["width"]
    fits_the_screen(phone)
    shot(phone, "reply")
    send.click()
    expect(phone.locator("#ticket")).to_contain_text("Your reply was sent.")
