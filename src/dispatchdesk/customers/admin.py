"""Admin for organisations and their contacts (the portal login of a contact is linked here).

The admin classes are generic only in django-stubs; Django's take no type parameters at run
time, hence the `type-arg` ignores.
"""

from typing import Any

from django.contrib import admin
from django.forms import ModelForm
from django.http import HttpRequest

from dispatchdesk.common import clock
from dispatchdesk.customers.models import Contact, Organisation


class TouchOnSave:
    """TimeStampedModel has no auto_now: an edit in the admin must move `updated_at` like a service does."""

    def save_model(self, request: HttpRequest, obj: Any, form: ModelForm[Any], change: bool) -> None:
        if change:
            obj.updated_at = clock.now()
        super().save_model(request, obj, form, change)  # type: ignore[misc]


class ContactInline(admin.TabularInline):  # type: ignore[type-arg]
    """The organisation's people, listed; they are edited on their own page."""

    model = Contact
    extra = 0
    fields = ("name", "email", "phone", "tier", "language")
    show_change_link = True

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Organisation)
class OrganisationAdmin(TouchOnSave, admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("name", "domain", "tier", "external_id", "created_at")
    list_filter = ("tier",)
    search_fields = ("name", "domain", "external_id")
    readonly_fields = ("created_at", "updated_at")
    inlines = (ContactInline,)


@admin.register(Contact)
class ContactAdmin(TouchOnSave, admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("name", "email", "organisation", "organisation_admin", "tier", "language", "user")
    list_filter = ("tier", "language", "organisation_admin", "organisation")
    list_select_related = ("organisation", "user")
    search_fields = ("name", "email", "phone", "external_id", "organisation__name")
    autocomplete_fields = ("organisation", "user")
    readonly_fields = ("created_at", "updated_at")
