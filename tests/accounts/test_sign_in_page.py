"""Secure cookies on plain http: the sign-in page says that signing in cannot work, instead of failing silently."""

from typing import Any

import pytest
from django.test import Client

NOTICE = 'data-testid="cookies-need-https"'


@pytest.mark.django_db
def test_the_sign_in_page_over_http_warns_when_cookies_go_over_https_only(client: Client, settings: Any) -> None:
    settings.SESSION_COOKIE_SECURE = True

    page = client.get("/accounts/login/").content.decode()

    assert NOTICE in page
    assert "DISPATCHDESK_SECURE_COOKIES=0" in page


@pytest.mark.django_db
@pytest.mark.parametrize(("secure_cookies", "https"), [(True, True), (False, False)])
def test_no_warning_when_the_cookie_can_be_kept(
    client: Client, settings: Any, secure_cookies: bool, https: bool
) -> None:
    settings.SESSION_COOKIE_SECURE = secure_cookies

    page = client.get("/accounts/login/", secure=https).content.decode()

    assert NOTICE not in page
    assert "Sign in to Dispatchdesk" in page
