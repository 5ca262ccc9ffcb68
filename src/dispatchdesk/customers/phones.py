"""Phone numbers kept in E.164 (+4930123456) where another system sends them, so lookups match; and
the stand-in email of a contact known only by their number (a caller, I5)."""

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


def e164_or_blank(phone: str) -> str:
    """The number in E.164, or "" when it is none (a withheld caller id such as "anonymous")."""
    try:
        return e164(phone)
    except DomainError:
        return ""


def stored_forms(number: str) -> list[str]:
    """The forms, without punctuation, in which a contact's phone may hold the E.164 `number`: as it
    is, with 00 for +, and in national form when it is a number of DISPATCHDESK_PHONE_REGION (staff
    type numbers as people say them)."""
    forms = [number, "00" + number.removeprefix("+")]
    parsed = phonenumbers.parse(number, None)
    if phonenumbers.region_code_for_number(parsed) == (settings.DISPATCHDESK_PHONE_REGION or None):
        national = phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.NATIONAL)
        forms.append("".join(character for character in national if character.isdigit()))
    return forms


# A contact needs an email (it is their key), but a caller may give none: such a contact gets an
# address under a domain that can never receive mail (RFC 2606), and no email is sent to it.
PLACEHOLDER_DOMAIN = "phone.invalid"


def placeholder_email(number: str) -> str:
    return f"{number.removeprefix('+')}@{PLACEHOLDER_DOMAIN}"


def is_placeholder_email(email: str) -> bool:
    return email.lower().endswith("@" + PLACEHOLDER_DOMAIN)


def readable(number: str) -> str:
    """An E.164 number as people write it: +49 30 1234567."""
    parsed = phonenumbers.parse(number, None)
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.INTERNATIONAL)
