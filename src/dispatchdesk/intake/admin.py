"""Mailboxes, alert sources, call sources and chat widgets are set up by administrators here. Inbound emails, alerts,
refused alert payloads and calls are read-only; quarantined emails are retried or discarded through the services (never edited)."""

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from dispatchdesk.intake.channels.email.receive import inbound_discard, inbound_retry
from dispatchdesk.intake.models import (
    Alert,
    AlertRejection,
    AlertSource,
    Call,
    CallSource,
    ChatSession,
    ChatWidget,
    InboundEmail,
    InboundState,
    Mailbox,
    normal_origin,
)
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


@admin.register(CallSource)
class CallSourceAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("name", "active")


@admin.register(Call)
class CallAdmin(ReadOnly, admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("received_at", "source", "caller", "contact", "agent", "answered_at", "missed_at", "ticket")
    list_filter = ("source",)
    search_fields = ("call_id", "caller", "number")
    list_select_related = ("source", "contact", "agent", "ticket")


class ChatWidgetForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = ChatWidget
        fields = ("name", "allowed_origins", "group", "skill", "active")

    def clean_allowed_origins(self) -> str:
        """Each line an origin as browsers send it (https://host[:port]); a path or a typo is refused here."""
        lines = [normal_origin(line) for line in self.cleaned_data["allowed_origins"].split()]
        for origin in lines:
            scheme, _sep, host = origin.partition("://")
            if scheme not in ("http", "https") or not host or "/" in host:
                raise forms.ValidationError(
                    _("%(origin)s is not an origin such as https://www.example.com") % {"origin": origin}
                )
        return "\n".join(lines)


@admin.register(ChatWidget)
class ChatWidgetAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    form = ChatWidgetForm
    list_display = ("name", "group", "skill", "active")
    readonly_fields = ("key", "script_tag")

    @admin.display(description=_("script tag for the website"))
    def script_tag(self, widget: ChatWidget) -> str:
        if not widget.pk:
            return str(_("Save the widget to get its script tag."))
        src = settings.BASE_URL + reverse("chat:widget")
        return format_html(
            '<code>&lt;script src="{}" data-widget-key="{}" defer&gt;&lt;/script&gt;</code>', src, widget.key
        )


@admin.register(ChatSession)
class ChatSessionAdmin(ReadOnly, admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("started_at", "visitor_name", "visitor_email", "widget", "ticket", "state", "last_activity")
    list_filter = ("state", "widget")
    list_select_related = ("widget", "ticket")
    exclude = ("token_digest",)
