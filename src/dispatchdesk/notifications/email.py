"""A notification's email, written in the recipient's language."""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from dispatchdesk.notifications.draft import Draft, draft_from
from dispatchdesk.notifications.models import Notification


def notification_draft(notification: Notification) -> Draft | None:
    """The email for one notification; None when the person has no address or reads the bell only."""
    recipient = notification.recipient
    if not recipient.email or not recipient.email_notifications:
        return None
    with translation.override(recipient.language or settings.LANGUAGE_CODE):
        text = notification.text
        link = ""
        if notification.ticket_id is not None:
            link = settings.BASE_URL + reverse("workstation:ticket_detail", args=[notification.ticket_id])
        return draft_from(
            to=recipient.email,
            subject=f"[Dispatchdesk] {text}",
            paragraphs=[part for part in (text, link, _("Dispatchdesk")) if part],
            link=link,
            link_label=_("Open the ticket"),
        )
