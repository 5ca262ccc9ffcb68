"""Saved views: who sees which, and the two writes (save, delete). Sharing is `may_share_views`."""

from __future__ import annotations

from collections.abc import Mapping

from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from dispatchdesk.accounts.models import User
from dispatchdesk.common.errors import DomainError
from dispatchdesk.common.sanitize import strip_bidi_controls
from dispatchdesk.tickets.permissions import may_share_views, may_use_desk
from dispatchdesk.workstation.filters import filter_params
from dispatchdesk.workstation.models import SavedView


def saved_views_for(user: User) -> QuerySet[SavedView]:
    """The user's own views and every shared one."""
    return SavedView.objects.filter(Q(owner=user) | Q(shared=True)).select_related("owner")


@transaction.atomic
def saved_view_save(*, actor: User, name: str, params: Mapping[str, list[str]], shared: bool) -> SavedView:
    """Save the filters under a name; saving again under the same name replaces that view's filters."""
    may_use_desk(actor).require()
    if shared:
        may_share_views(actor).require()
    name = " ".join(strip_bidi_controls(name).split())[:80]
    if not name:
        raise DomainError(_("Give the view a name."), code="view_name_required", status=422)
    filters = filter_params(params)
    if not filters:
        raise DomainError(_("Choose at least one filter to save."), code="view_empty", status=422)
    view, _created = SavedView.objects.select_for_update().get_or_create(owner=actor, name=name)
    view.params, view.shared = filters, shared
    view.save(update_fields=["params", "shared"])
    return view


@transaction.atomic
def saved_view_delete(*, actor: User, view_id: int) -> None:
    """Your own view; a shared one also by whoever may share views."""
    view = saved_views_for(actor).select_for_update().get(pk=view_id)
    if view.owner_id != actor.pk:
        may_share_views(actor).require()
    view.delete()
