"""Signed call events, posted as a telephony system posts them."""

import json
import time
from typing import Any

from django.test import Client

from dispatchdesk.common.signing import HEADER, signature

SECRET = "pbx-secret-1"


def event(call_id: str, kind: str, **fields: Any) -> dict[str, Any]:
    body = {"call_id": call_id, "event": kind, "from": "+49 30 1234567", "to": "+49 30 9999000"}
    return body | {"at": "2026-12-03T14:05:00+00:00"} | fields


def post_call(
    client: Client, body: object, *, secret: str = SECRET, at: float | None = None, raw: bytes | None = None
) -> Any:
    data = raw if raw is not None else json.dumps(body).encode()
    stamp = int(time.time() if at is None else at)
    header = signature(secret=secret, timestamp=stamp, body=data)
    return client.post("/hooks/calls/", data, content_type="application/json", headers={HEADER: header})
