"""The webhook signature: HMAC-SHA256 over "<unix time>.<body>", sent as `t=<unix>,v1=<hex>`.

The timestamp is inside the signed text so a receiver can refuse old, replayed requests."""

from __future__ import annotations

import hashlib
import hmac

HEADER = "X-Dispatchdesk-Signature"


def signature(*, secret: str, timestamp: int, body: bytes) -> str:
    signed = str(timestamp).encode() + b"." + body
    digest = hmac.new(secret.encode(), signed, hashlib.sha256).hexdigest()
    return f"t={timestamp},v1={digest}"


def verify(*, secret: str, header: str, body: bytes) -> bool:
    """What a receiver does (our tests do it too): recompute and compare in constant time."""
    fields = dict(part.split("=", 1) for part in header.split(",") if "=" in part)
    if not fields.get("t", "").isdigit():
        return False
    expected = signature(secret=secret, timestamp=int(fields["t"]), body=body)
    return hmac.compare_digest(expected, header)
