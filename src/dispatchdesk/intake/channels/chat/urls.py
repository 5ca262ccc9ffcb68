from django.urls import path

from dispatchdesk.intake.channels.chat import views

app_name = "chat"
API = "api/<str:key>/sessions/<str:token>"
urlpatterns = [
    path("widget.js", views.widget_script, name="widget"),
    path("api/<str:key>/start/", views.start, name="start"),
    path(f"{API}/messages/", views.messages, name="messages"),
    path(f"{API}/events/", views.events, name="events"),
    path(f"{API}/end/", views.end, name="end"),
]
