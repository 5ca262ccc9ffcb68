"""Assets, their limits and schedules are set up in the admin; readings arrive by the API only."""

from django.contrib import admin

from dispatchdesk.assets.models import Asset, Schedule, Watch


class WatchInline(admin.TabularInline[Watch, Asset]):
    model = Watch
    extra = 0


class ScheduleInline(admin.TabularInline[Schedule, Asset]):
    model = Schedule
    extra = 0
    readonly_fields = ("last_ticket",)


@admin.register(Asset)
class AssetAdmin(admin.ModelAdmin[Asset]):
    list_display = ("model", "serial", "site", "customer", "installed_on")
    search_fields = ("serial", "model", "site", "customer__name")
    raw_id_fields = ("customer",)
    inlines = (WatchInline, ScheduleInline)
