from django.urls import path

from dispatchdesk.intake.channels.alerts import views as alerts

app_name = "intake"
urlpatterns = [
    path("alerts/", alerts.receive, name="alerts"),
]
