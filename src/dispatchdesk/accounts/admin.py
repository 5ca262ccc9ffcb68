"""Admin for people and routing configuration: users, skills, regions, groups, agents, API tokens.

The admin classes are generic only in django-stubs; Django's take no type parameters at run
time, hence the `type-arg` ignores.
"""

from typing import Any

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from dispatchdesk.accounts.models import AgentProfile, AgentSkill, ApiToken, Region, Shift, Skill, SkillGroup, User


@admin.register(User)
class UserAdmin(DjangoUserAdmin):  # type: ignore[type-arg]
    fieldsets = (
        *(DjangoUserAdmin.fieldsets or ()),
        (_("Dispatchdesk"), {"fields": ("role", "language", "time_zone")}),
    )
    add_fieldsets = (
        *DjangoUserAdmin.add_fieldsets,
        (_("Dispatchdesk"), {"fields": ("role", "email", "first_name", "last_name")}),
    )
    list_display = ("username", "email", "first_name", "last_name", "role", "is_staff", "is_active")
    list_filter = ("role", "is_staff", "is_superuser", "is_active")


@admin.register(Skill)
class SkillAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("name", "slug")
    search_fields = ("name", "slug")
    prepopulated_fields = {"slug": ("name",)}


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("name", "slug", "time_zone")
    search_fields = ("name", "slug")
    prepopulated_fields = {"slug": ("name",)}


@admin.register(SkillGroup)
class SkillGroupAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("name", "slug", "tier", "mode", "policy", "lead")
    list_filter = ("tier", "mode", "policy")
    # Switched on record: on the what-if page, or as a "dispatch policy change" (dispatch admin).
    readonly_fields = ("policy",)
    list_select_related = ("lead",)
    search_fields = ("name", "slug")
    prepopulated_fields = {"slug": ("name",)}
    autocomplete_fields = ("lead",)
    filter_horizontal = ("skills",)


class AgentSkillInline(admin.TabularInline):  # type: ignore[type-arg]
    model = AgentSkill
    extra = 0
    autocomplete_fields = ("skill",)


class ShiftInline(admin.TabularInline):  # type: ignore[type-arg]
    model = Shift
    extra = 0


@admin.register(AgentProfile)
class AgentProfileAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("user", "tier", "region", "presence", "load", "capacity")
    list_filter = ("tier", "region", "presence", "groups")
    list_select_related = ("user", "region")
    search_fields = ("user__username", "user__first_name", "user__last_name", "user__email")
    autocomplete_fields = ("user",)
    filter_horizontal = ("groups",)
    # The load is kept by the ticket services under a row lock; here it is only shown.
    readonly_fields = ("load", "last_assigned_at")
    inlines = (AgentSkillInline, ShiftInline)


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    """Tokens are made by `api_token_create`, which alone sees the secret; here they are renamed or revoked."""

    list_display = ("name", "user", "prefix", "created_at", "last_used_at")
    list_select_related = ("user",)
    search_fields = ("name", "prefix", "user__username")
    fields = ("user", "name", "prefix", "digest", "created_at", "last_used_at")
    readonly_fields = ("user", "prefix", "digest", "created_at", "last_used_at")

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
