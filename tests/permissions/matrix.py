"""Who may use which route (O1): every page and API operation, decided for every persona.

Read a row as: "METHOD path" answers each persona with this outcome. The subject is Carol's
ticket in the Network group, with an attachment on a public reply and one on an internal note;
Alice once took it and handed it back to the queue with an internal reason (world.py).
A number is the expected HTTP status; the named outcomes are redirects and refused forms.
On a writing route a success must change something and every other outcome must change nothing.

Adding a route? tests/permissions/test_routes_are_listed.py fails until it has a row here.
"""

from dataclasses import dataclass

ROLES = ("anonymous", "carol", "erin", "alice", "mallory", "bob", "dave", "root")


@dataclass(frozen=True)
class Outcome:
    status: int
    location: str = ""  # part of the redirect target, for redirects
    done: bool = False  # the request did what it asked (a writing route changed something)

    def __str__(self) -> str:
        return f"{self.status}{' -> ' + self.location if self.location else ''}{' (done)' if self.done else ''}"


LOGIN = Outcome(302, "/login/")  # sent to a sign-in page, nothing else happens
DONE = Outcome(302, "/agent/tickets/", done=True)  # an agent action succeeded; back to the ticket (PRG)
KEPT = Outcome(200)  # an agent action refused by a rule: the form is shown again with the error
EMPTY = Outcome(200)  # answered, and rightly changed nothing (e.g. no ticket of one's own groups to pull)
DESK = Outcome(302, "/agent/tickets/")  # a start page sending staff to their ticket list
PORTAL = Outcome(302, "/portal/")  # a start page sending customers to their portal
FOUND = Outcome(302, "/t/")  # the public lookup found the ticket and opens its access-key page
BACK = Outcome(302, "/track/")  # the language switch returns to the page it was given
KEPT_LANGUAGE = Outcome(302, "/track/", done=True)  # ... and a signed-in user's choice is kept as their language
SAVED = Outcome(302, "/accounts/preferences/", done=True)  # a user saved their own preferences
PREFERRED = Outcome(302, "/portal/preferences/", done=True)  # a customer saved their portal preferences
ADMIN_HOME = Outcome(302, "/admin/")  # a staff user who is already signed in skips the admin login
CONSOLE_DONE = Outcome(302, "/agent/dispatch/", done=True)  # a dispatcher assigned from the console
CREATED = Outcome(302, "/t/", done=True)  # a customer's new request, confirmed on its access-key page
READ_ALL = Outcome(302, "/notifications/")  # marked all read (a user with nothing unread changes nothing)
READ_ALL_DONE = Outcome(302, "/notifications/", done=True)
OPENED = Outcome(302, "/agent/tickets/", done=True)  # a notification opened: read, and on to its ticket
PUBLISHED = Outcome(302, "/manage/what-if/", done=True)  # a manager switched groups to another dispatch policy
SETTINGS_SAVED = Outcome(302, "/manage/settings/", done=True)  # a manager changed a setting (PRG)
SECRET_SHOWN = Outcome(200, done=True)  # a webhook added: its secret is on this answer, never again
SENT = Outcome(302, "/request/sent/", done=True)  # a request through the public web form
ANSWERED = Outcome(302, "/t/", done=True)  # an answer through the ticket's link
BULK_DONE = Outcome(200, done=True)  # the bulk result page: the action was done
BULK_REFUSED = Outcome(200)  # the bulk result page lists the ticket as refused; nothing changed
VIEW_SAVED = Outcome(302, "/agent/inbox/", done=True)  # a saved view was written or deleted
VIEW_KEPT = Outcome(302, "/agent/inbox/?view=")  # refused: back to the view, with the reason as a message
SIGNED_IN = Outcome(302, "/portal/")  # an emailed sign-in link signs its holder in as the contact
RATED = Outcome(200, done=True)  # the rating link rated the resolution
BOARD = Outcome(302, "/agent/board/")  # the board entry opens a board the user may see
LIMITS_SAVED = Outcome(302, "/agent/board/", done=True)  # a group's column limits saved (PRG)
KB_SAVED = Outcome(302, "/agent/knowledge/", done=True)  # an article saved, or drafted from a resolution (PRG)
HELPFUL = Outcome(302, "/help/", done=True)
INCIDENT_DONE = Outcome(
    302, "/agent/incidents/", done=True
)  # a ticket linked, or every customer answered (PRG)  # "was this helpful?" counted; back to the article
ALL_200 = (200,) * 8

Cell = int | Outcome
Row = tuple[str, str, *tuple[Cell, ...]]  # method, path, one outcome per persona in ROLES order

