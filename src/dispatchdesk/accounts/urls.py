from django.urls import URLPattern, path

from dispatchdesk.accounts import views

app_name = "accounts"
urlpatterns: list[URLPattern] = [
    path("preferences/", views.preferences, name="preferences"),
]
