"""POST /hooks/alerts/: the webhook Alertmanager, Grafana and other monitoring systems call.

A plain view, not an API operation: the caller is a machine with its source's bearer token, not a
user, and answers are JSON `{"code", "message"}` like the API's. Every refusal is logged; a payload
from a known source that cannot be read is also kept (AlertRejection) for a person to look at.
"""

from __future__ import annotations

import hmac
import json
import logging

from django.conf import settings
from django.http import HttpRequest, JsonResponse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from dispatchdesk.common import clock
from dispatchdesk.common.client_address import client_address
from dispatchdesk.common.errors import DomainError
from dispatchdesk.intake.channels.alerts.adapter import parse
from dispatchdesk.intake.channels.alerts.services import alerts_receive
from dispatchdesk.intake.models import AlertRejection, AlertSource

logger = logging.getLogger(__name__)


@csrf_exempt
@require_POST
def receive(request: HttpRequest) -> JsonResponse:
    try:
        source = _source_of(request)
    except DomainError as error:
        logger.warning("alert webhook refused from %s: %s", client_address(request), error.code)
        return _error(error)
    try:
        alerts = parse(source.format, _json_body(request))
    except DomainError as error:
        logger.warning("alert source %s sent an unreadable payload: %s", source.name, error.message)
        _keep(source, request, error.message)
        return _error(error)
    receipt = alerts_receive(source=source, alerts=alerts)
    return JsonResponse(
        {
            "opened": receipt.opened,
            "repeated": receipt.repeated,
            "resolved": receipt.resolved,
            "ignored": receipt.ignored,
            "tickets": sorted(receipt.tickets),
        }
    )


def _source_of(request: HttpRequest) -> AlertSource:
    """The active source whose token the request bears (compared in constant time)."""
    scheme, _sep, token = request.headers.get("Authorization", "").partition(" ")
    tokens: dict[str, str] = settings.DISPATCHDESK_ALERT_TOKENS
    names = [name for name, secret in tokens.items() if hmac.compare_digest(secret.encode(), token.encode())]
    source = AlertSource.objects.filter(name__in=names, active=True).first()
    if scheme.lower() != "bearer" or not token or source is None:
        raise DomainError(_("A valid alert source token is required."), code="unauthorized", status=401)
    return source


def _json_body(request: HttpRequest) -> object:
    if len(request.body) > settings.DISPATCHDESK_ALERT_MAX_BYTES:
        raise DomainError(_("The payload is too large."), code="payload_too_large", status=413)
    try:
        return json.loads(request.body)
    except (ValueError, UnicodeDecodeError):
        raise DomainError(_("The payload is not JSON."), code="unreadable_alerts", status=422) from None


def _keep(source: AlertSource, request: HttpRequest, reason: str) -> None:
    body = request.body[: settings.DISPATCHDESK_ALERT_MAX_BYTES].decode("utf-8", errors="replace")
    AlertRejection.objects.create(source=source, received_at=clock.now(), reason=reason[:300], body=body)


def _error(error: DomainError) -> JsonResponse:
    return JsonResponse({"code": error.code, "message": error.message}, status=error.status)
