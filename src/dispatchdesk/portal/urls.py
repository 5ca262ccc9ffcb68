from django.urls import URLPattern, path

from dispatchdesk.portal import access, views

app_name = "portal"
urlpatterns: list[URLPattern] = [
    path("track/", views.track, name="track"),
    path("request/", views.web_request, name="web_request"),
    path("request/sent/", views.web_request_sent, name="web_request_sent"),
    path("t/<slug:access_key>/", views.ticket, name="ticket"),
    path("t/<slug:access_key>/reply/", views.reply, name="reply"),
    path("t/<slug:access_key>/attachments/<slug:token>/", views.attachment, name="attachment"),
    path("portal/", views.my_tickets, name="my_tickets"),
    path("portal/new/", views.new_request, name="new_request"),
    path("portal/preferences/", views.preferences, name="preferences"),
    path("portal/sign-in/", access.sign_in, name="sign_in"),
    path("portal/sign-in/<str:token>/", access.sign_in_link, name="sign_in_link"),
    path("rate/<str:token>/", access.rate, name="rate"),
]
