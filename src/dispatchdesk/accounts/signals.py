"""Moving the roster revision with every change of what dispatch keeps per process (0011)."""

from typing import Any
from uuid import uuid4

from django.db.models.signals import m2m_changed, post_delete, post_save

from dispatchdesk.accounts.models import AgentProfile, AgentSkill, RosterRevision, Shift, Skill, SkillGroup


def roster_changed(**_signal: Any) -> None:
    """Every process's copy of agents' skills, groups and shifts is outdated once this commits.

    Writes that send no signal (bulk_create, QuerySet.update of these rows) must call it themselves.
    """
    if not RosterRevision.objects.filter(pk=1).update(value=uuid4()):
        RosterRevision.objects.get_or_create(pk=1)  # its migration made it; a flushed test database has none


def _membership_changed(action: str, **_signal: Any) -> None:
    if action.startswith("post_"):
        roster_changed()


for _model in (Skill, SkillGroup, AgentSkill, Shift, AgentProfile.groups.through):
    post_save.connect(roster_changed, sender=_model, dispatch_uid=f"roster-save-{_model.__name__}")
    post_delete.connect(roster_changed, sender=_model, dispatch_uid=f"roster-delete-{_model.__name__}")
m2m_changed.connect(_membership_changed, sender=AgentProfile.groups.through, dispatch_uid="roster-membership")
