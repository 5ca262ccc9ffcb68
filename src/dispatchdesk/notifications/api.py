"""Notifications over REST: the caller's own, and marking them read."""

from datetime import datetime

from ninja import Router, Schema

from dispatchdesk.accounts.http import AuthedRequest
from dispatchdesk.common.schemas import Id, error_responses
from dispatchdesk.notifications.models import Notification
from dispatchdesk.notifications.selectors import notifications_for
from dispatchdesk.notifications.services import notification_read

router = Router(tags=["notifications"])


class NotificationOut(Schema):
    id: int
    kind: str
    text: str
    ticket_id: Id | None
    created_at: datetime
    read_at: datetime | None


@router.get("", response={200: list[NotificationOut], **error_responses()})
def list_notifications(request: AuthedRequest, unread: bool = False) -> list[Notification]:
    return list(notifications_for(request.user, unread_only=unread))


@router.post("/{notification_id}/read", response={200: NotificationOut, **error_responses(404)})
def read_notification(request: AuthedRequest, notification_id: Id) -> Notification:
    return notification_read(notification_id=notification_id, user=request.user)
