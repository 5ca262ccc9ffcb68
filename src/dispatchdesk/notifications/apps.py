from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "dispatchdesk.notifications"
    verbose_name = _("Notifications")

    def ready(self) -> None:
        from dispatchdesk.notifications.subscriptions import connect  # noqa: PLC0415 - models are ready only now

        connect()
