"""Reads of contacts and organisations: support staff see them all, customers none."""

from dataclasses import dataclass

from django.db.models import F, Q, QuerySet, Value
from django.db.models.functions import Replace
from django.utils.translation import gettext as _

from dispatchdesk.accounts.models import User
from dispatchdesk.accounts.permissions import may_use_desk
from dispatchdesk.common.errors import DomainError
from dispatchdesk.customers.models import Contact, Organisation
from dispatchdesk.customers.phones import stored_forms

# Characters people type into phone numbers that carry no digits; lookups ignore them.
PHONE_NOISE = (" ", "-", "/", ".", "(", ")")


def contacts_for(user: User) -> QuerySet[Contact]:
    may_use_desk(user).require()
    return Contact.objects.select_related("organisation").order_by("name", "id")


def organisations_for(user: User) -> QuerySet[Organisation]:
    may_use_desk(user).require()
    return Organisation.objects.order_by("name", "id")


@dataclass(frozen=True)
class ContactFilters:
    email: str = ""
    phone: str = ""
    query: str = ""


def contacts_filtered(*, user: User, filters: ContactFilters) -> QuerySet[Contact]:
    """The CRM sync and the phone caller lookup: exact email (any case), phone ignoring spacing."""
    contacts = contacts_for(user)
    if filters.email:
        contacts = contacts.filter(email__iexact=filters.email.strip())
    if filters.phone:
        # A number that is all punctuation must match nothing, not every contact without a phone.
        wanted = _strip_noise(filters.phone)
        matching = contacts.annotate(phone_digits=_without_noise("phone")).filter(phone_digits=wanted)
        contacts = matching if wanted else contacts.none()
    if filters.query:
        contacts = contacts.filter(Q(name__icontains=filters.query) | Q(email__icontains=filters.query))
    return contacts


def contacts_with_phone(number: str) -> QuerySet[Contact]:
    """Contacts whose phone is the E.164 `number` in any form it may be stored in, oldest first; for
    a machine channel (call events), which no person asks through."""
    if not number:
        return Contact.objects.none()
    with_digits = Contact.objects.annotate(phone_digits=_without_noise("phone"))
    return with_digits.filter(phone_digits__in=stored_forms(number)).select_related("organisation").order_by("pk")


def organisations_filtered(*, user: User, query: str = "") -> QuerySet[Organisation]:
    organisations = organisations_for(user)
    return organisations.filter(name__icontains=query) if query else organisations


def contact_get(*, user: User, contact_id: int) -> Contact:
    return contacts_for(user).get(pk=contact_id)  # DoesNotExist -> 404


def organisation_get(*, user: User, organisation_id: int) -> Organisation:
    return organisations_for(user).get(pk=organisation_id)


def contact_for_new_ticket(*, actor: User, contact_id: int | None, email: str | None) -> Contact:
    """Whom `actor` may open a ticket for: staff name any contact, a customer only themselves."""
    if actor.is_staff_member:
        return _named_contact(contact_id, email)
    own: Contact | None = Contact.objects.filter(user=actor).first()
    if own is None:
        raise DomainError(_("Your login is not linked to a customer contact."), code="no_contact", status=403)
    # Compared without looking the other contact up, so a customer cannot probe which emails exist.
    if (contact_id is not None and contact_id != own.pk) or (email and email.strip().lower() != own.email.lower()):
        raise DomainError(_("Customers can only open tickets for themselves."), code="forbidden", status=403)
    return own


def _named_contact(contact_id: int | None, email: str | None) -> Contact:
    if contact_id is not None:
        found = Contact.objects.select_related("organisation").filter(pk=contact_id).first()
        if found is None:
            raise _unknown_contact("customer_id", _("there is no contact with id %(id)s.") % {"id": contact_id})
        return found
    if email:
        found = Contact.objects.select_related("organisation").filter(email__iexact=email.strip()).first()
        if found is None:
            raise _unknown_contact(
                "customer_email", _("there is no contact with the email %(email)s.") % {"email": email}
            )
        return found
    raise _unknown_contact("customer_id", _("give customer_id or customer_email."))


def _unknown_contact(field: str, problem: str) -> DomainError:
    return DomainError(f"{field}: {problem}", code="unknown_customer", status=422)


def _strip_noise(phone: str) -> str:
    for character in PHONE_NOISE:
        phone = phone.replace(character, "")
    return phone


def _without_noise(field: str) -> Replace:
    first, *rest = PHONE_NOISE
    expression = Replace(F(field), Value(first), Value(""))
    for character in rest:
        expression = Replace(expression, Value(character), Value(""))
    return expression
