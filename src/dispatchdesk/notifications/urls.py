from django.urls import URLPattern, path

from dispatchdesk.notifications import views

app_name = "notifications"
urlpatterns: list[URLPattern] = [
    path("", views.notification_list, name="list"),
    path("<int:notification_id>/open/", views.notification_open, name="open"),
    path("bell/", views.notification_bell, name="bell"),
    path("read/", views.notification_read_all, name="read_all"),
]
