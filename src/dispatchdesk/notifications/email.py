"""A notification's email: written in the recipient's language, sent at most once."""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from dispatchdesk.common import clock
from dispatchdesk.notifications.models import Notification

log = logging.getLogger(__name__)


def notification_email(*, notification_id: int) -> bool:
    """Send one notification's email, at most once even if the task runs twice; False if nothing to send."""
    with transaction.atomic():
        notification = (
            Notification.objects.select_for_update(of=("self",))  # the ticket join is nullable (PostgreSQL)
            .select_related("recipient", "ticket")
            .filter(pk=notification_id, emailed_at__isnull=True)
            .first()
        )
        if notification is None or not notification.recipient.email or not notification.recipient.email_notifications:
            return False  # already sent, nowhere to send, or the person reads the bell only
        subject, body = _email_text(notification)
        # Sent inside the lock: a failure leaves emailed_at empty and the notification on the page.
        send_mail(subject, body, None, [notification.recipient.email])
        notification.emailed_at = clock.now()
        notification.save(update_fields=["emailed_at"])
    log.info("notification %s emailed to user %s", notification.pk, notification.recipient_id)
    return True


def _email_text(notification: Notification) -> tuple[str, str]:
    with translation.override(notification.recipient.language or settings.LANGUAGE_CODE):
        text = notification.text
        link = ""
        if notification.ticket_id is not None:
            link = settings.BASE_URL + reverse("workstation:ticket_detail", args=[notification.ticket_id])
        body = "\n\n".join(part for part in (text, link, _("Dispatchdesk")) if part)
        return f"[Dispatchdesk] {text}"[:200], body + "\n"
