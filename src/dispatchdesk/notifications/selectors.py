from django.db.models import QuerySet

from dispatchdesk.accounts.models import User
from dispatchdesk.notifications.models import Notification

SHOWN = 50


def unread_count(user: User) -> int:
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()


def notifications_for(user: User, *, unread_only: bool = False) -> QuerySet[Notification]:
    mine = Notification.objects.filter(recipient=user)
    return (mine.filter(read_at__isnull=True) if unread_only else mine)[:SHOWN]
