"""Switching a group's dispatch policy (D9, D10): by a manager, usually from the what-if page, on record."""

from __future__ import annotations

from collections.abc import Collection

from django.db import transaction
from django.utils.translation import gettext as _

from dispatchdesk.accounts.models import DispatchPolicy, SkillGroup, User
from dispatchdesk.common.errors import DomainError
from dispatchdesk.dispatch.models import PolicyChange
from dispatchdesk.tickets.permissions import may_manage_policies


@transaction.atomic
def policy_publish(*, actor: User, policy: str, group_ids: Collection[int], comment: str = "") -> list[PolicyChange]:
    """Put `policy` in charge of the groups' automatic dispatch; one PolicyChange per group that changes."""
    may_manage_policies(actor).require()
    if policy not in DispatchPolicy.values:
        raise DomainError(
            _("%(policy)s cannot be switched on.") % {"policy": policy}, code="unknown_policy", status=422
        )
    groups = list(SkillGroup.objects.select_for_update().filter(pk__in=group_ids).order_by("pk"))
    if not groups or len(groups) != len(set(group_ids)):
        raise DomainError(_("Choose the groups to switch."), code="no_groups", status=422)
    changes = []
    for group in groups:
        if group.policy == policy:
            continue
        changes.append(
            PolicyChange.objects.create(
                group=group, previous=group.policy, policy=policy, actor=actor, comment=comment[:300]
            )
        )
        group.policy = policy
        group.save(update_fields=["policy"])
    return changes
