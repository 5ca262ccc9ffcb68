from django.urls import URLPattern, path

from dispatchdesk.reports import views

app_name = "reports"
urlpatterns: list[URLPattern] = [
    path("dashboard/", views.dashboard_page, name="dashboard"),
    path("reports/load/", views.load_page, name="load"),
]
