from django.urls import URLPattern, path

from dispatchdesk.assets import views

app_name = "assets"
urlpatterns: list[URLPattern] = [
    path("<int:asset_id>/", views.asset_detail, name="detail"),
    path("<int:asset_id>/chart/<str:measure>.png", views.asset_chart, name="chart"),
]
