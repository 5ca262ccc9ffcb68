from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "dispatchdesk.accounts"
    verbose_name = _("Accounts and agents")

    def ready(self) -> None:
        from dispatchdesk.accounts import signals  # noqa: F401, PLC0415 - connects the roster revision
