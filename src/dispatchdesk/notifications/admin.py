from django.contrib import admin

from dispatchdesk.notifications.models import Notification
from dispatchdesk.tickets.admin import ReadOnly


@admin.register(Notification)
class NotificationAdmin(ReadOnly, admin.ModelAdmin):  # type: ignore[type-arg]
    """Written by the services that cause them; the admin only looks."""

    list_display = ("created_at", "recipient", "kind", "ticket", "read_at", "emailed_at")
    list_filter = ("kind",)
    search_fields = ("recipient__username",)
