"""The agent's CRM panel (X3): a contact's record fetched from the CRM the operator configured.

Another system's server is called from ours, so the target is checked first: only http(s), no
private or loopback address unless allowed, no redirects (they could lead anywhere), a time-out,
a size limit, and a short cache so a busy desk does not hammer the CRM (decision 0026).
"""

import hashlib
import json
import logging
import urllib.request
from dataclasses import dataclass
from http.client import HTTPException
from typing import Any
from urllib.parse import quote, urlsplit

from django.conf import settings
from django.core.cache import cache
from django.utils.translation import gettext as _

from dispatchdesk.common.outbound import Address, all_global, pinned_opener, resolve
from dispatchdesk.customers.models import Contact

logger = logging.getLogger(__name__)

MAX_BYTES = 64 * 1024
MAX_FIELDS = 12
MAX_VALUE_LENGTH = 200


@dataclass(frozen=True)
class CrmRecord:
    """What the panel shows: labelled values, or why there are none (escaped by the template)."""

    fields: tuple[tuple[str, str], ...] = ()
    problem: str = ""


class _LookupError(Exception):
    """A lookup we will not make or cannot read; its message is shown to the agent."""


def crm_enabled() -> bool:
    return bool(settings.DISPATCHDESK_CRM_LOOKUP_URL)


def crm_lookup(contact: Contact) -> CrmRecord:
    """The contact's CRM record, from the cache when it was fetched in the last minute."""
    try:
        url = _lookup_url(settings.DISPATCHDESK_CRM_LOOKUP_URL, contact)
    except (KeyError, IndexError, ValueError):
        logger.error("DISPATCHDESK_CRM_LOOKUP_URL may only use {email}, {phone}, {external_id} and {name}")
        return CrmRecord(problem=_("The CRM lookup is not set up correctly."))
    key = "crm-lookup:" + hashlib.sha256(url.encode()).hexdigest()
    record: CrmRecord | None = cache.get(key)
    if record is None:
        record = _fetched(url)
        cache.set(key, record, settings.DISPATCHDESK_CRM_CACHE_SECONDS)
    return record


def _lookup_url(template: str, contact: Contact) -> str:
    values = {"email": contact.email, "phone": contact.phone, "external_id": contact.external_id, "name": contact.name}
    return template.format_map({name: quote(value, safe="") for name, value in values.items()})


def _fetched(url: str) -> CrmRecord:
    try:
        address = _allowed_address(url)
        return CrmRecord(fields=_fields(_first_record(json.loads(_read(url, address)))))
    except _LookupError as refused:
        return CrmRecord(problem=str(refused))
    except (OSError, HTTPException) as error:  # URLError, HTTPError and time-outs are OSErrors
        logger.warning("CRM lookup failed: %s", error)
        return CrmRecord(problem=_("The CRM did not answer in time or answered with an error."))
    except ValueError:
        return CrmRecord(problem=_("The CRM's answer is not JSON."))


def _allowed_address(url: str) -> Address:
    """The address to call (the one checked: common.outbound pins it, so DNS cannot change it after)."""
    parts = urlsplit(url)
    if parts.scheme not in {"http", "https"} or not parts.hostname:
        raise _LookupError(_("The CRM lookup URL must start with http:// or https://."))
    try:
        addresses = resolve(parts.hostname, parts.port or (443 if parts.scheme == "https" else 80))
    except (OSError, UnicodeError, ValueError):
        raise _LookupError(_("The CRM's host name cannot be resolved.")) from None
    if not settings.DISPATCHDESK_CRM_ALLOW_PRIVATE and not all_global(addresses):
        raise _LookupError(_("The CRM lookup URL points to a private or local address, which is not allowed."))
    return addresses[0]


def _read(url: str, address: Address) -> bytes:
    request = urllib.request.Request(url, headers={"Accept": "application/json", "User-Agent": "Dispatchdesk"})  # noqa: S310 - scheme checked above
    with pinned_opener(address).open(request, timeout=settings.DISPATCHDESK_CRM_TIMEOUT_SECONDS) as response:
        body: bytes = response.read(MAX_BYTES + 1)
    if len(body) > MAX_BYTES:
        raise _LookupError(_("The CRM's answer is too large to show."))
    return body


def _first_record(data: object) -> dict[str, Any]:
    """A search answers with a list (or {"results": [...]}-like wrapper); the panel shows its first record."""
    if isinstance(data, dict) and len(data) == 1:
        (inner,) = data.values()
        data = inner if isinstance(inner, list | dict) else data
    if isinstance(data, list):
        data = data[0] if data else None
    if not isinstance(data, dict) or not data:
        raise _LookupError(_("The CRM has no record for this contact."))
    return data


def _fields(record: dict[str, Any], prefix: str = "") -> tuple[tuple[str, str], ...]:
    """Plain values, nested objects one level deep as "company.name"; lists are left out."""
    fields: list[tuple[str, str]] = []
    for name, value in record.items():
        label = f"{prefix}{name}"[:60]
        if isinstance(value, dict) and not prefix:
            fields.extend(_fields(value, prefix=f"{label}."))
        elif isinstance(value, str | int | float | bool) and value != "":
            fields.append((label, str(value)[:MAX_VALUE_LENGTH]))
    return tuple(fields[:MAX_FIELDS])
