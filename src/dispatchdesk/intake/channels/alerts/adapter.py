"""Alert payloads read into `IncomingAlert`s: Prometheus Alertmanager's webhook (version 4),
Grafana's unified alerting webhook (Alertmanager's shape plus orgId, title, state, message and, per
alert, values and the dashboard, panel and silence links), and a generic JSON format.

A payload is read whole or refused whole (DomainError, 422): a half-read batch would lose alerts.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _

from dispatchdesk.common.errors import DomainError
from dispatchdesk.intake.models import AlertFormat
from dispatchdesk.tickets.models import Priority

STATUSES = {"firing": True, "resolved": False}
# The usual `severity` label values, most urgent first; anything else is a normal ticket.
SEVERITY_PRIORITY = {
    "critical": Priority.URGENT,
    "page": Priority.URGENT,
    "error": Priority.HIGH,
    "high": Priority.HIGH,
    "warning": Priority.NORMAL,
    "info": Priority.LOW,
    "low": Priority.LOW,
}
LINKS = ("generatorURL", "dashboardURL", "panelURL", "silenceURL")


@dataclass(frozen=True)
class IncomingAlert:
    fingerprint: str
    firing: bool
    title: str
    description: str
    priority: int


def parse(fmt: str, data: object) -> list[IncomingAlert]:
    """The alerts in a decoded JSON payload of format `fmt`; DomainError if it is not one."""
    if not isinstance(data, dict) or not isinstance(data.get("alerts"), list):
        raise refused(_("The payload has no list of alerts."))
    if fmt == AlertFormat.ALERTMANAGER and data.get("version") != "4":
        raise refused(_("Only version 4 of Alertmanager's webhook payload is understood."))
    if fmt == AlertFormat.GRAFANA and "orgId" not in data:
        raise refused(_("This is not a Grafana alerting payload (no orgId)."))
    alerts: list[Any] = data["alerts"]
    limit: int = settings.DISPATCHDESK_ALERT_MAX_ALERTS
    if len(alerts) > limit:
        raise refused(_("A payload may hold at most %(limit)d alerts.") % {"limit": limit})
    read = _generic if fmt == AlertFormat.GENERIC else _prometheus_style
    return [read(alert, index) for index, alert in enumerate(alerts)]


def refused(message: str) -> DomainError:
    return DomainError(message, code="unreadable_alerts", status=422)


def _prometheus_style(alert: object, index: int) -> IncomingAlert:
    """One alert as Alertmanager and Grafana send it."""
    item = _object(alert, index)
    labels = _strings(item.get("labels"), index, "labels")
    annotations = _strings(item.get("annotations", {}), index, "annotations")
    name = labels.get("alertname", "")
    summary = annotations.get("summary", "")
    lines = [annotations.get("description", ""), *(f"{key}: {value}" for key, value in sorted(labels.items()))]
    if isinstance(item.get("values"), dict):
        lines += [f"{key} = {value}" for key, value in sorted(item["values"].items())]
    lines += [f"{link}: {item[link]}" for link in LINKS if isinstance(item.get(link), str) and item[link]]
    return IncomingAlert(
        fingerprint=_fingerprint(item, labels, index),
        firing=_status(item, index),
        title=_title(" · ".join(part for part in (name, summary) if part), index),
        description="\n".join(line for line in lines if line),
        priority=SEVERITY_PRIORITY.get(labels.get("severity", "").lower(), Priority.NORMAL),
    )


def _generic(alert: object, index: int) -> IncomingAlert:
    """{"fingerprint", "status": "firing"|"resolved", "title", "description", "severity", "labels"}."""
    item = _object(alert, index)
    labels = _strings(item.get("labels", {}), index, "labels")
    description = item.get("description", "")
    severity = item.get("severity", "")
    if not isinstance(description, str) or not isinstance(severity, str):
        raise refused(_("Alert %(index)d: description and severity must be text.") % {"index": index})
    lines = [description, *(f"{key}: {value}" for key, value in sorted(labels.items()))]
    return IncomingAlert(
        fingerprint=_fingerprint(item, labels, index),
        firing=_status(item, index),
        title=_title(item.get("title"), index),
        description="\n".join(line for line in lines if line),
        priority=SEVERITY_PRIORITY.get(severity.lower(), Priority.NORMAL),
    )


def _object(alert: object, index: int) -> dict[str, Any]:
    if not isinstance(alert, dict):
        raise refused(_("Alert %(index)d is not an object.") % {"index": index})
    return alert


def _strings(value: object, index: int, field: str) -> dict[str, str]:
    if not isinstance(value, dict) or not all(isinstance(v, str) for v in value.values()):
        raise refused(_("Alert %(index)d: %(field)s must map names to text.") % {"index": index, "field": field})
    return {str(key): text for key, text in value.items()}


def _status(item: dict[str, Any], index: int) -> bool:
    status = item.get("status")
    if status not in STATUSES:
        raise refused(_("Alert %(index)d: status must be firing or resolved.") % {"index": index})
    return STATUSES[status]


def _fingerprint(item: dict[str, Any], labels: dict[str, str], index: int) -> str:
    """The sender's fingerprint; without one, a digest of the labels, which identify an alert."""
    given = item.get("fingerprint")
    if given is None:
        if not labels:
            raise refused(_("Alert %(index)d has neither a fingerprint nor labels.") % {"index": index})
        return hashlib.sha256(json.dumps(labels, sort_keys=True).encode()).hexdigest()[:32]
    if not isinstance(given, str) or not 0 < len(given) <= 128:  # noqa: PLR2004 - the column's length
        raise refused(_("Alert %(index)d: the fingerprint must be 1 to 128 characters.") % {"index": index})
    return given


def _title(value: object, index: int) -> str:
    if not isinstance(value, str) or not value.strip():
        raise refused(_("Alert %(index)d has no name or title.") % {"index": index})
    return value.strip()[:200]
