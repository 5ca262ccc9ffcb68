"""Our webhook signature: HMAC-SHA256 over "<unix time>.<body>", sent as `t=<unix>,v1=<hex>`.

The timestamp is inside the signed text so a receiver can refuse old, replayed requests. Outbound
webhooks sign with it (integrations); alert sources with a secret sign their posts to us with it
(intake.channels.alerts), so a sender needs one recipe for both directions."""

from __future__ import annotations

import hashlib
import hmac

HEADER = "X-Dispatchdesk-Signature"
MAX_DIGITS = 12  # a Unix time in seconds until the year 33658


def signature(*, secret: str, timestamp: int, body: bytes) -> str:
    signed = str(timestamp).encode() + b"." + body
    digest = hmac.new(secret.encode(), signed, hashlib.sha256).hexdigest()
    return f"t={timestamp},v1={digest}"


def signed_at(header: str) -> int | None:
    """The header's timestamp, None if it has none."""
    fields = dict(part.split("=", 1) for part in header.split(",") if "=" in part)
    stamp = fields.get("t", "")
    return int(stamp) if stamp.isascii() and stamp.isdigit() and len(stamp) <= MAX_DIGITS else None


def verify(*, secret: str, header: str, body: bytes) -> bool:
    """Recompute and compare in constant time (what a receiver does; the alert webhook and our tests too)."""
    timestamp = signed_at(header)
    if timestamp is None:
        return False
    return hmac.compare_digest(signature(secret=secret, timestamp=timestamp, body=body), header)
