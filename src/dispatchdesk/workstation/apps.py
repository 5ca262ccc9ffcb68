from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkstationConfig(AppConfig):
    name = "dispatchdesk.workstation"
    verbose_name = _("Agent workstation")
