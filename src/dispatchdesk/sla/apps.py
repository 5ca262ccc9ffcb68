from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SlaConfig(AppConfig):
    name = "dispatchdesk.sla"
    verbose_name = _("Service levels")

    def ready(self) -> None:
        # Imported once the apps are ready (they use models): the config module connects the signals
        # that drop the cached configuration; the clocks subscribe to the ticket timeline.
        from dispatchdesk.sla import config  # noqa: F401, PLC0415
        from dispatchdesk.sla.subscriptions import connect  # noqa: PLC0415

        connect()
