"""Where a webhook may go: never into our own network unless an administrator says so (SSRF)."""

from __future__ import annotations

import ipaddress
import socket
from urllib.parse import urlsplit

from django.utils.translation import gettext as _

from dispatchdesk.common.errors import DomainError


def check_target(url: str, *, allow_private_network: bool) -> None:
    """Refuse a URL that is not http(s), or whose host resolves to a private, loopback, link-local
    or reserved address. Checked when saved and again before every delivery, because a name's
    addresses can change after it was saved."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise DomainError(_("A webhook target must be an http or https URL."), code="webhook_bad_url")
    if allow_private_network:
        return
    for address in _addresses(parts.hostname, parts.port or (443 if parts.scheme == "https" else 80)):
        if not address.is_global:
            raise DomainError(
                _(
                    "The webhook target %(host)s is in a private or loopback network; only an administrator may allow that."
                )
                % {"host": parts.hostname},
                code="webhook_private_target",
            )


def _addresses(host: str, port: int) -> list[ipaddress.IPv4Address | ipaddress.IPv6Address]:
    try:
        infos = socket.getaddrinfo(host, port, proto=socket.IPPROTO_TCP)
    except (socket.gaierror, UnicodeError):
        raise DomainError(
            _("The webhook target %(host)s cannot be resolved.") % {"host": host}, code="webhook_unresolvable"
        ) from None
    return [ipaddress.ip_address(info[4][0]) for info in infos]
