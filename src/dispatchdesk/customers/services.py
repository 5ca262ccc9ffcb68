"""Writes of contacts and organisations (T6, X3): one validated path for the API, admin and CRM sync."""

from collections.abc import Iterable, Mapping
from typing import Any, TypeVar
from zoneinfo import available_timezones

from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator
from django.db import IntegrityError, transaction
from django.db.models import Model
from django.utils.translation import gettext as _

from dispatchdesk.accounts.models import Role, User
from dispatchdesk.accounts.permissions import may_use_desk
from dispatchdesk.common import clock
from dispatchdesk.common.errors import DomainError
from dispatchdesk.common.models import TimeStampedModel
from dispatchdesk.common.sanitize import BIDI_CONTROLS, strip_bidi_controls
from dispatchdesk.customers.models import Contact, CustomerTier, Organisation
from dispatchdesk.customers.phones import e164, placeholder_email
from dispatchdesk.customers.selectors import contacts_with_phone
from dispatchdesk.customers.sign_in import contact_for_sign_in

CONTACT_FIELDS = frozenset(
    {"name", "email", "phone", "organisation_id", "tier", "language", "time_zone", "external_id", "organisation_admin"}
)
ORGANISATION_FIELDS = frozenset({"name", "domain", "tier", "external_id"})
# Surrounding whitespace is never meaningful in these, and would defeat the duplicate checks.
STRIPPED_FIELDS = frozenset({"name", "email", "phone", "domain", "external_id", "time_zone"})
# Text people read, kept without bidirectional controls (decision 0015). An email address is refused
# instead (rewriting an address would be a guess); the external_id is another system's key, kept as sent.
VISIBLE_FIELDS = frozenset({"name", "phone", "domain"})

M = TypeVar("M", bound=Model)


@transaction.atomic
def contact_create(
    *,
    actor: User,
    name: str,
    email: str,
    phone: str = "",
    organisation_id: int | None = None,
    tier: str = CustomerTier.STANDARD,
    language: str = "en",
    external_id: str = "",
) -> Contact:
    may_use_desk(actor).require()
    values = {"name": name, "email": email, "phone": phone, "organisation_id": organisation_id}
    values |= {"tier": tier, "language": language, "external_id": external_id}
    return contact_save(Contact(), values)


@transaction.atomic
def contact_for_request(*, actor: User, email: str, name: str = "", phone: str = "") -> Contact:
    """Whom a request taken by staff is for: the contact with this email (any case), or a new one,
    which needs a name (and keeps the phone number given, in E.164). Without an email, the contact
    with this phone number, or a new one known by it (`contact_for_caller`). The caller's
    transaction keeps a new contact only if its request is kept."""
    may_use_desk(actor).require()
    if not email.strip() and phone.strip():
        return contact_for_caller(number=e164(phone), name=name)
    found = Contact.objects.select_related("organisation").filter(email__iexact=email.strip()).first()
    if found is not None:
        return found
    if not name.strip():
        raise DomainError(
            _("No customer has the email %(email)s yet: give their name to add them.") % {"email": email.strip()},
            code="customer_name_required",
            status=422,
        )
    return contact_create(actor=actor, name=name, email=email, phone=e164(phone))


@transaction.atomic
def contact_for_caller(*, number: str, name: str = "") -> Contact:
    """Whom a call from the E.164 `number` is from: the oldest contact with this number, else a new one
    named `name` (or by the number), with a stand-in email no mail is sent to."""
    found = contacts_with_phone(number).first()
    if found is not None:
        return found
    values = {"name": name.strip() or number, "email": placeholder_email(number), "phone": number}
    return contact_save(Contact(), values | {"organisation_id": None, "tier": CustomerTier.STANDARD})


