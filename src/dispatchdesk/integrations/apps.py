from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IntegrationsConfig(AppConfig):
    name = "dispatchdesk.integrations"
    verbose_name = _("Integrations")

    def ready(self) -> None:
        from dispatchdesk.integrations.subscriptions import connect  # noqa: PLC0415 - models are ready only now

        connect()
