"""The REST API (I6): one NinjaAPI, routers mounted per app, errors always {code, message}."""

from django.core.exceptions import ObjectDoesNotExist, RequestDataTooBig
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError
from ninja.security import django_auth

from dispatchdesk.accounts.auth import TokenAuth
from dispatchdesk.assets.api import router as assets_router
from dispatchdesk.common.errors import DomainError
from dispatchdesk.config.docs import LocalSwagger
from dispatchdesk.customers.api import contacts_router, organisations_router
from dispatchdesk.customers.sync import RowsRefusedError
from dispatchdesk.dispatch.api import router as dispatch_router
from dispatchdesk.intake.api import tickets_router  # the tickets router with the front door's POST
from dispatchdesk.notifications.api import router as notifications_router

api = NinjaAPI(
    title="Dispatchdesk API",
    version="1",
    description="Tickets, contacts and organisations. Authenticate with `Authorization: Bearer <token>`.",
    auth=[TokenAuth(), django_auth],
    docs_url="/docs",
    docs=LocalSwagger(),
    urls_namespace="api",
)


@api.exception_handler(DomainError)
def domain_error(request: HttpRequest, error: DomainError) -> HttpResponse:
    return api.create_response(request, {"code": error.code, "message": error.message}, status=error.status)


@api.exception_handler(RowsRefusedError)
def rows_refused(request: HttpRequest, error: RowsRefusedError) -> HttpResponse:
    errors = [{"row": row.line, "field": row.field, "message": row.message} for row in error.errors]
    body = {"code": error.code, "message": error.message, "errors": errors}
    return api.create_response(request, body, status=error.status)


@api.exception_handler(ObjectDoesNotExist)
@api.exception_handler(Http404)
def not_found(request: HttpRequest, error: Exception) -> HttpResponse:
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
    # Our code raises DomainError; ninja itself raises HttpError only for an unparseable body (400)
    # and a failed CSRF check on session-authenticated calls (403). Name those two plainly.
    known = {
        400: ("malformed_body", _("The request body is not valid JSON.")),
        403: ("csrf_failed", _("CSRF check failed: send the CSRF token, or authenticate with an API token.")),
    }
    # Subclasses (AuthorizationError, Throttled) speak for themselves.
    plain = type(error) is HttpError
    code, message = known[error.status_code] if plain and error.status_code in known else ("http_error", str(error))
    return api.create_response(request, {"code": code, "message": message}, status=error.status_code)


@api.exception_handler(RequestDataTooBig)
def too_large(request: HttpRequest, error: RequestDataTooBig) -> HttpResponse:
    body = {"code": "request_too_large", "message": _("The request body is too large.")}
    return api.create_response(request, body, status=413)


def _describe(item: dict[str, object]) -> str:
    location = ".".join(str(part) for part in item.get("loc", ()) if part not in ("body", "payload"))  # type: ignore[attr-defined]
    return f"{location}: {item.get('msg', '')}" if location else str(item.get("msg", ""))


api.add_router("/tickets", tickets_router)
api.add_router("/contacts", contacts_router)
api.add_router("/organisations", organisations_router)
api.add_router("/dispatch", dispatch_router)
api.add_router("/notifications", notifications_router)
api.add_router("/assets", assets_router)
