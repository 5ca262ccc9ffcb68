from django.urls import URLPattern

app_name = "workstation"
urlpatterns: list[URLPattern] = []
