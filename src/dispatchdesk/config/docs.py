"""The API docs page (/api/docs): django-ninja's Swagger UI, from the vendored copy instead of a CDN.

ninja renders its own template (with its bundled copy) only when "ninja" is an installed app, and
otherwise a page that loads Swagger UI from a CDN: blank on a closed network. This renderer serves
`static/vendor/swagger-ui/` through our own template: a copy pinned and recorded in
static/vendor/VERSIONS.md like the other front-end assets, rather than whichever ninja bundles.
"""

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from ninja.openapi.docs import Swagger

if TYPE_CHECKING:
    from ninja import NinjaAPI


class LocalSwagger(Swagger):
    template = "api/docs.html"
    # No badge fetched from the public validator service (validator.swagger.io).
    default_settings = {**Swagger.default_settings, "validatorUrl": None}

    def render_page(self, request: HttpRequest, api: "NinjaAPI", **kwargs: Any) -> HttpResponse:
        swagger_settings = {**self.settings, "url": self.get_openapi_url(api, kwargs)}
        context = {
            "api": api,
            "swagger_settings": swagger_settings,
            # Session-authenticated calls from the page need the CSRF token (ninja's django_auth checks it).
            "add_csrf": any(getattr(auth, "csrf", False) for auth in _authenticators(api)),
        }
        return render(request, self.template, context)


def _authenticators(api: "NinjaAPI") -> Sequence[object]:
    """The API's authenticators (ninja keeps a single one as a list too; NOT_SET and None are none)."""
    return api.auth if isinstance(api.auth, Sequence) else ()
