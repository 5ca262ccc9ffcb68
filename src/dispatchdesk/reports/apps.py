from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "dispatchdesk.reports"
    verbose_name = _("Reports")

    def ready(self) -> None:
        # After sla in INSTALLED_APPS: its clocks move first, so each ticket's figures read them moved.
        from dispatchdesk.reports.subscriptions import connect  # noqa: PLC0415

        connect()
