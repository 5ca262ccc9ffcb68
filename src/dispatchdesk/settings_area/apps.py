from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SettingsAreaConfig(AppConfig):
    name = "dispatchdesk.settings_area"
    label = "settings_area"
    verbose_name = _("Settings")
