"""POST /hooks/calls/: the webhook a telephony system calls with each event of a call.

A plain view like the alert webhook: the caller is a machine, known by its signature, and answers
are JSON `{"code", "message"}` like the API's. The body is signed as our outbound webhooks sign
theirs (common.signing: HMAC-SHA256 over "<unix time>.<body>" with the source's secret, header
`X-Dispatchdesk-Signature: t=<unix>,v1=<hex>`); a signature too old or too far ahead is refused, so
a captured request cannot be replayed later, and a replay within the tolerance is a duplicate event,
which changes nothing. Every refusal is logged.
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
from dispatchdesk.common.signing import HEADER, signed_at, verify
from dispatchdesk.intake.channels.phone.adapter import parse
from dispatchdesk.intake.channels.phone.services import call_event_receive
from dispatchdesk.intake.models import CallSource

logger = logging.getLogger(__name__)


@csrf_exempt  # a machine, authenticated by its signature over the body
@require_POST
def receive(request: HttpRequest) -> JsonResponse:
    try:
        source = _source_of(request)
        incoming = parse(_json_body(request))
    except DomainError as error:
        logger.warning("call event refused from %s: %s %s", client_address(request), error.code, error.message)
        return JsonResponse({"code": error.code, "message": error.message}, status=error.status)
    receipt = call_event_receive(source=source, incoming=incoming)
    call = receipt.call
    return JsonResponse(
        {
            "call_id": call.call_id,
            "event": incoming.event,
            "duplicate": receipt.duplicate,
            "ticket": call.ticket.number if call.ticket is not None else None,
        }
    )


def _source_of(request: HttpRequest) -> CallSource:
    """The active source whose secret signed the body, within the tolerance of now."""
    header = request.headers.get(HEADER, "")
    secrets: dict[str, str] = settings.DISPATCHDESK_CALL_SECRETS
    names = [name for name, secret in secrets.items() if verify(secret=secret, header=header, body=request.body)]
    source = CallSource.objects.filter(name__in=names, active=True).first()
    if source is None:
        raise DomainError(_("A valid call source signature is required."), code="unauthorized", status=401)
    signed = signed_at(header) or 0
    if abs(clock.now().timestamp() - signed) > settings.DISPATCHDESK_CALL_SIGNATURE_TOLERANCE_SECONDS:
        raise DomainError(
            _("The signature is too old (or from the future): sign each request when it is sent."),
            code="stale_signature",
            status=401,
        )
    return source


def _json_body(request: HttpRequest) -> object:
    if len(request.body) > settings.DISPATCHDESK_CALL_MAX_BYTES:
        raise DomainError(_("The payload is too large."), code="payload_too_large", status=413)
    try:
        return json.loads(request.body)
    except (ValueError, UnicodeDecodeError):
        raise DomainError(_("The payload is not JSON."), code="invalid_call_event", status=400) from None
