from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IntakeConfig(AppConfig):
    name = "dispatchdesk.intake"
    verbose_name = _("Intake")

    def ready(self) -> None:
        from dispatchdesk.intake.subscriptions import connect  # noqa: PLC0415 - models are ready only now

        connect()
