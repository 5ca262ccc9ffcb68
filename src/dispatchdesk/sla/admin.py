"""Admin for the SLA configuration: calendars with their hours and exceptions, policies with their
targets, escalation rules; each ticket's clocks are read-only (the services keep them)."""

from django.contrib import admin

from dispatchdesk.sla.models import (
    Calendar,
    CalendarException,
    EscalationRule,
    OpeningHours,
    Policy,
    Target,
    TicketSla,
)
from dispatchdesk.tickets.admin import ReadOnly


class OpeningHoursInline(admin.TabularInline):  # type: ignore[type-arg]
    model = OpeningHours
    extra = 0


class CalendarExceptionInline(admin.TabularInline):  # type: ignore[type-arg]
    model = CalendarException
    extra = 0


@admin.register(Calendar)
class CalendarAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("name", "time_zone", "always_open", "holiday_country", "holiday_subdivision")
    inlines = (OpeningHoursInline, CalendarExceptionInline)


class TargetInline(admin.TabularInline):  # type: ignore[type-arg]
    model = Target
    extra = 0


@admin.register(Policy)
class PolicyAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("name", "calendar", "category", "customer_tier", "warning_percent", "order", "active")
    list_filter = ("active", "customer_tier")
    inlines = (TargetInline,)


@admin.register(EscalationRule)
class EscalationRuleAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("name", "trigger", "policy", "order", "active")
    list_filter = ("trigger", "active")


@admin.register(TicketSla)
class TicketSlaAdmin(ReadOnly, admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("ticket", "policy", "due_clock", "due_at", "warn_at", "paused_since", "breaches")
    list_filter = ("due_clock", "policy")
    search_fields = ("ticket__number",)
