"""The team board in Chromium (P4, decision 0034): a card dragged on one board moves on another
open board; an illegal drag snaps back with the workflow's message; the card menu moves from the keyboard."""

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Locator, Page, expect

from dispatchdesk.accounts.models import SkillGroup, User
from dispatchdesk.tickets.models import Status, Ticket
from dispatchdesk.tickets.services import ticket_assign
from tests.e2e.conftest import sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def second_page(browser: Browser, transactional_db: None) -> Iterator[Page]:
    context = browser.new_context(locale="en-GB", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


def open_board(page: Page, url: str, group: SkillGroup) -> None:
    page.goto(f"{url}/agent/board/{group.pk}/")
    page.locator("body[data-live-open]").wait_for(state="attached")  # it hears changes from now on


def cell(page: Page, status: str, lane: User | None) -> Locator:
    return page.locator(f'#board .kanban-cell[data-status="{status}"][data-lane="{lane.pk if lane else ""}"]')


def card(page: Page, ticket: Ticket) -> Locator:
    return page.locator(f'#board [data-ticket-id="{ticket.pk}"]')


def drag(page: Page, source: Locator, target: Locator) -> None:
    """Press, move in small steps and release, as a hand does: SortableJS follows the pointer."""
    start, end = source.bounding_box(), target.bounding_box()
    assert start is not None
    assert end is not None
    page.mouse.move(start["x"] + 20, start["y"] + 10)
    page.mouse.down()
    page.mouse.move(start["x"] + 30, start["y"] + 20, steps=5)
    page.mouse.move(end["x"] + end["width"] / 2, end["y"] + end["height"] / 2, steps=15)
    page.mouse.up()


def test_a_card_dragged_on_one_board_moves_on_the_other(  # noqa: PLR0917 - fixtures
    page: Page,
    second_page: Page,
    live_server: object,
    alice: User,
    bob: User,
    network: SkillGroup,
    carols_ticket: Ticket,
) -> None:
    url = live_server.url  # type: ignore[attr-defined]
    ticket_assign(ticket_id=carols_ticket.pk, agent_id=alice.pk, actor=alice)
    sign_in(page, url, "alice")
    sign_in(second_page, url, "bob")
    open_board(page, url, network)
    open_board(second_page, url, network)
    expect(cell(second_page, Status.PENDING_ACCEPTANCE, alice).locator(".kanban-card")).to_have_count(1)

    drag(page, card(page, carols_ticket), cell(page, Status.IN_PROGRESS, alice))

    expect(page.locator("#kanban-toasts")).to_contain_text(f"Ticket #{carols_ticket.number} moved.")
    expect(cell(second_page, Status.IN_PROGRESS, alice).locator(".kanban-card")).to_have_count(1, timeout=2_000)
    expect(cell(second_page, Status.PENDING_ACCEPTANCE, alice).locator(".kanban-card")).to_have_count(0)
    carols_ticket.refresh_from_db()
    assert carols_ticket.status == Status.IN_PROGRESS


@pytest.mark.usefixtures("alice")
def test_an_illegal_drag_snaps_back_with_the_workflows_message(
    page: Page, live_server: object, network: SkillGroup, carols_ticket: Ticket
) -> None:
    url = live_server.url  # type: ignore[attr-defined]
    sign_in(page, url, "alice")
    open_board(page, url, network)

    drag(page, card(page, carols_ticket), cell(page, Status.AWAITING_CUSTOMER, None))

    expect(page.get_by_role("alert")).to_contain_text("A ticket that is New cannot become Awaiting customer")
    expect(cell(page, Status.NEW, None).locator(".kanban-card")).to_have_count(1)
    expect(cell(page, Status.AWAITING_CUSTOMER, None).locator(".kanban-card")).to_have_count(0)
    carols_ticket.refresh_from_db()
    assert carols_ticket.status == Status.NEW


@pytest.mark.usefixtures("alice")
def test_the_card_menu_moves_a_ticket_from_the_keyboard(
    page: Page, live_server: object, network: SkillGroup, carols_ticket: Ticket
) -> None:
    url = live_server.url  # type: ignore[attr-defined]
    sign_in(page, url, "alice")
    open_board(page, url, network)

    menu = page.get_by_role("button", name=f"Actions for ticket #{carols_ticket.number}")
    menu.focus()
    page.keyboard.press("Enter")
    entry = page.get_by_role("button", name="Move to Resolved")
    expect(entry).to_be_visible()
    for _ in range(5):  # arrow down through the entries until the wanted one has the focus
        page.keyboard.press("ArrowDown")
        if entry.evaluate("element => element === document.activeElement"):
            break
    page.keyboard.press("Enter")

    expect(cell(page, Status.RESOLVED, None).locator(".kanban-card")).to_have_count(1)
    expect(page.get_by_role("button", name=f"Actions for ticket #{carols_ticket.number}")).to_be_focused()
    carols_ticket.refresh_from_db()
    assert carols_ticket.status == Status.RESOLVED
