from django.contrib import admin
from django.urls import include, path

from dispatchdesk.accounts import views as account_views
from dispatchdesk.config import ops
from dispatchdesk.config.api import api

urlpatterns = [
    path("healthz", ops.healthz, name="healthz"),
    path("readyz", ops.readyz, name="readyz"),
    path("metrics", ops.metrics, name="metrics"),
    path("admin/", admin.site.urls),
    path("api/", api.urls),
    path("i18n/setlang/", account_views.set_language, name="set_language"),
    path("accounts/", include("dispatchdesk.accounts.urls")),
    path("accounts/", include("django.contrib.auth.urls")),
    path("hooks/", include("dispatchdesk.intake.urls")),
    path("chat/", include("dispatchdesk.intake.channels.chat.urls")),
    path("notifications/", include("dispatchdesk.notifications.urls")),
    path("integrations/", include("dispatchdesk.integrations.urls")),
    path("agent/assets/", include("dispatchdesk.assets.urls")),
    path("manage/what-if/", include("dispatchdesk.simulation.urls")),
    path("manage/settings/export/", include("dispatchdesk.transfer.urls")),
    path("manage/settings/", include("dispatchdesk.settings_area.urls")),
    path("manage/", include("dispatchdesk.reports.urls")),
    path("", include("dispatchdesk.workstation.urls")),
    path("", include("dispatchdesk.portal.urls")),
]
