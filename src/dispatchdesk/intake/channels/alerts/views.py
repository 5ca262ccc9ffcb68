"""POST /hooks/alerts/: the webhook Alertmanager, Grafana and other monitoring systems call.

A plain view, not an API operation: the caller is a machine with its source's bearer token or
signature (alerts.auth), not a user, and answers are JSON `{"code", "message"}` like the API's. Every
refusal is logged; a payload from a known source that cannot be read is also kept (AlertRejection)
for a person to look at.
"""

from __future__ import annotations

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
from dispatchdesk.intake.channels.alerts.auth import SOURCE_HEADER, source_of
from dispatchdesk.intake.channels.alerts.services import alerts_receive
from dispatchdesk.intake.models import AlertRejection, AlertSource

logger = logging.getLogger(__name__)


@csrf_exempt
@require_POST
def receive(request: HttpRequest) -> JsonResponse:
    try:
        source = source_of(request)
    except DomainError as error:
        claimed = request.headers.get(SOURCE_HEADER, "")[:50]
        logger.warning("alert webhook refused from %s (%s): %s", client_address(request), claimed, error.code)
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