# fmt: off
MATRIX: list[Row] = [
    #                                                        anon    carol   erin    alice   mallory bob     dave    root
    # --- agent workstation: staff only; an agent sees their groups' tickets ---------------------------------------
    ("GET",   "/",                                           LOGIN,  PORTAL, PORTAL, DESK,   DESK,   DESK,   DESK,   DESK),
    ("GET",   "/agent/tickets/",                             LOGIN,  404,    404,    200,    200,    200,    200,    200),
    ("GET",   "/agent/tickets/{ticket_id}/",                 LOGIN,  404,    404,    200,    404,    200,    200,    200),
    # The inbox (decision 0031): views, their counts and the list body; an agent's lists hold her groups' tickets.
    ("GET",   "/agent/inbox/",                               LOGIN,  404,    404,    200,    200,    200,    200,    200),
    ("GET",   "/agent/inbox/rows/",                          LOGIN,  404,    404,    200,    200,    200,    200,    200),
    ("GET",   "/agent/inbox/counts/",                        LOGIN,  404,    404,    200,    200,    200,    200,    200),
    # A bulk priority change of Carol's ticket: Mallory cannot see it, so hers is refused on the result page.
    ("POST",  "/agent/inbox/bulk/",                          LOGIN,  404,    404,    BULK_DONE, BULK_REFUSED, BULK_DONE, BULK_DONE, BULK_DONE),
    # Saving a view shared with everyone: dispatchers, managers and admins (may_share_views); agents see the refusal.
    ("POST",  "/agent/inbox/views/",                         LOGIN,  404,    404,    KEPT,   KEPT,   VIEW_SAVED, VIEW_SAVED, VIEW_SAVED),
    # Bob's shared view: he and whoever may share views delete it; an agent is told she may not.
    ("POST",  "/agent/inbox/views/{view_id}/delete/",        LOGIN,  404,    404,    VIEW_KEPT, VIEW_KEPT, VIEW_SAVED, VIEW_SAVED, VIEW_SAVED),
    # The CRM panel of a ticket: whoever may see the ticket (no CRM is set in the matrix, so it says so).
    ("GET",   "/agent/tickets/{ticket_id}/crm/",             LOGIN,  404,    404,    200,    404,    200,    200,    200),
    # The chat pane's log and reply box (decision 0032) exist on chat tickets only; Carol's came from the web
    # (tests/workstation/test_chat_pane.py shows who may use them on a chat ticket: whoever may see it).
    ("GET",   "/agent/tickets/{ticket_id}/chat/",            LOGIN,  404,    404,    404,    404,    404,    404,    404),
    ("POST",  "/agent/tickets/{ticket_id}/chat/reply/",      LOGIN,  404,    404,    404,    404,    404,    404,    404),
    # The quick create: any staff member types in a request taken on the phone, for Carol.
    ("GET",   "/agent/tickets/new/",                         LOGIN,  404,    404,    200,    200,    200,    200,    200),
    ("POST",  "/agent/tickets/new/",                         LOGIN,  404,    404,    DONE,   DONE,   DONE,   DONE,   DONE),
    # Its caller lookup by phone number, and the toast of a call ringing for an agent: any staff member.
    ("GET",   "/agent/tickets/new/caller/",                  LOGIN,  404,    404,    200,    200,    200,    200,    200),
    ("GET",   "/agent/calls/{call_id}/",                     LOGIN,  404,    404,    200,    200,    200,    200,    200),
    ("POST",  "/agent/tickets/{ticket_id}/reply/",           LOGIN,  404,    404,    DONE,   404,    DONE,   DONE,   DONE),
    ("POST",  "/agent/tickets/{ticket_id}/note/",            LOGIN,  404,    404,    DONE,   404,    DONE,   DONE,   DONE),
    ("POST",  "/agent/tickets/{ticket_id}/status/",          LOGIN,  404,    404,    DONE,   404,    DONE,   DONE,   DONE),
    ("POST",  "/agent/tickets/{ticket_id}/assign/",          LOGIN,  404,    404,    DONE,   404,    DONE,   DONE,   DONE),
    # Assigned to Alice beforehand: only the assignee may accept.
    ("POST",  "/agent/tickets/{ticket_id}/accept/",          LOGIN,  404,    404,    DONE,   404,    KEPT,   KEPT,   KEPT),
    # Agents online beforehand: Alice claims her group's queued ticket; only members of the ticket's group
    # (or its lead) claim, so Bob, a dispatcher in no group, assigns instead; Dave and Root have no agent profile.
    ("POST",  "/agent/tickets/{ticket_id}/claim/",           LOGIN,  404,    404,    DONE,   404,    KEPT,   KEPT,   KEPT),
    # Assigned to Alice beforehand: only the assignee may decline.
    ("POST",  "/agent/tickets/{ticket_id}/decline/",         LOGIN,  404,    404,    DONE,   404,    KEPT,   KEPT,   KEPT),
    # Assigned to Alice beforehand: the assignee, dispatchers, managers and admins may escalate it to L2.
    ("POST",  "/agent/tickets/{ticket_id}/escalate/",        LOGIN,  404,    404,    DONE,   404,    DONE,   DONE,   DONE),
    # Files follow the ticket's visibility; a customer may fetch the files of her own public replies.
    ("GET",   "/agent/attachments/{reply_file}/",            LOGIN,  200,    404,    200,    404,    200,    200,    200),
    ("GET",   "/agent/attachments/{note_file}/",             LOGIN,  404,    404,    200,    404,    200,    200,    200),
    # The dispatcher console: dispatchers, managers, admins and group leads (none of the agents here leads).
    ("GET",   "/agent/dispatch/",                            LOGIN,  404,    404,    404,    404,    200,    200,    200),
    # Agents online beforehand; no proposal exists, so this is a lead's assignment to Alice.
    ("POST",  "/agent/dispatch/{ticket_id}/confirm/",        LOGIN,  404,    404,    404,    404,    CONSOLE_DONE, CONSOLE_DONE, CONSOLE_DONE),
    # Agents online beforehand: Alice pulls Carol's queued Network ticket; the others have nothing to pull.
    ("POST",  "/agent/next/",                                LOGIN,  404,    404,    DONE,   DESK,   DESK,   DESK,   DESK),
    # Agents start offline and switch to online; Dave and Root have no agent profile, hence no presence.
    ("POST",  "/agent/presence/",                            LOGIN,  404,    404,    DONE,   DONE,   DONE,   DESK,   DESK),
    # A customer's asset and its charts: any staff member (assets are the customer's, not a group's).
    ("GET",   "/agent/assets/{asset_id}/",                   LOGIN,  404,    404,    200,    200,    200,    200,    200),
    ("GET",   "/agent/assets/{asset_id}/chart/{measure}.png", LOGIN, 404,    404,    200,    200,    200,    200,    200),
    # The what-if page: managers and administrators; replaying history never writes.
    ("GET",   "/manage/what-if/",                            LOGIN,  404,    404,    404,    404,    404,    200,    200),
    ("POST",  "/manage/what-if/",                            LOGIN,  404,    404,    404,    404,    404,    200,    200),
    # Switching the Network group to sla-batch: managers and administrators, on record.
    ("POST",  "/manage/what-if/publish/",                    LOGIN,  404,    404,    404,    404,    404,    PUBLISHED, PUBLISHED),
    # The dashboard (R1): the whole desk for dispatchers, managers and admins, their groups for group leads
    # (none of the agents here leads); other staff are told why (403), customers find no such page.
    ("GET",   "/manage/dashboard/",                          LOGIN,  404,    404,    403,    403,    200,    200,    200),
    # The reports (R2-R6, docs/decisions/0036): the dashboard's rule; {report} is one of reports.framework.REPORTS.
    ("GET",   "/manage/reports/",                            LOGIN,  404,    404,    403,    403,    200,    200,    200),
    ("GET",   "/manage/reports/{report}/",                   LOGIN,  404,    404,    403,    403,    200,    200,    200),
    ("GET",   "/manage/reports/{report}/export.csv",         LOGIN,  404,    404,    403,    403,    200,    200,    200),
    ("GET",   "/manage/reports/{report}/export.xlsx",        LOGIN,  404,    404,    403,    403,    200,    200,    200),
    # --- the settings area: managers and administrators; to everyone else signed in it is forbidden (403) ------
    # The contact import: administrators only (decision 0026); managers see the settings but not this page.
    ("GET",   "/manage/settings/portal/",                    LOGIN,  403,    403,    403,    403,    403,    200,    200),
    ("POST",  "/manage/settings/portal/",                    LOGIN,  403,    403,    403,    403,    403,    SETTINGS_SAVED, SETTINGS_SAVED),
    ("GET",   "/manage/settings/contacts/import/",           LOGIN,  403,    403,    403,    403,    403,    403,    200),
    ("POST",  "/manage/settings/contacts/import/",           LOGIN,  403,    403,    403,    403,    403,    403,    SETTINGS_SAVED),
    ("GET",   "/manage/settings/",                           LOGIN,  403,    403,    403,    403,    403,    200,    200),
    # The desk export (decision 0043): its page and the streamed download, for whoever may configure.
    ("GET",   "/manage/settings/export/",                    LOGIN,  403,    403,    403,    403,    403,    200,    200),
    ("GET",   "/manage/settings/export/desk.jsonl",          LOGIN,  403,    403,    403,    403,    403,    200,    200),
    ("GET",   "/manage/settings/agents/{agent_id}/",         LOGIN,  403,    403,    403,    403,    403,    200,    200),
    ("POST",  "/manage/settings/agents/{agent_id}/",         LOGIN,  403,    403,    403,    403,    403,    SETTINGS_SAVED, SETTINGS_SAVED),
    ("POST",  "/manage/settings/agents/{agent_id}/skills/",  LOGIN,  403,    403,    403,    403,    403,    SETTINGS_SAVED, SETTINGS_SAVED),
    ("POST",  "/manage/settings/agents/{agent_id}/skills/{skill_id}/remove/", LOGIN, 403, 403, 403, 403, 403, SETTINGS_SAVED, SETTINGS_SAVED),
    ("POST",  "/manage/settings/agents/{agent_id}/shifts/",  LOGIN,  403,    403,    403,    403,    403,    SETTINGS_SAVED, SETTINGS_SAVED),
    ("GET",   "/manage/settings/groups/",                    LOGIN,  403,    403,    403,    403,    403,    200,    200),
    ("GET",   "/manage/settings/groups/new/",                LOGIN,  403,    403,    403,    403,    403,    200,    200),
    ("POST",  "/manage/settings/groups/new/",                LOGIN,  403,    403,    403,    403,    403,    SETTINGS_SAVED, SETTINGS_SAVED),
    ("GET",   "/manage/settings/groups/{group_id}/",         LOGIN,  403,    403,    403,    403,    403,    200,    200),
    ("POST",  "/manage/settings/groups/{group_id}/",         LOGIN,  403,    403,    403,    403,    403,    SETTINGS_SAVED, SETTINGS_SAVED),
    ("GET",   "/manage/settings/rules/",                     LOGIN,  403,    403,    403,    403,    403,    200,    200),
    ("POST",  "/manage/settings/rules/",                     LOGIN,  403,    403,    403,    403,    403,    SETTINGS_SAVED, SETTINGS_SAVED),
    ("GET",   "/manage/settings/classifier/",                LOGIN,  403,    403,    403,    403,    403,    200,    200),
    ("POST",  "/manage/settings/classifier/",                LOGIN,  403,    403,    403,    403,    403,    SETTINGS_SAVED, SETTINGS_SAVED),
    ("POST",  "/manage/settings/classifier/train/",          LOGIN,  403,    403,    403,    403,    403,    SETTINGS_SAVED, SETTINGS_SAVED),
    ("GET",   "/manage/settings/service-levels/",            LOGIN,  403,    403,    403,    403,    403,    200,    200),
    ("GET",   "/manage/settings/service-levels/policies/new/", LOGIN, 403,   403,    403,    403,    403,    200,    200),
    ("POST",  "/manage/settings/service-levels/policies/new/", LOGIN, 403,   403,    403,    403,    403,    SETTINGS_SAVED, SETTINGS_SAVED),
    ("GET",   "/manage/settings/service-levels/policies/{policy_id}/", LOGIN, 403, 403, 403,  403,    403,    200,    200),
    ("POST",  "/manage/settings/service-levels/policies/{policy_id}/", LOGIN, 403, 403, 403,  403,    403,    SETTINGS_SAVED, SETTINGS_SAVED),
    ("GET",   "/manage/settings/service-levels/calendars/new/", LOGIN, 403,  403,    403,    403,    403,    200,    200),
    ("POST",  "/manage/settings/service-levels/calendars/new/", LOGIN, 403,  403,    403,    403,    403,    SETTINGS_SAVED, SETTINGS_SAVED),
    ("GET",   "/manage/settings/service-levels/calendars/{calendar_id}/", LOGIN, 403, 403, 403, 403, 403,   200,    200),
    ("POST",  "/manage/settings/service-levels/calendars/{calendar_id}/", LOGIN, 403, 403, 403, 403, 403,   SETTINGS_SAVED, SETTINGS_SAVED),
    ("GET",   "/manage/settings/macros/",                    LOGIN,  403,    403,    403,    403,    403,    200,    200),
    ("GET",   "/manage/settings/macros/new/",                LOGIN,  403,    403,    403,    403,    403,    200,    200),
    ("POST",  "/manage/settings/macros/new/",                LOGIN,  403,    403,    403,    403,    403,    SETTINGS_SAVED, SETTINGS_SAVED),
    ("GET",   "/manage/settings/macros/{macro_id}/",         LOGIN,  403,    403,    403,    403,    403,    200,    200),
    ("POST",  "/manage/settings/macros/{macro_id}/",         LOGIN,  403,    403,    403,    403,    403,    SETTINGS_SAVED, SETTINGS_SAVED),
    ("POST",  "/manage/settings/macros/{macro_id}/delete/",  LOGIN,  403,    403,    403,    403,    403,    SETTINGS_SAVED, SETTINGS_SAVED),
    # Webhooks and chat channels (X1, X2): the secret is shown once, on the answer to the POST.
    ("GET",   "/manage/settings/integrations/",              LOGIN,  403,    403,    403,    403,    403,    200,    200),
    ("GET",   "/manage/settings/integrations/new/",          LOGIN,  403,    403,    403,    403,    403,    200,    200),
    ("POST",  "/manage/settings/integrations/new/",          LOGIN,  403,    403,    403,    403,    403,    SECRET_SHOWN, SECRET_SHOWN),
    ("GET",   "/manage/settings/integrations/{subscription_id}/", LOGIN, 403, 403,   403,    403,    403,    200,    200),
    ("POST",  "/manage/settings/integrations/{subscription_id}/", LOGIN, 403, 403,   403,    403,    403,    SETTINGS_SAVED, SETTINGS_SAVED),
    ("POST",  "/manage/settings/integrations/{subscription_id}/state/", LOGIN, 403, 403, 403, 403,   403,    SETTINGS_SAVED, SETTINGS_SAVED),
    ("POST",  "/manage/settings/integrations/deliveries/{delivery_id}/replay/", LOGIN, 403, 403, 403, 403, 403, SETTINGS_SAVED, SETTINGS_SAVED),
    # The reply composer's "Insert macro": staff who see the ticket; it only reads.
    ("GET",   "/agent/tickets/{ticket_id}/macros/{macro_id}/", LOGIN, 404,   404,    200,    404,    200,    200,    200),
    # Live updates (decision 0027): the event stream, and who else has the ticket open; staff who see it.
    ("GET",   "/agent/live/",                                LOGIN,  404,    404,    200,    200,    200,    200,    200),
    ("POST",  "/agent/tickets/{ticket_id}/presence/",        LOGIN,  404,    404,    204,    404,    204,    204,    204),
    ("GET",   "/agent/tickets/{ticket_id}/viewers/",         LOGIN,  404,    404,    200,    404,    200,    200,    200),
    ("GET",   "/agent/tickets/{ticket_id}/changes/",          LOGIN,  404,    404,    200,    404,    200,    200,    200),
    # The team board (P4, decision 0034): a group's board for whoever sees its tickets, one's own for all staff.
    ("GET",   "/agent/board/",                               LOGIN,  404,    404,    BOARD,  BOARD,  BOARD,  BOARD,  BOARD),
    ("GET",   "/agent/board/mine/",                          LOGIN,  404,    404,    200,    200,    200,    200,    200),
    ("GET",   "/agent/board/{group_id}/",                    LOGIN,  404,    404,    200,    404,    200,    200,    200),
    # Column limits: the group's lead (none here), managers and admins; the others see the refusal on the form.
    ("POST",  "/agent/board/{group_id}/limits/",             LOGIN,  404,    404,    KEPT,   404,    KEPT,   LIMITS_SAVED, LIMITS_SAVED),
    # A card moved (New -> Resolved) or handed over (agents online beforehand; agents take it themselves,
    # the others hand it to Alice), answered in JSON; the same rules as the status and assign buttons.
    ("POST",  "/agent/board/tickets/{ticket_id}/move/",      LOGIN,  404,    404,    200,    404,    200,    200,    200),
    ("POST",  "/agent/board/tickets/{ticket_id}/assign/",    LOGIN,  404,    404,    200,    404,    200,    200,    200),
    # --- incidents (A4): staff see them; any of them links a ticket she may see; dispatchers and up answer all -------
    ("GET",   "/agent/incidents/",                           LOGIN,  404,    404,    200,    200,    200,    200,    200),
    ("GET",   "/agent/incidents/{incident_id}/",             LOGIN,  404,    404,    200,    200,    200,    200,    200),
    # Linking Carol's ticket (by number) to a second incident: Mallory has no such ticket, she is told so.
    ("POST",  "/agent/incidents/{other_incident_id}/link/",        LOGIN,  404,    404,    INCIDENT_DONE, KEPT, INCIDENT_DONE, INCIDENT_DONE, INCIDENT_DONE),
    ("POST",  "/agent/incidents/{incident_id}/reply/",       LOGIN,  404,    404,    KEPT,   KEPT,   INCIDENT_DONE, INCIDENT_DONE, INCIDENT_DONE),
    # --- knowledge base (A5) and suggestions (A1): staff pages; an agent sees her groups' tickets' panels -------------
    ("GET",   "/agent/tickets/{ticket_id}/suggestions/",     LOGIN,  404,    404,    200,    404,    200,    200,    200),
    # Inserting the public article's link into a reply: whoever may reply on the ticket (it links the article).
    ("POST",  "/agent/tickets/{ticket_id}/articles/{article_id}/insert/", LOGIN, 404, 404, 200, 404, 200,   200,    200),
    # A draft from the resolution (the ticket resolved beforehand): staff who may see the ticket.
    ("POST",  "/agent/tickets/{ticket_id}/draft-article/",   LOGIN,  404,    404,    KB_SAVED, 404,  KB_SAVED, KB_SAVED, KB_SAVED),
    ("GET",   "/agent/knowledge/",                           LOGIN,  404,    404,    200,    200,    200,    200,    200),
    ("GET",   "/agent/knowledge/new/",                       LOGIN,  404,    404,    200,    200,    200,    200,    200),
    # Any staff member writes an internal article.
    ("POST",  "/agent/knowledge/new/",                       LOGIN,  404,    404,    KB_SAVED, KB_SAVED, KB_SAVED, KB_SAVED, KB_SAVED),
    ("GET",   "/agent/knowledge/{article_id}/",              LOGIN,  404,    404,    200,    200,    200,    200,    200),
    ("GET",   "/agent/knowledge/{article_id}/edit/",         LOGIN,  404,    404,    200,    200,    200,    200,    200),
    # The article is in the help centre: changing it is publishing, for dispatchers and up; agents see the refusal.
    ("POST",  "/agent/knowledge/{article_id}/edit/",         LOGIN,  404,    404,    KEPT,   KEPT,   KB_SAVED, KB_SAVED, KB_SAVED),
    ("GET",   "/agent/knowledge/files/{article_file}/",      LOGIN,  404,    404,    200,    200,    200,    200,    200),
    # The help centre and the request forms' suggestions are public (published public articles only).
    ("GET",   "/help/",                                      *ALL_200),
    ("GET",   "/help/{article_id}/",                         *ALL_200),
    ("GET",   "/help/{internal_article_id}/",                *(404,) * 8),
    ("POST",  "/help/{article_id}/helpful/",                 *(HELPFUL,) * 8),
    ("GET",   "/help/files/{article_file}/",                 *ALL_200),
    ("GET",   "/request/suggestions/",                       *ALL_200),
    # --- notifications: everyone has their own list; only Alice has one (unread, about this ticket) -----------------
    ("GET",   "/notifications/",                             LOGIN,  200,    200,    200,    200,    200,    200,    200),
    ("POST",  "/notifications/{notification_id}/open/",      LOGIN,  404,    404,    OPENED, 404,    404,    404,    404),
    ("GET",   "/notifications/bell/",                        LOGIN,  200,    200,    200,    200,    200,    200,    200),
    ("POST",  "/notifications/read/",                        LOGIN,  READ_ALL, READ_ALL, READ_ALL_DONE, READ_ALL, READ_ALL, READ_ALL, READ_ALL),
    # --- integrations: Slack's slash command is signed by Slack, not by a session; unsigned is refused ----------------
    ("POST",  "/integrations/slack/command/",                *(Outcome(401),) * 8),
    # --- machine webhooks: a source's bearer token, not a session, opens them (no persona has one) -----------------
    ("POST",  "/hooks/alerts/",                              401,    401,    401,    401,    401,    401,    401,    401),
    # ... and a telephony source's signature over the body.
    ("POST",  "/hooks/calls/",                               401,    401,    401,    401,    401,    401,    401,    401),
    # The chat widget's API (decision 0032): a widget's public key and a visitor's token open it, not a session;
    # the matrix has no widget, so every persona is told there is no such chat. The script itself is public.
    ("GET",   "/chat/widget.js",                             *ALL_200),
    ("POST",  "/chat/api/{chat_key}/start/",                 *(404,) * 8),
    ("GET",   "/chat/api/{chat_key}/sessions/{chat_token}/messages/", *(404,) * 8),
    ("POST",  "/chat/api/{chat_key}/sessions/{chat_token}/messages/", *(404,) * 8),
    ("GET",   "/chat/api/{chat_key}/sessions/{chat_token}/events/",   *(404,) * 8),
    ("POST",  "/chat/api/{chat_key}/sessions/{chat_token}/end/",      *(404,) * 8),
    # --- operations (O5, decision 0038): probes for anyone; metrics for the token or an allowed network only -------
    ("GET",   "/healthz",                                    *ALL_200),
    ("GET",   "/readyz",                                     *ALL_200),
    ("GET",   "/metrics",                                    *(403,) * 8),
    # --- customer portal: lookup and access-key pages are public, and show the public part only ------------------
    ("GET",   "/track/",                                     *ALL_200),
    # The public web form: anyone may write in; the confirmation goes to the address given.
    ("GET",   "/request/",                                   *ALL_200),
    ("POST",  "/request/",                                   *(SENT,) * 8),
    ("GET",   "/request/sent/",                              *ALL_200),
    ("POST",  "/track/",                                     FOUND,  FOUND,  FOUND,  FOUND,  FOUND,  FOUND,  FOUND,  FOUND),
    ("GET",   "/t/{access_key}/",                            *ALL_200),
    # Whoever holds the ticket's link answers as its customer (the link is sent to the customer only).
    ("POST",  "/t/{access_key}/reply/",                      *(ANSWERED,) * 8),
    ("GET",   "/t/{access_key}/attachments/{reply_file}/",   *ALL_200),
    ("GET",   "/t/{access_key}/attachments/{note_file}/",    404,    404,    404,    404,    404,    404,    404,    404),
    ("GET",   "/portal/",                                    LOGIN,  200,    200,    DESK,   DESK,   DESK,   DESK,   DESK),
    # New requests are for customers; staff open tickets on the agent pages or the API.
    ("GET",   "/portal/new/",                                LOGIN,  200,    200,    DESK,   DESK,   DESK,   DESK,   DESK),
    ("POST",  "/portal/new/",                                LOGIN,  CREATED, CREATED, DESK, DESK,   DESK,   DESK,   DESK),
    # A customer's own preferences (the portal's time zone); staff have no contact, so no such page.
    ("GET",   "/portal/preferences/",                        LOGIN,  200,    200,    404,    404,    404,    404,    404),
    ("POST",  "/portal/preferences/",                        LOGIN,  PREFERRED, PREFERRED, 404, 404,  404,    404,    404),
    # Signing in by emailed link: the page answers alike for known and unknown addresses; the link is the key.
    ("GET",   "/portal/sign-in/",                            *ALL_200),
    ("POST",  "/portal/sign-in/",                            *ALL_200),
    # Carol signing in (as the matrix does, before the request) spends her older links: 400 for her.
    ("GET",   "/portal/sign-in/{sign_in_token}/",            200,    400,    200,    200,    200,    200,    200,    200),
    ("POST",  "/portal/sign-in/{sign_in_token}/",            SIGNED_IN, 400, *(SIGNED_IN,) * 6),
    # The emailed satisfaction link (ticket resolved beforehand): whoever holds it rates, once.
    ("GET",   "/rate/{rating_token}/",                       *ALL_200),
    ("POST",  "/rate/{rating_token}/",                       *(RATED,) * 8),
    # --- sign-in, password and language (Django's own views) -----------------------------------------------------
    ("GET",   "/accounts/login/",                            *ALL_200),
    ("POST",  "/accounts/logout/",                           LOGIN,  LOGIN,  LOGIN,  LOGIN,  LOGIN,  LOGIN,  LOGIN,  LOGIN),
    ("GET",   "/accounts/password_change/",                  LOGIN,  200,    200,    200,    200,    200,    200,    200),
    ("GET",   "/accounts/password_change/done/",             LOGIN,  200,    200,    200,    200,    200,    200,    200),
    ("GET",   "/accounts/password_reset/",                   *ALL_200),
    ("GET",   "/accounts/password_reset/done/",              *ALL_200),
    ("GET",   "/accounts/reset/{uidb64}/{reset_token}/",     *ALL_200),
    ("GET",   "/accounts/reset/done/",                       *ALL_200),
    # The language switch: remembered as the user's language once signed in.
    ("POST",  "/i18n/setlang/",                              BACK,   *(KEPT_LANGUAGE,) * 7),
    # Everyone signed in has their own preferences (language, email for notifications).
    ("GET",   "/accounts/preferences/",                      LOGIN,  200,    200,    200,    200,    200,    200,    200),
    ("POST",  "/accounts/preferences/",                      LOGIN,  *(SAVED,) * 7),
    # --- the admin site: is_staff users only (every admin URL: test_routes_are_listed.py) ------------------------
    ("GET",   "/admin/",                                     LOGIN,  LOGIN,  LOGIN,  LOGIN,  LOGIN,  LOGIN,  LOGIN,  200),
    ("GET",   "/admin/login/",                               200,    200,    200,    200,    200,    200,    200,    ADMIN_HOME),
    ("GET",   "/admin/tickets/ticket/",                      LOGIN,  LOGIN,  LOGIN,  LOGIN,  LOGIN,  LOGIN,  LOGIN,  200),
    ("GET",   "/admin/tickets/ticket/{ticket_id}/change/",   LOGIN,  LOGIN,  LOGIN,  LOGIN,  LOGIN,  LOGIN,  LOGIN,  200),
    # --- REST API: a ticket the caller may not see is 404; a visible one they may not change is 403 --------------
    ("POST",  "/api/tickets",                                401,    201,    201,    201,    201,    201,    201,    201),
    ("GET",   "/api/tickets",                                401,    200,    200,    200,    200,    200,    200,    200),
    ("GET",   "/api/tickets/by-number/{number}",             401,    200,    404,    200,    404,    200,    200,    200),
    ("GET",   "/api/tickets/{ticket_id}",                    401,    200,    404,    200,    404,    200,    200,    200),
    ("PATCH", "/api/tickets/{ticket_id}",                    401,    403,    404,    200,    404,    200,    200,    200),
    ("POST",  "/api/tickets/{ticket_id}/transition",         401,    403,    404,    200,    404,    200,    200,    200),
    ("POST",  "/api/tickets/{ticket_id}/assign",             401,    403,    404,    200,    404,    200,    200,    200),
    # Assigned to Alice beforehand: only the assignee may accept.
    ("POST",  "/api/tickets/{ticket_id}/accept",             401,    403,    404,    200,    404,    403,    403,    403),
    ("POST",  "/api/tickets/{ticket_id}/replies",            401,    201,    404,    201,    404,    201,    201,    201),
    ("POST",  "/api/tickets/{ticket_id}/notes",              401,    403,    404,    201,    404,    201,    201,    201),
    ("GET",   "/api/tickets/{ticket_id}/messages",           401,    200,    404,    200,    404,    200,    200,    200),
    ("GET",   "/api/tickets/{ticket_id}/timeline",           401,    200,    404,    200,    404,    200,    200,    200),
    ("GET",   "/api/notifications",                          401,    200,    200,    200,    200,    200,    200,    200),
    ("POST",  "/api/notifications/{notification_id}/read",   401,    404,    404,    200,    404,    404,    404,    404),
    # Readings of Carol's pump (decision 0048): any staff token (the integration that forwards them is staff);
    # customers are refused. A reading is written once, so each success below is its own moment.
    ("POST",  "/api/assets/{asset_id}/readings",             401,    403,    403,    200,    200,    200,    200,    200),
    ("POST",  "/api/assets/{asset_id}/readings/batch",       401,    403,    403,    200,    200,    200,    200,    200),
    # Contacts and organisations are for support staff only.
    ("GET",   "/api/contacts",                               401,    403,    403,    200,    200,    200,    200,    200),
    ("POST",  "/api/contacts",                               401,    403,    403,    201,    201,    201,    201,    201),
    ("GET",   "/api/contacts/{contact_id}",                  401,    403,    403,    200,    200,    200,    200,    200),
    ("PATCH", "/api/contacts/{contact_id}",                  401,    403,    403,    200,    200,    200,    200,    200),
    ("GET",   "/api/organisations",                          401,    403,    403,    200,    200,    200,    200,    200),
    ("POST",  "/api/organisations",                          401,    403,    403,    201,    201,    201,    201,    201),
    ("GET",   "/api/organisations/{organisation_id}",        401,    403,    403,    200,    200,    200,    200,    200),
    ("PATCH", "/api/organisations/{organisation_id}",        401,    403,    403,    200,    200,    200,    200,    200),
    # CRM sync: upserts by another system's id are for administrators and integrations (decision 0026).
    ("PUT",   "/api/contacts/by-external-id/{external_id}",  401,    403,    403,    403,    403,    403,    403,    201),
    ("PUT",   "/api/organisations/by-external-id/{external_id}", 401, 403,  403,    403,    403,    403,    403,    201),
    ("POST",  "/api/organisations/bulk",                     401,    403,    403,    403,    403,    403,    403,    200),
    ("POST",  "/api/contacts/bulk",                          401,    403,    403,    403,    403,    403,    403,    200),
    # --- dispatch API: staff only; taking work needs an agent profile (Dave and Root have none) --------------------
    ("GET",   "/api/dispatch/tickets/{ticket_id}/decisions", 401,    403,    403,    200,    404,    200,    200,    200),
    # Agents online beforehand. Only members of the ticket's group claim (Bob assigns it to himself instead).
    ("POST",  "/api/dispatch/tickets/{ticket_id}/claim",     401,    403,    403,    200,    404,    403,    403,    403),
    # Assigned to Alice beforehand: only the assignee may decline.
    ("POST",  "/api/dispatch/tickets/{ticket_id}/decline",   401,    403,    403,    200,    404,    409,    409,    409),
    # Agents online beforehand; assigning by hand is for dispatchers and group leads.
    ("POST",  "/api/dispatch/tickets/{ticket_id}/confirm",   401,    403,    404,    403,    404,    200,    200,    200),
    # Agents online beforehand; each pulls from their own groups' queue only (Bob is in none).
    ("POST",  "/api/dispatch/next",                          401,    403,    403,    200,    EMPTY,  EMPTY,  403,    403),
    ("PUT",   "/api/dispatch/presence",                      401,    403,    403,    200,    200,    200,    403,    403),
    # The API's description is public: it holds no data.
    ("GET",   "/api/docs",                                   *ALL_200),
    ("GET",   "/api/openapi.json",                           *ALL_200),
    ("GET",   "/api/",                                       404,    404,    404,    404,    404,    404,    404,    404),
]

