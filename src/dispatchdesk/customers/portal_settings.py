"""The portal's rules managers change (decision 0021's recipe): how long after its resolution a customer's
answer reopens a request, and how long an emailed sign-in link works. Each is the stored value, else the
environment's default, so a desk that never opened the page behaves as before."""

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _

from dispatchdesk.accounts.models import User
from dispatchdesk.accounts.permissions import may_configure
from dispatchdesk.common import clock
from dispatchdesk.common.errors import DomainError
from dispatchdesk.customers.models import PortalSettings

REOPEN_DAYS = (1, 365)
LINK_MINUTES = (5, 1440)


def portal_settings() -> PortalSettings:
    """The stored row, or an unsaved one holding nothing (every value the default)."""
    return PortalSettings.objects.filter(pk=1).first() or PortalSettings(pk=1)


def reopen_window_days() -> int:
    stored = portal_settings().reopen_window_days
    return stored if stored is not None else int(settings.DISPATCHDESK_REOPEN_WINDOW_DAYS)


def sign_in_link_minutes() -> int:
    stored = portal_settings().sign_in_link_minutes
    return stored if stored is not None else int(settings.DISPATCHDESK_SIGN_IN_LINK_MINUTES)


@transaction.atomic
def portal_settings_save(*, actor: User, reopen_window_days: int, sign_in_link_minutes: int) -> PortalSettings:
    may_configure(actor).require()
    _require_within(reopen_window_days, REOPEN_DAYS, _("The reopen window"), _("days"), code="invalid_reopen_window")
    _require_within(
        sign_in_link_minutes, LINK_MINUTES, _("A sign-in link's lifetime"), _("minutes"), code="invalid_link_lifetime"
    )
    row = PortalSettings.objects.select_for_update().filter(pk=1).first() or PortalSettings(pk=1)
    row.reopen_window_days, row.sign_in_link_minutes = reopen_window_days, sign_in_link_minutes
    row.updated_at, row.updated_by = clock.now(), actor
    row.save()
    return row


def _require_within(value: int, bounds: tuple[int, int], what: str, unit: str, *, code: str) -> None:
    low, high = bounds
    if not low <= value <= high:
        raise DomainError(
            _("%(what)s must be between %(low)s and %(high)s %(unit)s.")
            % {"what": what, "low": low, "high": high, "unit": unit},
            code=code,
            status=422,
        )
