"""Chat messages for a skill group's channel (X2): Slack Block Kit and WeChat Work robot markdown.

Both are written in the channel's language from the delivery's payload, when sent."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from dispatchdesk.common.durations import duration
from dispatchdesk.integrations.models import WebhookEvent


def headline(payload: dict[str, Any]) -> str:
    ticket = payload["data"]["ticket"]
    params = {"number": ticket["number"], "subject": ticket["subject"]}
    match payload["event"]:
        case WebhookEvent.TICKET_CREATED:
            return _("New P1 ticket %(number)s: %(subject)s") % params
        case WebhookEvent.SLA_WARNING:
            return _("Ticket %(number)s is at risk of missing its SLA target: %(subject)s") % params
        case WebhookEvent.SLA_BREACHED:
            return _("Ticket %(number)s missed its SLA target: %(subject)s") % params
        case WebhookEvent.UNASSIGNED_TOO_LONG:
            waited = duration(payload["data"]["waiting_seconds"], after_preposition=True)
            return _("Ticket %(number)s has waited for %(waited)s without an agent: %(subject)s") % {
                **params,
                "waited": waited,
            }
    return _("Ticket %(number)s: %(subject)s") % params


def slack_message(payload: dict[str, Any], language: str) -> dict[str, Any]:
    """An incoming-webhook message: `text` is the notification's fallback, `blocks` what people see."""
    with translation.override(language):
        line, label = _slack_escape(headline(payload)), _("Open the ticket")
    link = _link(payload)
    return {
        "text": line,
        "blocks": [
            {"type": "section", "text": {"type": "mrkdwn", "text": f"*{line}*"}},
            {"type": "context", "elements": [{"type": "mrkdwn", "text": f"<{link}|{label}>"}]},
        ],
    }


def wechat_message(payload: dict[str, Any], language: str) -> dict[str, Any]:
    """A group robot's markdown message (its content is at most 4096 bytes)."""
    with translation.override(language):
        line, label = headline(payload), _("Open the ticket")
    content = f"**{line}**\n[{label}]({_link(payload)})"
    return {"msgtype": "markdown", "markdown": {"content": content.encode()[:4096].decode(errors="ignore")}}


def _link(payload: dict[str, Any]) -> str:
    return settings.BASE_URL + reverse("workstation:ticket_detail", args=[payload["data"]["ticket"]["id"]])


def _slack_escape(text: str) -> str:
    """Slack's mrkdwn reads &, < and > as markup; a customer's subject must not make links or mentions."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