@transaction.atomic
def contact_for_visitor(*, name: str, email: str, language: str) -> Contact:
    """Whom a visitor's web form is for: the contact with this email (any case), else a new one.

    Nothing the visitor types changes an existing contact: anyone can type any address, and the
    request is confirmed to that address, where its owner reads it.
    """
    found = Contact.objects.select_related("organisation").filter(email__iexact=email.strip()).first()
    if found is not None:
        return found
    values = {"name": name, "email": email, "phone": "", "organisation_id": None}
    return contact_save(Contact(), values | {"tier": CustomerTier.STANDARD, "language": language, "external_id": ""})


@transaction.atomic
def contact_for_sender(*, name: str, email: str) -> Contact:
    """Whom an email is from: the contact with this address (any case), else a new one, in the
    organisation whose email domain the address has (I2). Like a visitor's form, it changes no contact."""
    found = Contact.objects.select_related("organisation").filter(email__iexact=email.strip()).first()
    if found is not None:
        return found
    domain = email.strip().rpartition("@")[2]
    organisation = Organisation.objects.filter(domain__iexact=domain).only("pk").first() if domain else None
    values = {"name": name[:200], "email": email, "phone": "", "organisation_id": organisation and organisation.pk}
    return contact_save(Contact(), values | {"tier": CustomerTier.STANDARD, "language": "en", "external_id": ""})


@transaction.atomic
def contact_update(*, actor: User, contact_id: int, changes: Mapping[str, Any]) -> Contact:
    """Change the given fields only; an unknown contact raises DoesNotExist (404 in the API)."""
    may_use_desk(actor).require()
    contact = Contact.objects.select_for_update().get(pk=contact_id)
    return contact_save(contact, changes)


@transaction.atomic
def contact_preferences_save(*, actor: User, time_zone: str) -> Contact:
    """A customer sets their own contact's time zone from the portal ("" for the desk's)."""
    contact = Contact.objects.select_for_update().filter(user=actor, user__is_active=True).first()
    if contact is None:
        raise DomainError(
            _("Only a customer signed in to the portal has preferences here."), code="no_contact", status=403
        )
    return contact_save(contact, {"time_zone": time_zone})


@transaction.atomic
def organisation_create(
    *, actor: User, name: str, domain: str = "", tier: str = CustomerTier.STANDARD, external_id: str = ""
) -> Organisation:
    may_use_desk(actor).require()
    return organisation_save(Organisation(), {"name": name, "domain": domain, "tier": tier, "external_id": external_id})


@transaction.atomic
def organisation_update(*, actor: User, organisation_id: int, changes: Mapping[str, Any]) -> Organisation:
    may_use_desk(actor).require()
    organisation = Organisation.objects.select_for_update().get(pk=organisation_id)
    return organisation_save(organisation, changes)


def contact_save(contact: Contact, changes: Mapping[str, Any]) -> Contact:
    """The checks every contact write passes, then the write; the caller has checked who asks."""
    values = _cleaned(changes, allowed=CONTACT_FIELDS)
    if values.get("organisation_id") is not None:
        _require_organisation(values["organisation_id"])
    if values.get("time_zone") and values["time_zone"] not in available_timezones():
        raise DomainError(
            _("time_zone: %(zone)s is not a time zone; use a name such as Europe/Berlin.")
            % {"zone": values["time_zone"]},
            code="invalid_time_zone",
            status=422,
        )
    if isinstance(values.get("email"), str) and BIDI_CONTROLS.intersection(values["email"]):
        # Django's email validator lets them through in the domain part.
        raise DomainError(f"email: {EmailValidator.message}", code="invalid_input", status=422)
    _assign(contact, values)
    if "email" in values and isinstance(contact.email, str):
        _require_free_email(contact)
    # The organisation was checked above with a clearer message; the portal login is not edited here.
    _validate(contact, exclude=["organisation", "user"])
    return _save(contact)


def organisation_save(organisation: Organisation, changes: Mapping[str, Any]) -> Organisation:
    """The checks every organisation write passes, then the write; the caller has checked who asks."""
    values = _cleaned(changes, allowed=ORGANISATION_FIELDS)
    _assign(organisation, values)
    if "name" in values and isinstance(organisation.name, str):
        _require_free_name(organisation)
    _validate(organisation, exclude=[])
    return _save(organisation)


