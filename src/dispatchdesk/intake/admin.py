"""Mailboxes and alert sources are set up by administrators here. Inbound emails, alerts and refused alert
payloads are read-only; quarantined emails are retried or discarded through the services (never edited)."""

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from dispatchdesk.intake.channels.email.receive import inbound_discard, inbound_retry
from dispatchdesk.intake.models import Alert, AlertRejection, AlertSource, InboundEmail, InboundState, Mailbox
from dispatchdesk.tickets.admin import ReadOnly


@admin.register(Mailbox)
class MailboxAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("name", "address", "host", "folder", "processed_folder", "active", "last_polled_at", "last_error")
    readonly_fields = ("last_polled_at", "last_error")


@admin.register(InboundEmail)
class InboundEmailAdmin(ReadOnly, admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("received_at", "sender", "subject", "state", "ticket", "reason")
    list_filter = ("state", "mailbox")
    search_fields = ("sender", "subject", "message_id")
    exclude = ("raw",)
    readonly_fields = ("source",)
    actions = ("retry", "discard")

    @admin.display(description=_("raw source"))
    def source(self, email: InboundEmail) -> str:
        return bytes(email.raw).decode("utf-8", "replace")

    @admin.action(description=_("Retry the selected quarantined emails"))
    def retry(self, request: HttpRequest, queryset: QuerySet[InboundEmail]) -> None:
        done = [inbound_retry(inbound_id=pk) for pk in queryset.values_list("pk", flat=True)]
        left = sum(row.state == InboundState.QUARANTINED for row in done)
        self.message_user(
            request,
            ngettext("%(count)d email still quarantined.", "%(count)d emails still quarantined.", left)
            % {"count": left},
            messages.INFO,
        )

    @admin.action(description=_("Discard the selected quarantined emails (their source is kept)"))
    def discard(self, request: HttpRequest, queryset: QuerySet[InboundEmail]) -> None:
        for pk in queryset.values_list("pk", flat=True):
            inbound_discard(inbound_id=pk)


@admin.register(AlertSource)
class AlertSourceAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("name", "format", "customer", "active", "resolve_tickets", "storm_limit")
    autocomplete_fields = ("customer",)
    readonly_fields = ("storm_ticket", "storm_until")


@admin.register(Alert)
class AlertAdmin(ReadOnly, admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("title", "source", "ticket", "firing", "count", "first_seen", "last_seen")
    list_filter = ("source", "firing")
    list_select_related = ("source", "ticket")


@admin.register(AlertRejection)
class AlertRejectionAdmin(ReadOnly, admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("received_at", "source", "reason")
    list_filter = ("source",)
