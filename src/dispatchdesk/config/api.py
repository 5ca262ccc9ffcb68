"""The REST API (I6): one NinjaAPI, routers mounted per app, errors always {code, message}."""

from django.core.exceptions import ObjectDoesNotExist
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError
from ninja.security import django_auth

from dispatchdesk.accounts.auth import TokenAuth
from dispatchdesk.common.errors import DomainError

api = NinjaAPI(
    title="Dispatchdesk API",
    version="1",
    description="Tickets, contacts and organisations. Authenticate with `Authorization: Bearer <token>`.",
    auth=[TokenAuth(), django_auth],
    docs_url="/docs",
    urls_namespace="api",
)


@api.exception_handler(DomainError)
def domain_error(request: HttpRequest, error: DomainError) -> HttpResponse:
    return api.create_response(request, {"code": error.code, "message": error.message}, status=error.status)


@api.exception_handler(ObjectDoesNotExist)
def not_found(request: HttpRequest, error: ObjectDoesNotExist) -> HttpResponse:
    return api.create_response(request, {"code": "not_found", "message": _("Not found.")}, status=404)


@api.exception_handler(ValidationError)
def invalid_input(request: HttpRequest, error: ValidationError) -> HttpResponse:
    details = [_describe(item) for item in error.errors]
    message = "; ".join(details) or _("Invalid input.")
    return api.create_response(
        request, {"code": "invalid_input", "message": message, "errors": error.errors}, status=422
    )


@api.exception_handler(AuthenticationError)
def unauthenticated(request: HttpRequest, error: AuthenticationError) -> HttpResponse:
    body = {"code": "unauthenticated", "message": _("Send a valid API token or sign in.")}
    return api.create_response(request, body, status=401)


@api.exception_handler(HttpError)
def http_error(request: HttpRequest, error: HttpError) -> HttpResponse:
    return api.create_response(request, {"code": "http_error", "message": str(error)}, status=error.status_code)


def _describe(item: dict[str, object]) -> str:
    location = ".".join(str(part) for part in item.get("loc", ()) if part not in ("body", "payload"))  # type: ignore[attr-defined]
    return f"{location}: {item.get('msg', '')}" if location else str(item.get("msg", ""))
