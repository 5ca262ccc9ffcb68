"""The portal's sign-in email (P1): the link is made when the email is sent, so it lasts its full time."""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from dispatchdesk.customers.models import Contact
from dispatchdesk.customers.portal_settings import sign_in_link_minutes
from dispatchdesk.customers.sign_in import sign_in_token
from dispatchdesk.notifications.draft import Draft

SIGN_IN = "sign_in"


def sign_in_draft(contact: Contact) -> Draft | None:
    if not contact.email:
        return None
    link = settings.BASE_URL + reverse("portal:sign_in_link", args=[sign_in_token(contact)])
    with translation.override(contact.language or settings.LANGUAGE_CODE):
        minutes = sign_in_link_minutes()
        lines = [
            _("Hello %(name)s,") % {"name": contact.name},
            _("Open this link within %(minutes)s minutes to see your requests. It works once:") % {"minutes": minutes},
            link,
            _("If you did not ask for it, ignore this email: nobody can sign in without it."),
        ]
        return Draft(contact.email, _("Your sign-in link"), "\n\n".join(lines) + "\n")
