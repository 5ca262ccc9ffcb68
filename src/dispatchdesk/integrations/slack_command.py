"""The Slack slash command (X2): `/dispatchdesk claim 10042` and `/dispatchdesk status 10042`.

Slack signs each request with the app's signing secret (v0: HMAC-SHA256 of "v0:<timestamp>:<body>");
older than five minutes is refused, so a captured request cannot be replayed later. Slack waits 3 s
for an answer, so the request only acknowledges; a task finds the agent by email (Slack's users.info,
with the bot token), runs the claim through the same service and permission answer as the claim
button, and posts the result to the command's response_url."""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import re
import urllib.parse
import urllib.request
from typing import Any

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _

from dispatchdesk.accounts.models import User
from dispatchdesk.common import clock
from dispatchdesk.common.errors import DomainError
from dispatchdesk.dispatch.services import ticket_claim
from dispatchdesk.tickets.models import Ticket
from dispatchdesk.tickets.selectors import tickets_visible_to

log = logging.getLogger(__name__)

WINDOW_SECONDS = 5 * 60
COMMAND = re.compile(r"^\s*(claim|status)\s+#?(\d{1,12})\s*$", re.IGNORECASE)


def signed_by_slack(*, body: bytes, timestamp: str, signature: str) -> bool:
    secret = settings.DISPATCHDESK_SLACK_SIGNING_SECRET
    if not secret or not timestamp.isdigit() or abs(clock.now().timestamp() - int(timestamp)) > WINDOW_SECONDS:
        return False
    base = b"v0:" + timestamp.encode() + b":" + body
    expected = "v0=" + hmac.new(secret.encode(), base, hashlib.sha256).hexdigest()
    return hmac.compare_digest(expected, signature)


def first_answer(text: str) -> dict[str, Any] | None:
    """What the request itself answers: the usage for a command we do not know, else None (a task will
    answer at the response_url)."""
    if COMMAND.match(text) is None:
        return _reply(_("Use /dispatchdesk claim NUMBER or /dispatchdesk status NUMBER."))
    return None


def response_url_allowed(url: str) -> bool:
    """Only Slack's own response URLs: the signed request names it, but we still will not post elsewhere."""
    prefix: str = settings.DISPATCHDESK_SLACK_RESPONSE_URL_PREFIX
    return bool(prefix) and url.startswith(prefix)


def answer_later(*, slack_user_id: str, text: str, response_url: str) -> int | None:
    """The command's answer, posted to its response_url (Slack's documented shape: `response_type`,
    `text`, `replace_original`); the HTTP status Slack answered, None if it could not be reached."""
    body = json.dumps({**answer_command(slack_user_id=slack_user_id, text=text), "replace_original": False})
    request = urllib.request.Request(  # noqa: S310 - only under DISPATCHDESK_SLACK_RESPONSE_URL_PREFIX
        response_url, data=body.encode(), headers={"Content-Type": "application/json"}, method="POST"
    )
    try:
        with urllib.request.urlopen(request, timeout=settings.DISPATCHDESK_WEBHOOK_TIMEOUT) as response:  # noqa: S310 - see above
            status: int = response.status
    except OSError as error:  # time-out, refused, or an HTTP error status
        log.warning("could not post the Slack command's answer: %s", error)
        return None
    return status


def answer_command(*, slack_user_id: str, text: str) -> dict[str, Any]:
    """What Slack shows the person who typed the command (only them: ephemeral)."""
    agent = _agent_for(slack_user_id)
    if agent is None:
        return _reply(_("No active Dispatchdesk agent has your Slack email address."))
    with translation.override(agent.language or settings.LANGUAGE_CODE):
        match = COMMAND.match(text)
        if match is None:
            return _reply(_("Use /dispatchdesk claim NUMBER or /dispatchdesk status NUMBER."))
        ticket = tickets_visible_to(agent).filter(number=int(match[2])).first()
        if ticket is None:
            return _reply(_("No ticket %(number)s that you may see.") % {"number": match[2]})
        if match[1].lower() == "claim":
            return _claim(agent, ticket)
        return _reply(_status(ticket))


def _claim(agent: User, ticket: Ticket) -> dict[str, Any]:
    try:
        ticket = ticket_claim(ticket_id=ticket.pk, agent=agent)
    except DomainError as refusal:
        return _reply(refusal.message)
    return _reply(
        _("You now hold ticket %(number)s: %(subject)s") % {"number": ticket.number, "subject": ticket.subject}
    )


def _status(ticket: Ticket) -> str:
    return _("Ticket %(number)s: %(subject)s — %(status)s, %(assignee)s, %(group)s") % {
        "number": ticket.number,
        "subject": ticket.subject,
        "status": ticket.get_status_display(),
        "assignee": str(ticket.assignee) if ticket.assignee else _("unassigned"),
        "group": ticket.group.name if ticket.group else _("no group"),
    }


def _reply(text: str) -> dict[str, Any]:
    return {"response_type": "ephemeral", "text": text}


def _agent_for(slack_user_id: str) -> User | None:
    email = _slack_email(slack_user_id)
    if not email:
        return None
    return User.objects.filter(email__iexact=email, is_active=True, agent__isnull=False).first()


def _slack_email(slack_user_id: str) -> str:
    """The user's email from Slack's users.info (needs the users:read.email scope); "" if unknown."""
    query = urllib.parse.urlencode({"user": slack_user_id})
    request = urllib.request.Request(  # noqa: S310 - the configured Slack API, https in production
        f"{settings.DISPATCHDESK_SLACK_API_URL}/users.info?{query}",
        headers={"Authorization": f"Bearer {settings.DISPATCHDESK_SLACK_BOT_TOKEN}"},
    )
    try:
        with urllib.request.urlopen(request, timeout=settings.DISPATCHDESK_WEBHOOK_TIMEOUT) as response:  # noqa: S310 - see above
            result = json.loads(response.read(65536))
    except (OSError, ValueError):
        return ""
    profile = result.get("user", {}).get("profile", {}) if result.get("ok") else {}
    return str(profile.get("email", ""))
