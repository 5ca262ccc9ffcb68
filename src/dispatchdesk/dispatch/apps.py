from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DispatchConfig(AppConfig):
    name = "dispatchdesk.dispatch"
    verbose_name = _("Dispatch")

    def ready(self) -> None:
        from dispatchdesk.dispatch.subscriptions import connect  # noqa: PLC0415 - models are ready only now

        connect()
