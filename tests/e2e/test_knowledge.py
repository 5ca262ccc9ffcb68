"""In Chromium: the agent sees suggestions on the ticket page and inserts an article's link into the
reply with one click; a customer typing a new request is shown a matching article and opens it."""

import pytest
from playwright.sync_api import Browser, Page, expect

from dispatchdesk.accounts.models import User
from dispatchdesk.knowledge.models import SuggestionRead, TicketArticle
from dispatchdesk.knowledge.services import suggestion_index_rebuild
from dispatchdesk.tickets.models import Message, Ticket
from tests.e2e.conftest import sign_in
from tests.knowledge.helpers import article, resolved_ticket

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("immediate_tasks")]


@pytest.fixture
def knowledge(carol: User, erin: User, alice: User, bob: User) -> dict[str, object]:
    earlier = resolved_ticket(
        erin,
        alice,
        subject="VPN disconnects hourly",
        description="The VPN drops.",
        resolution="Update the VPN profile.",
    )
    suggestion_index_rebuild()
    guide = article(bob, title="VPN drops every hour: update your profile", body="<p>Choose Update profile.</p>")
    return {"earlier": earlier, "guide": guide}


def test_the_agent_inserts_a_suggested_articles_link_into_the_reply(
    page: Page, live_server, carols_ticket: Ticket, knowledge: dict[str, object]
) -> None:
    guide, earlier = knowledge["guide"], knowledge["earlier"]
    assert isinstance(earlier, Ticket)
    sign_in(page, live_server.url, "alice")
    page.goto(f"{live_server.url}/agent/tickets/{carols_ticket.pk}/")

    expect(page.locator("#similar-tickets")).to_contain_text(f"#{earlier.number} VPN disconnects hourly")
    expect(page.locator("#suggested-articles")).to_contain_text("VPN drops every hour: update your profile")
    page.locator("#id_reply-body").fill("Hello Carol, this should help:")
    page.locator("#suggested-articles").get_by_role("button", name="Insert link").click()

    reply = page.locator("#id_reply-body")
    expect(reply).to_have_value(
        f"Hello Carol, this should help:\n\nVPN drops every hour: update your profile: {live_server.url}/help/{guide.pk}/"  # type: ignore[attr-defined]
    )
    page.get_by_role("button", name="Send to customer").click()
    expect(page.locator(".message-agent").last).to_contain_text(f"/help/{guide.pk}/")  # type: ignore[attr-defined]
    assert TicketArticle.objects.filter(ticket=carols_ticket).count() == 1
    assert f"/help/{guide.pk}/" in Message.objects.filter(ticket=carols_ticket).last().body  # type: ignore[union-attr, attr-defined]
    page.goto("about:blank")  # close the page's live stream before the database is flushed


def test_a_customer_typing_a_request_is_shown_a_matching_article(
    browser: Browser, live_server, carol: User, network: object, knowledge: dict[str, object]
) -> None:
    customer = browser.new_context(locale="en-GB", viewport={"width": 1000, "height": 760}).new_page()
    customer.set_default_timeout(10_000)
    sign_in(customer, live_server.url, "carol")
    customer.goto(f"{live_server.url}/portal/new/")

    customer.get_by_label("Subject").press_sequentially("My VPN keeps dropping")
    suggestion = customer.locator("#request-suggestions").get_by_role("link")
    expect(suggestion).to_have_text("VPN drops every hour: update your profile")
    with customer.expect_popup() as opened:
        suggestion.click()
    expect(opened.value.get_by_role("heading", level=1)).to_have_text("VPN drops every hour: update your profile")

    assert SuggestionRead.objects.filter(requested_at__isnull=True).count() == 1  # read, nothing sent (yet)
    customer.context.close()
