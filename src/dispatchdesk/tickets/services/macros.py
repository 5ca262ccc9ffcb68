"""Writing macros (canned replies) from the settings area: managers and administrators only."""

from __future__ import annotations

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _

from dispatchdesk.accounts.models import STAFF_ROLES, User
from dispatchdesk.accounts.permissions import may_configure
from dispatchdesk.common.errors import DomainError
from dispatchdesk.common.sanitize import strip_bidi_controls
from dispatchdesk.tickets.macros import unknown_placeholders
from dispatchdesk.tickets.models import Macro


@transaction.atomic
def macro_save(
    *, actor: User, macro_id: int | None, name: str, body: str, language: str, owner_id: int | None
) -> Macro:
    """Create (`macro_id` None) or change a macro; `owner_id` None shares it with every agent."""
    may_configure(actor).require()
    name, body = strip_bidi_controls(name).strip(), strip_bidi_controls(body).strip()
    if not name or not body:
        raise DomainError(_("A macro needs a name and a text."), code="invalid_macro", status=422)
    if language not in dict(settings.LANGUAGES):
        raise DomainError(_("Unknown language."), code="invalid_language", status=422)
    unknown = unknown_placeholders(body)
    if unknown:
        raise DomainError(
            _("Unknown placeholder: %(names)s.") % {"names": ", ".join(f"{{{{{n}}}}}" for n in unknown)},
            code="unknown_placeholder",
            status=422,
        )
    owner = User.objects.get(pk=owner_id, role__in=STAFF_ROLES) if owner_id is not None else None
    macro = Macro.objects.select_for_update().get(pk=macro_id) if macro_id is not None else Macro()
    macro.name, macro.body, macro.language, macro.owner = name, body, language, owner
    macro.save()
    return macro


@transaction.atomic
def macro_delete(*, actor: User, macro_id: int) -> None:
    may_configure(actor).require()
    Macro.objects.select_for_update().get(pk=macro_id).delete()
