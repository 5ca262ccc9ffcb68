"""Phone numbers kept in E.164 (+4930123456) where another system sends them, so lookups match."""

import phonenumbers
from django.conf import settings
from django.utils.translation import gettext as _

from dispatchdesk.common.errors import DomainError


def e164(phone: str) -> str:
    """The number in E.164, or "" for a blank one; a number that is not one is refused (422)."""
    if not phone.strip():
        return ""
    region = settings.DISPATCHDESK_PHONE_REGION or None
    try:
        parsed = phonenumbers.parse(phone, region)
    except phonenumbers.NumberParseException:
        parsed = None
    if parsed is None or not phonenumbers.is_valid_number(parsed):
        raise DomainError(
            _("phone: %(phone)s is not a valid phone number; write it with its country code, like +49 30 1234567.")
            % {"phone": phone},
            code="invalid_phone",
            status=422,
        )
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)
