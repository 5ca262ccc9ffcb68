from django.urls import path

from dispatchdesk.integrations import views

app_name = "integrations"
urlpatterns = [
    path("slack/command/", views.slack_command, name="slack_command"),
]