def _cleaned(changes: Mapping[str, Any], *, allowed: frozenset[str]) -> dict[str, Any]:
    unknown = set(changes) - allowed
    if unknown:
        raise DomainError(
            _("These fields cannot be changed: %(fields)s.") % {"fields": ", ".join(sorted(unknown))},
            code="unknown_field",
            status=422,
        )
    return {name: _cleaned_value(name, value) for name, value in changes.items()}


def _cleaned_value(name: str, value: Any) -> Any:
    if not isinstance(value, str):
        return value
    if name in VISIBLE_FIELDS:
        value = strip_bidi_controls(value)
    return value.strip() if name in STRIPPED_FIELDS else value


def _require_organisation(organisation_id: object) -> None:
    if not isinstance(organisation_id, int) or not Organisation.objects.filter(pk=organisation_id).exists():
        raise DomainError(
            _("organisation_id: there is no organisation with id %(id)s.") % {"id": organisation_id},
            code="unknown_organisation",
            status=422,
        )


def _require_free_email(contact: Contact) -> None:
    taken = Contact.objects.filter(email__iexact=contact.email).exclude(pk=contact.pk).first()
    if taken is not None:
        raise DomainError(
            _("email: the contact %(name)s (id %(id)s) already has the email %(email)s.")
            % {"name": taken.name, "id": taken.pk, "email": contact.email},
            code="contact_email_taken",
            status=409,
        )


def _require_free_name(organisation: Organisation) -> None:
    taken = Organisation.objects.filter(name__iexact=organisation.name).exclude(pk=organisation.pk).first()
    if taken is not None:
        raise DomainError(
            _("name: the organisation %(name)s (id %(id)s) already exists.") % {"name": taken.name, "id": taken.pk},
            code="organisation_name_taken",
            status=409,
        )


def _assign(instance: TimeStampedModel, values: Mapping[str, Any]) -> None:
    for name, value in values.items():
        setattr(instance, name, value)
    instance.updated_at = clock.now()


def _validate(instance: Model, *, exclude: Iterable[str]) -> None:
    """Field rules (required, lengths, email format, choices) as the model declares them."""
    try:
        instance.full_clean(exclude=list(exclude), validate_unique=False, validate_constraints=False)
    except ValidationError as error:
        problems = [f"{field}: {' '.join(messages)}" for field, messages in sorted(error.message_dict.items())]
        raise DomainError("; ".join(problems), code="invalid_input", status=422) from None


def _save(instance: M) -> M:
    # The checks above make this rare; a concurrent write of the same email or name still lands here.
    try:
        with transaction.atomic():
            instance.save()
    except IntegrityError:
        raise DomainError(
            _("Someone else saved the same email or name just now; please try again."), code="conflict", status=409
        ) from None
    return instance


@transaction.atomic
def contact_sign_in(*, token: str) -> User:
    """Use an emailed sign-in link (customers.sign_in): the contact's portal user, made on first use.
    Recording the sign-in spends the link; staff sign in with their password, never by a link."""
    contact = contact_for_sign_in(token)
    contact = Contact.objects.select_for_update().get(pk=contact.pk)
    contact_for_sign_in(token)  # again under the lock: two clicks at once sign in once
    user = contact.user or _portal_user(contact)
    if user.role != Role.CUSTOMER or not user.is_active:  # staff and machine logins use their own ways in
        raise DomainError(_("This address signs in with its password."), code="sign_in_with_password", status=403)
    user.last_login = clock.now()
    user.save(update_fields=["last_login"])
    return user


def _portal_user(contact: Contact) -> User:
    user = User(
        username=f"customer-{contact.pk}",
        email=contact.email,
        first_name=contact.name[:150],
        role=Role.CUSTOMER,
        language=contact.language,
    )
    user.set_unusable_password()  # the emailed link is the way in
    user.save()
    contact.user, contact.updated_at = user, clock.now()
    contact.save(update_fields=["user", "updated_at"])
    return user
