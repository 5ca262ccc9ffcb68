"""Saved views: a named set of ticket-list filters, personal or shared with the whole desk."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from dispatchdesk.common import clock


class SavedView(models.Model):
    """The filters are kept as the list page's query (name -> values), not as foreign keys: a view
    whose group, tag or agent was deleted still opens, and shows that filter as void."""

    name = models.CharField(_("name"), max_length=80)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("owner"), on_delete=models.CASCADE, related_name="saved_views"
    )
    shared = models.BooleanField(_("shared with every agent"), default=False)
    params = models.JSONField(_("filters"), default=dict, blank=True)
    created_at = models.DateTimeField(_("created"), default=clock.now)

    class Meta:
        ordering = ["name", "id"]
        verbose_name = _("saved view")
        verbose_name_plural = _("saved views")
        constraints = [models.UniqueConstraint(fields=["owner", "name"], name="saved_view_name_per_owner")]

    def __str__(self) -> str:
        return self.name
