"""Alert sources are configured here by administrators; alerts and rejected payloads are read-only.
(Django's admin classes take no type parameters at run time, hence the `type-arg` ignores.)"""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from dispatchdesk.intake.models import Alert, AlertRejection, AlertSource


@admin.register(AlertSource)
class AlertSourceAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("name", "format", "customer", "active", "resolve_tickets", "storm_limit")
    autocomplete_fields = ("customer",)
    readonly_fields = ("storm_ticket", "storm_until")


class ReadOnly(admin.ModelAdmin):  # type: ignore[type-arg]
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Alert)
class AlertAdmin(ReadOnly):
    list_display = ("title", "source", "ticket", "firing", "count", "first_seen", "last_seen")
    list_filter = ("source", "firing")
    list_select_related = ("source", "ticket")


@admin.register(AlertRejection)
class AlertRejectionAdmin(ReadOnly):
    list_display = ("received_at", "source", "reason")
    list_filter = ("source",)
