from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SlaConfig(AppConfig):
    name = "dispatchdesk.sla"
    verbose_name = _("Service levels")

    def ready(self) -> None:
        # Connects the signals that drop the cached configuration when an admin changes it.
        from dispatchdesk.sla import config  # noqa: F401, PLC0415
