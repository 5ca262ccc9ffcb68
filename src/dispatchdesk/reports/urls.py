from django.urls import URLPattern, path

from dispatchdesk.reports import views

app_name = "reports"
urlpatterns: list[URLPattern] = [
    path("dashboard/", views.dashboard_page, name="dashboard"),
    path("reports/", views.reports_index, name="index"),
    path("reports/<slug:slug>/", views.report_page, name="report"),
    path("reports/<slug:slug>/export.csv", views.report_csv, name="csv"),
    path("reports/<slug:slug>/export.xlsx", views.report_xlsx, name="xlsx"),
]
