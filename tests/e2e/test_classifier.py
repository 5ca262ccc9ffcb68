"""The learned classifier in Chromium: a manager trains it (refused, then in use), raises the threshold,
and a dispatcher sees the prediction with its confidence on a ticket that went to review (A2)."""

import re

import pytest
from playwright.sync_api import Page, expect

from dispatchdesk.accounts.models import DispatchMode, User
from dispatchdesk.customers.models import Contact
from dispatchdesk.intake.services import ticket_submit
from dispatchdesk.tickets.models import Channel
from tests.dispatch.test_classifier import _desk
from tests.e2e.conftest import sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_a_manager_trains_the_classifier_and_a_dispatcher_sees_its_prediction(
    page: Page, live_server, dave: User, bob: User
) -> None:
    _desk(12)
    sign_in(page, live_server.url, "dave")
    page.goto(f"{live_server.url}/manage/settings/")
    page.locator("#settings-nav").get_by_role("link", name="Classifier").click()
    page.get_by_role("button", name="Train now").click()
    expect(page.locator("#classifier-refusal")).to_contain_text("Too little history: 12 resolved tickets")

    _desk(90, seed=8)
    page.get_by_role("button", name="Train now").click()
    expect(page.get_by_text("Version 2 trained and in use.")).to_be_visible()
    expect(page.locator("#classifier-accuracy")).to_contain_text("Category")
    page.get_by_label("Confidence needed to assign without review (percent)").fill("99")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Classifier settings saved.")).to_be_visible()

    customer = Contact.objects.create(name="Carl Customer", email="carl@customer.example")
    ticket = ticket_submit(
        customer=customer, subject="Die Rechnung ist falsch", description="Bitte prüfen.", channel=Channel.WEB
    )
    assert ticket.dispatch_mode == DispatchMode.REVIEW

    page.context.clear_cookies()
    sign_in(page, live_server.url, "bob")
    page.goto(f"{live_server.url}/agent/tickets/{ticket.pk}/")
    expect(page.locator("#prediction")).to_contain_text(re.compile(r"Category: Billing \(\d+%\)"))
    expect(page.locator("#prediction")).to_contain_text("below the confidence threshold")
