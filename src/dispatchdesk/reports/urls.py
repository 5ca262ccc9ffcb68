from django.urls import URLPattern, path

from dispatchdesk.reports import views

app_name = "reports"
urlpatterns: list[URLPattern] = [
    path("", views.dashboard_page, name="dashboard"),
]
