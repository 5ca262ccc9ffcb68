"""Customer assets, their readings, the limits they are watched against, inspections and schedules."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from dispatchdesk.assets import forecast
from dispatchdesk.customers.models import Contact
from dispatchdesk.tickets.models import Ticket


class Measure(models.TextChoices):
    TEMPERATURE = forecast.TEMPERATURE, _("Temperature")
    VIBRATION = forecast.VIBRATION, _("Vibration")
    ERROR_COUNT = forecast.ERROR_COUNT, _("Error count")
    RUN_HOURS = forecast.RUN_HOURS, _("Run hours")


class Asset(models.Model):
    customer = models.ForeignKey(Contact, verbose_name=_("customer"), on_delete=models.PROTECT, related_name="assets")
    model = models.CharField(_("model"), max_length=100)
    serial = models.CharField(_("serial number"), max_length=100, unique=True)
    site = models.CharField(_("site"), max_length=200, blank=True, default="")
    installed_on = models.DateField(_("installed on"), null=True, blank=True)

    class Meta:
        verbose_name = _("asset")
        verbose_name_plural = _("assets")
        ordering = ["model", "serial"]

    def __str__(self) -> str:
        return f"{self.model} {self.serial}"


class Watch(models.Model):
    """A limit one measure of an asset must stay under, and how far ahead an inspection is wanted."""

    asset = models.ForeignKey(Asset, on_delete=models.CASCADE, related_name="watches")
    measure = models.CharField(_("measure"), max_length=16, choices=Measure.choices)
    limit = models.FloatField(_("limit"))
    lead_days = models.FloatField(_("lead time (days)"), default=7.0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["asset", "measure"], name="assets_watch_one_per_measure")]

    def __str__(self) -> str:
        return f"{self.get_measure_display()} < {self.limit:g}"


class Reading(models.Model):
    """One measurement, in its measure's canonical unit (forecast.CANONICAL_UNIT)."""

    asset = models.ForeignKey(Asset, on_delete=models.CASCADE, related_name="readings")
    measure = models.CharField(_("measure"), max_length=16, choices=Measure.choices)
    value = models.FloatField(_("value"))
    taken_at = models.DateTimeField(_("taken at"))
    received_at = models.DateTimeField(_("received at"))

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["asset", "measure", "taken_at"], name="assets_reading_once_per_moment")
        ]
        indexes = [models.Index(fields=["asset", "measure", "taken_at"], name="assets_reading_series")]

    def __str__(self) -> str:
        return f"{self.get_measure_display()} {self.value:g} @ {self.taken_at:%Y-%m-%d %H:%M}"


class Inspection(models.Model):
    """An episode of a measure heading for its limit: one inspection ticket, until the trend is gone."""

    asset = models.ForeignKey(Asset, on_delete=models.CASCADE, related_name="inspections")
    measure = models.CharField(_("measure"), max_length=16, choices=Measure.choices)
    ticket = models.ForeignKey(Ticket, on_delete=models.PROTECT, related_name="+")
    opened_at = models.DateTimeField()
    predicted_at = models.DateTimeField()  # when the limit is crossed, as predicted on opening
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["asset", "measure"], condition=Q(closed_at__isnull=True), name="assets_one_open_episode"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_measure_display()} #{self.ticket_id}"


class Schedule(models.Model):
    """Preventive maintenance every N days or every N run hours, whichever the schedule names."""

    asset = models.ForeignKey(Asset, on_delete=models.CASCADE, related_name="schedules")
    name = models.CharField(_("name"), max_length=200)
    every_days = models.PositiveIntegerField(_("every (days)"), null=True, blank=True)
    every_run_hours = models.FloatField(_("every (run hours)"), null=True, blank=True)
    last_at = models.DateTimeField(_("last done"))
    last_run_hours = models.FloatField(_("run hours when last done"), default=0.0)
    last_ticket = models.ForeignKey(Ticket, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(every_days__isnull=False) ^ Q(every_run_hours__isnull=False),
                name="assets_schedule_by_time_or_usage",
            )
        ]

    def __str__(self) -> str:
        return self.name
