from django.contrib import admin

from dispatchdesk.notifications.models import Notification, OutboundEmail
from dispatchdesk.tickets.admin import ReadOnly


@admin.register(Notification)
class NotificationAdmin(ReadOnly, admin.ModelAdmin):  # type: ignore[type-arg]
    """Written by the services that cause them; the admin only looks."""

    list_display = ("created_at", "recipient", "kind", "ticket", "read_at", "emailed_at")
    list_filter = ("kind",)
    search_fields = ("recipient__username",)


@admin.register(OutboundEmail)
class OutboundEmailAdmin(ReadOnly, admin.ModelAdmin):  # type: ignore[type-arg]
    """The outbox: what was sent, what waits, and why the last try failed. The sweep resends."""

    list_display = ("created_at", "key", "state", "attempts", "sent_at", "last_error")
    list_filter = ("state", "kind")
    search_fields = ("key", "message_id")