# What a persona reads on a page it may open: True = the text is there. None = it cannot open the page.
SUBJECT = "VPN drops every hour"  # Carol's ticket, in a list
NOTE = "Router firmware 7.2 is the culprit"  # the internal note's text
NOTE_FILE = "internal-diagram.png"  # the internal note's attachment
INTERNAL_EVENT = '"public": false'  # a timeline event that is not for the customer
INTERNAL_REASON = "Customer keeps calling, let L2 handle it"  # why an agent changed the status: staff only
INTERNAL_ARTICLE = "Router firmware workaround"  # an internal article's title: staff only

CONTENT: list[tuple[str, str, *tuple[bool | None, ...]]] = [
    #                                                        anon    carol   erin    alice   mallory bob     dave    root
    ("/agent/tickets/",                     SUBJECT,         None,   None,   None,   True,   False,  True,   True,   True),
    ("/portal/",                            SUBJECT,         None,   True,   False,  None,   None,   None,   None,   None),
    ("/api/tickets",                        SUBJECT,         None,   True,   False,  True,   False,  True,   True,   True),
    ("/agent/tickets/{ticket_id}/",         NOTE,            None,   None,   None,   True,   None,   True,   True,   True),
    ("/api/tickets/{ticket_id}/messages",   NOTE,            None,   False,  None,   True,   None,   True,   True,   True),
    ("/api/tickets/{ticket_id}/messages",   NOTE_FILE,       None,   False,  None,   True,   None,   True,   True,   True),
    ("/api/tickets/{ticket_id}/timeline",   INTERNAL_EVENT,  None,   False,  None,   True,   None,   True,   True,   True),
    # The customer's page hides why staff changed the status (partials/timeline.html); so must the API.
    ("/api/tickets/{ticket_id}/timeline",   INTERNAL_REASON, None,   False,  None,   True,   None,   True,   True,   True),
    ("/t/{access_key}/",                    INTERNAL_REASON, False,  False,  False,  False,  False,  False,  False,  False),
    ("/t/{access_key}/",                    NOTE,            False,  False,  False,  False,  False,  False,  False,  False),
    ("/t/{access_key}/",                    NOTE_FILE,       False,  False,  False,  False,  False,  False,  False,  False),
    ("/agent/knowledge/?q=router",          INTERNAL_ARTICLE, None,  None,   None,   True,   True,   True,   True,   True),
    ("/help/?q=router",                     INTERNAL_ARTICLE, False, False,  False,  False,  False,  False,  False,  False),
    ("/request/suggestions/?subject=router+firmware", INTERNAL_ARTICLE, False, False, False, False, False, False, False, False),
]
# fmt: on
