"""The webhook signature: HMAC-SHA256 over "<unix time>.<body>", written `t=<unix>,v1=<hex>`.

Our outbound webhooks send it (integrations) and the telephony call events we take must bear it
(intake.channels.phone). The timestamp is inside the signed text so a receiver can refuse old,
replayed requests."""

from __future__ import annotations

import hashlib
import hmac

HEADER = "X-Dispatchdesk-Signature"


def signature(*, secret: str, timestamp: int, body: bytes) -> str:
    signed = str(timestamp).encode() + b"." + body
    digest = hmac.new(secret.encode(), signed, hashlib.sha256).hexdigest()
    return f"t={timestamp},v1={digest}"


def signed_at(header: str) -> int | None:
    """The unix time a signature header names, None if it names none."""
    fields = dict(part.split("=", 1) for part in header.split(",") if "=" in part)
    stamp = fields.get("t", "")
    return int(stamp) if stamp.isdigit() else None


def verify(*, secret: str, header: str, body: bytes) -> bool:
    """What a receiver does: recompute and compare in constant time."""
    timestamp = signed_at(header)
    if timestamp is None:
        return False
    expected = signature(secret=secret, timestamp=timestamp, body=body)
    return hmac.compare_digest(expected.encode(), header.encode())
