from django.urls import URLPattern, path

from dispatchdesk.simulation import views

app_name = "simulation"
urlpatterns: list[URLPattern] = [
    path("", views.compare, name="compare"),
    path("publish/", views.publish, name="publish"),
]
