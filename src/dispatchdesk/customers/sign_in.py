"""The portal's emailed sign-in link (P1): signed, short-lived and good for one sign-in.

Single use without a table: the token carries a digest of the contact's portal user's last sign-in,
which signing in changes, so a used link no longer matches. (Django's password-reset tokens work so.)
"""

from django.core import signing
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.translation import gettext as _

from dispatchdesk.common.errors import DomainError
from dispatchdesk.customers.models import Contact
from dispatchdesk.customers.portal_settings import sign_in_link_minutes

SALT = "dispatchdesk.customers.sign-in"


def sign_in_token(contact: Contact) -> str:
    return signing.dumps({"c": contact.pk, "s": _state(contact)}, salt=SALT)


def contact_for_sign_in(token: str) -> Contact:
    """The contact a valid, unused, unexpired token is for; else one refusal that says what to do."""
    try:
        data = signing.loads(token, salt=SALT, max_age=sign_in_link_minutes() * 60)
        contact = Contact.objects.select_related("user").get(pk=int(data["c"]))
    except (signing.BadSignature, Contact.DoesNotExist, KeyError, TypeError, ValueError):
        raise _refusal() from None
    if not constant_time_compare(str(data.get("s", "")), _state(contact)):
        raise _refusal()  # used already: the user has signed in since
    return contact


def _state(contact: Contact) -> str:
    user = contact.user
    last = user.last_login.isoformat() if user is not None and user.last_login is not None else ""
    return salted_hmac(SALT, f"{contact.user_id}:{last}").hexdigest()[:20]


def _refusal() -> DomainError:
    return DomainError(
        _("This sign-in link has expired or was used already. Ask for a new one: it comes within a minute."),
        code="bad_sign_in_link",
        status=400,
    )
