"""Admin for ticket configuration (categories, tags) and a read-only view of tickets and their history.

Only services write tickets, timelines and conversations, so the admin may look but never
add, change or delete them. The admin classes are generic only in django-stubs; Django's
take no type parameters at run time, hence the `type-arg` ignores.
"""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from dispatchdesk.tickets.models import Attachment, Category, Message, Tag, Ticket, TimelineEvent


class ReadOnly:
    """Look, never touch: no add, change or delete, whoever asks."""

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("name", "slug")
    search_fields = ("name", "slug")
    prepopulated_fields = {"slug": ("name",)}


@admin.register(Tag)
class TagAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("name",)
    search_fields = ("name",)


class TimelineInline(ReadOnly, admin.TabularInline):  # type: ignore[type-arg]
    model = TimelineEvent
    fields = ("created_at", "kind", "actor_label", "public", "data")
    readonly_fields = fields
    extra = 0


class MessageInline(ReadOnly, admin.StackedInline):  # type: ignore[type-arg]
    model = Message
    fields = ("created_at", "kind", "author", "author_contact", "channel", "body")
    readonly_fields = fields
    extra = 0


@admin.register(Ticket)
class TicketAdmin(ReadOnly, admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("number", "subject", "status", "priority", "customer", "group", "assignee", "created_at")
    list_filter = ("status", "priority", "channel", "tier", "group", "category", "region")
    list_select_related = ("customer", "group", "assignee")
    search_fields = ("=number", "subject", "customer__name", "customer__email", "organisation__name")
    date_hierarchy = "created_at"
    inlines = (MessageInline, TimelineInline)


@admin.register(TimelineEvent)
class TimelineEventAdmin(ReadOnly, admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("ticket", "kind", "actor_label", "public", "created_at")
    list_filter = ("kind", "public")
    list_select_related = ("ticket",)
    search_fields = ("=ticket__number", "actor_label")
    date_hierarchy = "created_at"


@admin.register(Message)
class MessageAdmin(ReadOnly, admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("ticket", "kind", "author", "author_contact", "channel", "created_at")
    list_filter = ("kind", "channel")
    list_select_related = ("ticket", "author", "author_contact")
    search_fields = ("=ticket__number", "body")
    date_hierarchy = "created_at"


@admin.register(Attachment)
class AttachmentAdmin(ReadOnly, admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("filename", "content_type", "size", "message")
    list_filter = ("content_type",)
    list_select_related = ("message",)
    search_fields = ("filename", "=message__ticket__number")
