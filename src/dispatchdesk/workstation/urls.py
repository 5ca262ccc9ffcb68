from django.urls import URLPattern, path

from dispatchdesk.workstation import console, crm, live, macros, views, views_lists

app_name = "workstation"
urlpatterns: list[URLPattern] = [
    path("", views.home, name="home"),
    path("agent/tickets/", views.ticket_list, name="ticket_list"),
    path("agent/inbox/", views_lists.inbox, name="inbox"),
    path("agent/inbox/rows/", views_lists.inbox_rows, name="inbox_rows"),
    path("agent/inbox/counts/", views_lists.inbox_counts, name="inbox_counts"),
    path("agent/inbox/bulk/", views_lists.bulk, name="bulk"),
    path("agent/inbox/views/", views_lists.view_save, name="view_save"),
    path("agent/inbox/views/<int:view_id>/delete/", views_lists.view_delete, name="view_delete"),
    path("agent/tickets/new/", views.new_ticket, name="new_ticket"),
    path("agent/tickets/<int:ticket_id>/", views.ticket_detail, name="ticket_detail"),
    path("agent/tickets/<int:ticket_id>/reply/", views.reply, name="reply"),
    path("agent/tickets/<int:ticket_id>/note/", views.note, name="note"),
    path("agent/tickets/<int:ticket_id>/status/", views.change_status, name="status"),
    path("agent/tickets/<int:ticket_id>/assign/", views.assign, name="assign"),
    path("agent/tickets/<int:ticket_id>/accept/", views.accept, name="accept"),
    path("agent/tickets/<int:ticket_id>/claim/", views.claim, name="claim"),
    path("agent/tickets/<int:ticket_id>/decline/", views.decline, name="decline"),
    path("agent/tickets/<int:ticket_id>/escalate/", views.escalate, name="escalate"),
    path("agent/tickets/<int:ticket_id>/macros/<int:macro_id>/", macros.insert_macro, name="insert_macro"),
    path("agent/tickets/<int:ticket_id>/crm/", crm.crm_panel, name="crm_panel"),
    path("agent/tickets/<int:ticket_id>/presence/", live.ticket_presence, name="presence"),
    path("agent/tickets/<int:ticket_id>/viewers/", live.ticket_viewers, name="viewers"),
    path("agent/live/", live.live_stream, name="live"),
    path("agent/attachments/<slug:token>/", views.attachment, name="attachment"),
    path("agent/dispatch/", console.console, name="console"),
    path("agent/dispatch/<int:ticket_id>/confirm/", console.confirm, name="confirm"),
    path("agent/next/", console.next_ticket, name="next_ticket"),
    path("agent/presence/", console.presence, name="presence"),
]
