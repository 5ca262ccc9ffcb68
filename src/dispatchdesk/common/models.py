from django.db import models

from dispatchdesk.common import clock


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(default=clock.now, editable=False, db_index=True)
    updated_at = models.DateTimeField(default=clock.now, editable=False)

    class Meta:
        abstract = True


class LiveEvent(models.Model):
    """A live update on its way to the other processes (common.live's table relay); kept ten minutes."""

    origin = models.CharField(max_length=100)
    body = models.TextField()
    created_at = models.DateTimeField(default=clock.now, db_index=True)

    def __str__(self) -> str:
        return f"{self.origin} #{self.pk}"
