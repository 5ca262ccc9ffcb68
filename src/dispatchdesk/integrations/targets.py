"""Where a webhook may go: never into our own network unless an administrator says so (SSRF)."""

from __future__ import annotations

from urllib.parse import urlsplit

from django.utils.translation import gettext as _

from dispatchdesk.common.errors import DomainError
from dispatchdesk.common.outbound import Address, all_global, resolve


def check_target(url: str, *, allow_private_network: bool) -> Address:
    """Refuse a URL that is not http(s), or whose host resolves to a private, loopback, link-local
    or reserved address; else the address to connect to. Checked when saved and again before every
    delivery, which then connects to the address checked (common.outbound: no second lookup)."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise DomainError(_("A webhook target must be an http or https URL."), code="webhook_bad_url")
    try:
        addresses = resolve(parts.hostname, parts.port or (443 if parts.scheme == "https" else 80))
    except (OSError, UnicodeError, ValueError):
        raise DomainError(
            _("The webhook target %(host)s cannot be resolved.") % {"host": parts.hostname},
            code="webhook_unresolvable",
        ) from None
    if not allow_private_network and not all_global(addresses):
        raise DomainError(
            _("The webhook target %(host)s is in a private or loopback network; only an administrator may allow that.")
            % {"host": parts.hostname},
            code="webhook_private_target",
        )
    return addresses[0]
