from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IncidentsConfig(AppConfig):
    name = "dispatchdesk.incidents"
    verbose_name = _("Incidents")

    def ready(self) -> None:
        from dispatchdesk.incidents.subscriptions import connect  # noqa: PLC0415 - models are ready only now

        connect()
