from typing import Any

from django.http import HttpRequest

from dispatchdesk.accounts.models import User
from dispatchdesk.notifications.selectors import unread_count


def unread_notifications(request: HttpRequest) -> dict[str, Any]:
    """The navbar bell's count: one indexed COUNT per page, for signed-in users only."""
    user = getattr(request, "user", None)
    if not isinstance(user, User):
        return {}
    return {"unread_notifications": unread_count(user)}
