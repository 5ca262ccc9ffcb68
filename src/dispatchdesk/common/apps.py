from django.apps import AppConfig


class CommonConfig(AppConfig):
    name = "dispatchdesk.common"
    verbose_name = "Common"
