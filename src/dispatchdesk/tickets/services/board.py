"""The team board's settings (P4): each group's column limits."""

from collections.abc import Mapping

from django.db import transaction
from django.utils.translation import gettext as _

from dispatchdesk.accounts.models import SkillGroup, User
from dispatchdesk.common.errors import DomainError
from dispatchdesk.tickets.board import COLUMNS
from dispatchdesk.tickets.models import Status, WipLimit
from dispatchdesk.tickets.permissions import may_set_wip_limits

MAX_LIMIT = 999


@transaction.atomic
def wip_limits_set(*, actor: User, group_id: int, limits: Mapping[str, int | None]) -> SkillGroup:
    """Set the limits of the columns named in `limits` (None removes a column's limit); all or nothing."""
    group = SkillGroup.objects.select_for_update().get(pk=group_id)
    may_set_wip_limits(actor, group.pk).require()
    for status, limit in limits.items():
        _check(status, limit)
    for status, limit in limits.items():
        if limit is None:
            WipLimit.objects.filter(group=group, status=status).delete()
        else:
            WipLimit.objects.update_or_create(group=group, status=status, defaults={"limit": limit})
    return group


def _check(status: str, limit: int | None) -> None:
    if status not in COLUMNS:
        raise DomainError(
            _("“%(status)s” is not a column of the board.") % {"status": status}, code="unknown_column", status=422
        )
    if limit is not None and not 1 <= limit <= MAX_LIMIT:
        raise DomainError(
            _("A limit for %(column)s must be between 1 and %(max)d.")
            % {"column": Status(status).label, "max": MAX_LIMIT},
            code="wip_limit_out_of_range",
            status=422,
        )
