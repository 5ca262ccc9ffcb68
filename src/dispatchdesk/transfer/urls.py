from django.urls import URLPattern, path

from dispatchdesk.transfer import views

app_name = "transfer"
urlpatterns: list[URLPattern] = [
    path("", views.export_page, name="export"),
    path("desk.jsonl", views.export_download, name="export_download"),
]
