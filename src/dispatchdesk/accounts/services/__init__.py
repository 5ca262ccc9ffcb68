"""Account services, the only writers of users and the roster (agents' skills, groups, shifts)."""

from dispatchdesk.accounts.services.preferences import user_set_language, user_set_preferences
from dispatchdesk.accounts.services.roster import (
    ShiftSpec,
    agent_remove_skill,
    agent_set_shifts,
    agent_set_skill,
    agent_update,
    group_save,
)

__all__ = [
    "ShiftSpec",
    "agent_remove_skill",
    "agent_set_shifts",
    "agent_set_skill",
    "agent_update",
    "group_save",
    "user_set_language",
    "user_set_preferences",
]
