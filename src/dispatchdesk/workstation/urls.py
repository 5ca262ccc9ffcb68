from django.urls import URLPattern, path

from dispatchdesk.workstation import console, crm, kanban, live, macros, views

app_name = "workstation"
urlpatterns: list[URLPattern] = [
    path("", views.home, name="home"),
    path("agent/tickets/", views.ticket_list, name="ticket_list"),
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
    path("agent/board/", kanban.board_home, name="board"),
    path("agent/board/mine/", kanban.my_board, name="my_board"),
    path("agent/board/<int:group_id>/", kanban.group_board, name="group_board"),
    path("agent/board/<int:group_id>/limits/", kanban.wip_limits, name="wip_limits"),
    path("agent/board/tickets/<int:ticket_id>/move/", kanban.move, name="board_move"),
    path("agent/board/tickets/<int:ticket_id>/assign/", kanban.hand_over, name="board_assign"),
]
