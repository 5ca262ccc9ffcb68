"""What the navbar offers the signed-in user, decided by the permission rules (accounts.permissions)."""

from typing import Any

from django.http import HttpRequest

from dispatchdesk.accounts.models import User
from dispatchdesk.accounts.permissions import (
    agent_profile,
    may_configure,
    may_manage_policies,
    may_sync_contacts,
    may_use_console,
    may_use_desk,
    may_view_reports,
    may_work_queue,
)
from dispatchdesk.common import clock


def navigation(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if not isinstance(user, User) or not user.is_staff_member:
        return {}
    profile = agent_profile(user)
    return {
        # The agent's availability, as dispatch sees it (accounts.models.availability_of).
        "my_availability": profile.availability(clock.now()) if profile is not None else None,
        "nav_may": {
            "use_desk": bool(may_use_desk(user)),
            "work_queue": bool(may_work_queue(user)),
            "use_console": bool(may_use_console(user)),
            "manage_policies": bool(may_manage_policies(user)),
            "configure": bool(may_configure(user)),
            "sync_contacts": bool(may_sync_contacts(user)),
            "view_reports": bool(may_view_reports(user)),
        },
    }
