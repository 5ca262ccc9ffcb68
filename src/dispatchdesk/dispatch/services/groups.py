"""Creating and changing a skill group from the settings area, with its dispatch policy on record."""

from __future__ import annotations

from collections.abc import Collection

from django.db import transaction

from dispatchdesk.accounts.models import SkillGroup, User
from dispatchdesk.accounts.services import group_save
from dispatchdesk.dispatch.services.policy import policy_publish


@transaction.atomic
def group_configure(
    *,
    actor: User,
    group_id: int | None,
    name: str,
    tier: str,
    mode: str,
    policy: str,
    lead_id: int | None,
    member_ids: Collection[int],
) -> SkillGroup:
    """The group as the form gave it; a new policy is switched by policy_publish, which keeps a PolicyChange.

    One transaction: a refused policy leaves the group's other fields as they were too.
    """
    group = group_save(
        actor=actor, group_id=group_id, name=name, tier=tier, mode=mode, lead_id=lead_id, member_ids=member_ids
    )
    if group.policy != policy:
        policy_publish(actor=actor, policy=policy, group_ids=[group.pk], comment="Settings")
        group.refresh_from_db(fields=["policy"])
    return group
