from django.urls import path

from dispatchdesk.intake.channels.alerts import views as alerts
from dispatchdesk.intake.channels.phone import views as phone

app_name = "intake"
urlpatterns = [
    path("alerts/", alerts.receive, name="alerts"),
    path("calls/", phone.receive, name="calls"),
]
