"""What the navbar offers the signed-in user, decided by the permission rules (accounts.permissions)."""

from typing import Any

from django.http import HttpRequest

from dispatchdesk.accounts.models import User
from dispatchdesk.accounts.permissions import may_manage_policies, may_use_console, may_use_desk, may_work_queue


def navigation(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if not isinstance(user, User) or not user.is_staff_member:
        return {}
    return {
        "nav_may": {
            "use_desk": bool(may_use_desk(user)),
            "work_queue": bool(may_work_queue(user)),
            "use_console": bool(may_use_console(user)),
            "manage_policies": bool(may_manage_policies(user)),
        }
    }
