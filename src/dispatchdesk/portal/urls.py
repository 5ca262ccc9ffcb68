from django.urls import URLPattern, path

from dispatchdesk.portal import access, help, views

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
    path("request/suggestions/", help.request_suggestions, name="request_suggestions"),
    path("help/", help.help_centre, name="help_centre"),
    path("help/<int:article_id>/", help.help_article, name="help_article"),
    path("help/<int:article_id>/helpful/", help.help_feedback, name="help_feedback"),
    path("help/files/<slug:token>/", help.help_file, name="help_file"),
    path("portal/sign-in/", access.sign_in, name="sign_in"),
    path("portal/sign-in/<str:token>/", access.sign_in_link, name="sign_in_link"),
    path("rate/<str:token>/", access.rate, name="rate"),
]
