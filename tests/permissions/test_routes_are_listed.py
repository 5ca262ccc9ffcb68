"""Nobody adds a route without deciding who may use it: every URL and API operation has a matrix row.

The admin site's URLs follow the models registered in it, so instead of rows each of them is
checked here against everyone who is not an is_staff user.
"""

import re
from collections.abc import Iterator, Sequence
from typing import Any

import pytest
from django.http import HttpResponseBase
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.resolvers import RegexPattern

from dispatchdesk.config.api import api
from tests.permissions.matrix import MATRIX, ROLES

# Django URL patterns that ninja adds beside the operations.
API_PAGES = {"/api/", "/api/docs", "/api/openapi.json"}
# Sample values for the named groups of the admin's regex patterns.
REGEX_SAMPLES = {"app_label": "tickets", "url": "no-such-page/", "token": "no-such-token"}  # token: django_rq


def walk(patterns: Sequence[URLPattern | URLResolver], route: str = "", sample: str = "") -> Iterator[tuple[str, str]]:
    """(route as written, a URL that reaches it) for every pattern, includes resolved."""
    for pattern in patterns:
        here, url = route + str(pattern.pattern), sample + sample_of(pattern.pattern)
        if isinstance(pattern, URLResolver):
            yield from walk(pattern.url_patterns, here, url)
        else:
            yield here, "/" + url


def sample_of(pattern: Any) -> str:
    text = str(pattern)
    if isinstance(pattern, RegexPattern):
        text = re.sub(r"\(\?P<(\w+)>[^)]*\)", lambda group: REGEX_SAMPLES[group[1]], text).strip("^$")
    return re.sub(r"<[^>]+>", "1", text)


def url_routes() -> list[tuple[str, str]]:
    return list(walk(get_resolver().url_patterns))


def shape(path: str) -> str:
    """`/agent/tickets/<int:ticket_id>/` and `/agent/tickets/{ticket_id}/` both become `/agent/tickets/{}/`."""
    return re.sub(r"<[^>]+>|\{[^}]+\}", "{}", path)


def test_every_url_pattern_has_a_row_in_the_matrix_and_every_row_a_pattern() -> None:
    patterns = {shape("/" + route) for route, _url in url_routes() if not route.startswith("admin/")}
    rows = {shape(path) for _method, path, *_cells in MATRIX if not path.startswith("/admin/")}

    assert patterns - rows == set(), "add these routes to tests/permissions/matrix.py: who may use them?"
    assert rows - patterns == set(), "these matrix rows name routes that no longer exist"


def test_every_api_operation_has_a_row_in_the_matrix_and_every_row_an_operation() -> None:
    paths = api.get_openapi_schema()["paths"]
    operations = {(method.upper(), shape(path)) for path, methods in paths.items() for method in methods}
    rows = {(method, shape(path)) for method, path, *_ in MATRIX if path.startswith("/api/") and path not in API_PAGES}

    assert operations - rows == set(), "add these API operations to tests/permissions/matrix.py"
    assert rows - operations == set(), "these matrix rows name API operations that no longer exist"


@pytest.mark.django_db
@pytest.mark.parametrize("role", [role for role in ROLES if role != "root"])
def test_no_admin_url_opens_for_anyone_who_is_not_an_is_staff_user(
    shared_client: Client, request: pytest.FixtureRequest, role: str
) -> None:
    client = shared_client
    client.cookies.clear()
    if role != "anonymous":
        client.force_login(request.getfixturevalue(role))
    urls = [url for route, url in url_routes() if route.startswith("admin/")]

    answers = {url: client.get(url) for url in urls}

    # Closed means sent back into the admin (its login page, or from logout to its index), or refused.
    opened = {url: r.status_code for url, r in answers.items() if not closed(r)}
    assert opened == {"/admin/login/": 200}
    assert len(urls) > 50  # every registered model's pages were tried, not just a few


def closed(response: HttpResponseBase) -> bool:
    """Sent back into the admin, or refused outright (django_rq's stats feed answers 401)."""
    redirected = response.status_code == 302 and str(response["Location"]).startswith("/admin/")
    return redirected or response.status_code in (401, 403)
