from django.db import models

from dispatchdesk.common import clock


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(default=clock.now, editable=False, db_index=True)
    updated_at = models.DateTimeField(default=clock.now, editable=False)

    class Meta:
        abstract = True
