"""Which alert source is calling: by its bearer token, or, for a source with a secret, by an HMAC
signature over timestamp and body (decision 0024). A source with a secret must sign; a signature
more than five minutes from our clock, or seen before, is refused, so a captured request cannot be
replayed."""

from __future__ import annotations

import hmac

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest
from django.utils.translation import gettext as _

from dispatchdesk.common import clock
from dispatchdesk.common.errors import DomainError
from dispatchdesk.common.signing import HEADER, signed_at, verify
from dispatchdesk.intake.models import AlertSource

SOURCE_HEADER = "X-Dispatchdesk-Source"
WINDOW_SECONDS = 5 * 60


def source_of(request: HttpRequest) -> AlertSource:
    if HEADER in request.headers:
        return _signed_source(request)
    source = _token_source(request)
    if source.name in settings.DISPATCHDESK_ALERT_SECRETS:
        raise _refused(
            _("This alert source must sign its requests (%(header)s).") % {"header": HEADER}, "signature_required"
        )
    return source


def _token_source(request: HttpRequest) -> AlertSource:
    """The active source whose token the request bears (compared in constant time)."""
    scheme, _sep, token = request.headers.get("Authorization", "").partition(" ")
    tokens: dict[str, str] = settings.DISPATCHDESK_ALERT_TOKENS
    names = [name for name, secret in tokens.items() if hmac.compare_digest(secret.encode(), token.encode())]
    source = AlertSource.objects.filter(name__in=names, active=True).first()
    if scheme.lower() != "bearer" or not token or source is None:
        raise _refused(_("A valid alert source token is required."), "unauthorized")
    return source


def _signed_source(request: HttpRequest) -> AlertSource:
    name = request.headers.get(SOURCE_HEADER, "")
    secret = settings.DISPATCHDESK_ALERT_SECRETS.get(name)
    source = AlertSource.objects.filter(name=name, active=True).first() if secret else None
    if secret is None or source is None:
        raise _refused(
            _("A signed request must name an active alert source with a secret in %(header)s.")
            % {"header": SOURCE_HEADER},
            "unknown_source",
        )
    header = request.headers[HEADER]
    sent = signed_at(header)
    if sent is None or abs(clock.now().timestamp() - sent) > WINDOW_SECONDS:
        raise _refused(
            _("The signature's timestamp is missing or more than five minutes from our clock."), "signature_expired"
        )
    if not verify(secret=secret, header=header, body=request.body):
        raise _refused(_("The signature does not match the body and timestamp."), "signature_invalid")
    if not cache.add(f"alert-signature:{name}:{header}", True, timeout=2 * WINDOW_SECONDS):
        raise _refused(_("This signed request was received before; send a new one."), "signature_replayed")
    return source


def _refused(message: str, code: str) -> DomainError:
    return DomainError(message, code=code, status=401)
