"""The API docs page (/api/docs) works on a closed network: Swagger UI comes from this server."""

import re
from typing import Any

from django.test import Client

from dispatchdesk.accounts.models import User
from tests.conftest import login

ASSET = re.compile(r'<(?:script|link)\b[^>]*\b(?:src|href)="([^"]*)"')
VENDORED = ("/static/vendor/swagger-ui/swagger-ui-bundle.js", "/static/vendor/swagger-ui/swagger-ui.css")


def assets_of(html: str) -> list[str]:
    return [url for url in ASSET.findall(html) if not url.startswith("data:")]


def test_the_docs_page_loads_swagger_ui_from_the_vendored_copy_only(client: Client, db: None) -> None:
    response = client.get("/api/docs")

    assert response.status_code == 200
    html = response.content.decode()
    assets = assets_of(html)
    assert set(VENDORED) <= set(assets)
    assert all(url.startswith("/static/") for url in assets), assets
    # Nothing on the page points off this server (no CDN, no favicon or validator service).
    assert "http" not in html
    assert '"url": "/api/openapi.json"' in html


def test_every_asset_the_docs_page_names_is_served(client: Client, settings: Any, db: None) -> None:
    # As in the embedded mode, WhiteNoise finds the files in the source tree (the suite turns that
    # off for speed; a new client loads the middleware with it on).
    settings.WHITENOISE_USE_FINDERS = True
    assets = assets_of(client.get("/api/docs").content.decode())

    served = Client()
    for url in assets:
        response = served.get(url)
        assert response.status_code == 200, url
        body = b"".join(response.streaming_content)  # type: ignore[attr-defined]
        assert body, url
    assert len(assets) == 3  # the stylesheet, the bundle and the page's starter


def test_the_docs_page_gives_a_signed_in_user_the_csrf_token_for_try_it_out(client: Client, bob: User) -> None:
    html = login(client, bob).get("/api/docs").content.decode()

    token = re.search(r'data-csrf-token="([^"]*)"', html)
    assert token is not None
    assert len(token.group(1)) > 20
