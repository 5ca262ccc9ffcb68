"""The 404, 403 and 500 pages speak the product's language, in English and German, and lead home."""

from typing import Any

import pytest
from django.template.loader import get_template
from django.test import Client, RequestFactory
from django.utils import translation
from django.views.defaults import server_error

from dispatchdesk.accounts.models import Role, User
from tests.conftest import login
from tests.factories import UserFactory

GERMAN = {"Accept-Language": "de"}


def page(response: Any) -> str:
    return response.content.decode()


def in_the_layout(html: str) -> bool:
    """The product's page: its stylesheet, its navbar with the language switch."""
    return "/static/dispatchdesk/app.css" in html and 'class="navbar' in html and 'name="language"' in html


@pytest.fixture
def staff_without_rights(db: None) -> User:
    """A staff account the admin site lets in but that holds no model permission: its pages refuse it."""
    return UserFactory(username="temp", role=Role.MANAGER, is_staff=True)


# --- 404 ---


def test_a_missing_page_is_a_404_in_the_products_page(client: Client, db: None) -> None:
    response = client.get("/no-such-page/")

    assert response.status_code == 404
    html = page(response)
    assert in_the_layout(html)
    assert "<title>Page not found · Dispatchdesk</title>" in html
    assert "We cannot find this page" in html
    assert 'href="/">Go to the start page</a>' in html
    assert 'href="/track/"' in html


def test_a_missing_page_speaks_german_when_the_browser_asks(client: Client, db: None) -> None:
    response = client.get("/no-such-page/", headers=GERMAN)

    assert response.status_code == 404
    html = page(response)
    assert '<html lang="de">' in html
    assert "Diese Seite finden wir nicht" in html
    assert "Zur Startseite</a>" in html
    assert "We cannot find this page" not in html


def test_a_staff_page_a_customer_may_not_see_is_the_same_404(client: Client, carol: User) -> None:
    response = login(client, carol).get("/agent/tickets/")

    assert response.status_code == 404
    assert "We cannot find this page" in page(response)
    assert "Sign out" in page(response)  # the navbar knows who is signed in


# --- 403 ---


def test_a_refused_page_is_a_403_in_the_products_page(client: Client, staff_without_rights: User) -> None:
    response = login(client, staff_without_rights).get("/admin/tickets/ticket/")

    assert response.status_code == 403
    html = page(response)
    assert in_the_layout(html)
    assert "You may not open this page" in html
    assert "ask an administrator" in html
    assert 'href="/">Go to the start page</a>' in html


def test_a_refused_page_speaks_german_when_the_browser_asks(client: Client, staff_without_rights: User) -> None:
    response = login(client, staff_without_rights).get("/admin/tickets/ticket/", headers=GERMAN)

    assert response.status_code == 403
    html = page(response)
    assert "Diese Seite dürfen Sie nicht öffnen" in html
    assert "You may not open this page" not in html


# --- 500 ---


def test_the_500_page_renders_with_no_context_no_request_and_no_database() -> None:
    # No `db` fixture: a query would fail the test.
    html = get_template("500.html").render()

    assert "Something went wrong on our side" in html
    assert "/static/dispatchdesk/app.css" in html
    assert "/static/vendor/bootstrap/bootstrap.min.css" in html
    assert 'href="/"' in html


def test_djangos_server_error_view_answers_500_with_it_in_german_too() -> None:
    request = RequestFactory().get("/agent/tickets/")

    with translation.override("de"):
        response = server_error(request)

    assert response.status_code == 500
    html = page(response)
    assert '<html lang="de">' in html
    assert "Auf unserer Seite ist etwas schiefgegangen" in html
    assert "Zur Startseite</a>" in html
