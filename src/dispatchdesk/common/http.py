"""Request type for logged-in views, so `request.user` is a User under mypy --strict."""

from typing import TYPE_CHECKING

from django.http import HttpRequest

if TYPE_CHECKING:
    from django_htmx.middleware import HtmxDetails

    from dispatchdesk.accounts.models import User


class AuthedRequest(HttpRequest):
    user: "User"
    htmx: "HtmxDetails"
