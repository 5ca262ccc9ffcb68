"""The scene every matrix cell plays in, and how each route is called with a valid request."""

import io
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any, NamedTuple
from unittest.mock import patch

from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import HttpResponseBase, StreamingHttpResponse
from django.test import Client
from PIL import Image

from dispatchdesk.accounts.auth import api_token_create
from dispatchdesk.accounts.models import AgentProfile, AgentSkill, Presence, Shift, Skill, SkillGroup, User
from dispatchdesk.assets.models import Asset, Reading
from dispatchdesk.common import clock, live
from dispatchdesk.customers.models import Contact, Organisation, PortalSettings
from dispatchdesk.customers.sign_in import sign_in_token
from dispatchdesk.dispatch.models import ClassifierSettings, ClassifierVersion, DispatchDecision, RuleSetVersion
from dispatchdesk.dispatch.services import agent_set_presence
from dispatchdesk.incidents.models import Incident, IncidentTicket
from dispatchdesk.intake.models import Call, CallSource
from dispatchdesk.integrations.models import DeliveryState, WebhookDelivery, WebhookSubscription
from dispatchdesk.knowledge.models import Article, ArticleVersion, SuggestionRead, TicketArticle, Visibility
from dispatchdesk.knowledge.services import article_save
from dispatchdesk.notifications.models import Kind, Notification
from dispatchdesk.notifications.services import notify
from dispatchdesk.sla.models import Calendar, CalendarException, OpeningHours, Policy, Target
from dispatchdesk.tickets.models import Macro, Status, Ticket, WipLimit
from dispatchdesk.tickets.ratings import rating_token
from dispatchdesk.tickets.services import ticket_add_note, ticket_assign, ticket_change_status, ticket_reply
from dispatchdesk.workstation.models import SavedView
from dispatchdesk.workstation.saved_views import saved_view_save
from tests.permissions.matrix import INTERNAL_ARTICLE, INTERNAL_REASON, NOTE, NOTE_FILE, ROLES

HOOK_URL = "https://93.184.215.14/hooks"  # a global address: no DNS lookup needed to accept it


def png(name: str) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "orange").save(buffer, format="PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


@dataclass(frozen=True)
class World:
    users: dict[str, User]  # persona -> user; "anonymous" has none
    ticket: Ticket
    contact: Contact  # Carol's
    organisation: Organisation  # Carol's
    reply_file: str  # token of the file on Alice's public reply
    note_file: str  # token of the file on Alice's internal note
    notification: int  # Alice's unread notification that the ticket was assigned to her
    skill: int  # a skill Alice holds (the settings area changes or removes it)
    policy: int  # an SLA policy and its calendar, in the settings area
    calendar: int
    macro: int  # a shared macro
    subscription: int  # an active webhook subscription
    delivery: int  # one of its deliveries, delivered
    saved_view: int  # a view Bob (a dispatcher) shared with every agent
    sign_in_token: str  # Carol's emailed sign-in link
    rating_token: str  # the invitation to rate the ticket's first resolution
    call: int  # a call from Carol's number (its toast)
    article: int  # a published public article about the ticket's question, with a file
    internal_article: int  # a published internal one
    article_file: str
    incident: int  # an open incident, opened by hand, linking Carol's ticket
    other_incident: int  # another one, linking nothing yet
    asset: int  # Carol's pump

    def url(self, path: str) -> str:
        return path.format(
            ticket_id=self.ticket.pk,
            number=self.ticket.number,
            access_key=self.ticket.access_key,
            reply_file=self.reply_file,
            note_file=self.note_file,
            contact_id=self.contact.pk,
            organisation_id=self.organisation.pk,
            notification_id=self.notification,
            agent_id=self.users["alice"].agent.pk,
            group_id=self.ticket.group_id,
            report="efficiency",
            skill_id=self.skill,
            policy_id=self.policy,
            calendar_id=self.calendar,
            macro_id=self.macro,
            subscription_id=self.subscription,
            delivery_id=self.delivery,
            view_id=self.saved_view,
            sign_in_token=self.sign_in_token,
            rating_token=self.rating_token,
            call_id=self.call,
            article_id=self.article,
            internal_article_id=self.internal_article,
            article_file=self.article_file,
            incident_id=self.incident,
            other_incident_id=self.other_incident,
            asset_id=self.asset,
            measure="temperature",
            external_id="crm-7",  # not yet synced: an upsert by it creates
            uidb64="MQ",
            reset_token="no-such-token",
            chat_key="no-such-widget",
            chat_token="no-such-token",
        )


def build_world(users: dict[str, User], ticket: Ticket) -> World:
    alice = users["alice"]
    reply = ticket_reply(ticket_id=ticket.pk, author=alice, body="Please try this.", files=[png("steps.png")])
    note = ticket_add_note(ticket_id=ticket.pk, author=alice, body=NOTE, files=[png(NOTE_FILE)])
    # Taken and handed back: the ticket is queued and unassigned again, with an internal reason on record.
    ticket_assign(ticket_id=ticket.pk, agent_id=alice.pk, actor=alice)
    ticket_change_status(ticket_id=ticket.pk, to=Status.NEW, actor=alice, reason=INTERNAL_REASON)
    contact = users["carol"].contact
    assert contact.organisation is not None
    told = notify(recipient=alice, kind=Kind.ASSIGNED, ticket=ticket, data={"number": ticket.number, "subject": "x"})
    assert told is not None
    skill = Skill.objects.create(slug="vpn", name="VPN")
    AgentSkill.objects.create(agent=alice.agent, skill=skill, proficiency=3)
    # Inactive, so no ticket's clocks change because the settings area has something to show.
    calendar = Calendar.objects.create(name="Matrix hours", time_zone="Europe/Berlin")
    policy = Policy.objects.create(name="Matrix policy", calendar=calendar, active=False)
    macro = Macro.objects.create(name="Greeting", body="Hello {{customer_name}}")
    hook = WebhookSubscription.objects.create(
        owner=users["root"], url=HOOK_URL, secret="s", events=["ticket.rated"], created_at=clock.now()
    )
    delivery = WebhookDelivery.objects.create(
        subscription=hook,
        event_id="matrix:1",
        event="ticket.rated",
        payload={},
        state=DeliveryState.DELIVERED,
        created_at=clock.now(),
        due_at=clock.now(),
    )
    shared_view = saved_view_save(actor=users["bob"], name="Urgent", params={"priority": ["1"]}, shared=True)
    number = "+49301234567"
    call = Call.objects.create(
        source=CallSource.objects.create(name="pbx"),
        call_id="c1",
        caller=number,
        number=number,
        received_at=clock.now(),
    )
    article = article_save(
        actor=users["bob"],
        article_id=None,
        language="en",
        title="VPN drops every hour: what to do",
        body="<p>Update the VPN client.</p>",
        category=None,
        visibility=Visibility.PUBLIC,
        published=True,
        files=[png("vpn-settings.png")],
    )
    internal = article_save(
        actor=users["bob"],
        article_id=None,
        language="en",
        title=INTERNAL_ARTICLE,
        body="<p>Router firmware 7.2: roll back.</p>",
        category=None,
        visibility=Visibility.INTERNAL,
        published=True,
    )
    incident = Incident.objects.create(title="VPN outage", detected=False)
    IncidentTicket.objects.create(incident=incident, ticket=ticket)
    other_incident = Incident.objects.create(title="Mail delays", detected=False)
    return World(
        users=users,
        ticket=ticket,
        contact=contact,
        organisation=contact.organisation,
        reply_file=reply.attachments.get().token,
        note_file=note.attachments.get().token,
        notification=told.pk,
        skill=skill.pk,
        policy=policy.pk,
        calendar=calendar.pk,
        macro=macro.pk,
        subscription=hook.pk,
        delivery=delivery.pk,
        saved_view=shared_view.pk,
        sign_in_token=sign_in_token(contact),
        rating_token=rating_token(ticket),
        call=call.pk,
        article=article.pk,
        internal_article=internal.pk,
        article_file=article.files.get().token,
        incident=incident.pk,
        other_incident=other_incident.pk,
        asset=Asset.objects.create(customer=contact, model="Pump P-200", serial="P200-7", site="Plant 2").pk,
    )


class State(NamedTuple):
    """Everything a refused request must leave as it was."""

    status: str
    assignee_id: int | None
    priority: int
    messages: int
    timeline: int
    tickets: int
    contacts: int
    organisations: int
    contact_phone: str
    organisation_domain: str
    decisions: int
    presences: tuple[str, ...]
    unread_notifications: int
    policies: tuple[str, ...]
    preferences: tuple[tuple[str, bool], ...]
    time_zones: tuple[str, ...]
    settings: tuple[object, ...]
    saved_views: tuple[tuple[object, ...], ...]
    knowledge: tuple[object, ...]
    readings: int


def state(world: World) -> State:
    ticket = Ticket.objects.get(pk=world.ticket.pk)
    return State(
        status=ticket.status,
        assignee_id=ticket.assignee_id,
        priority=ticket.priority,
        messages=ticket.messages.count(),
        timeline=ticket.timeline.count(),
        tickets=Ticket.objects.count(),
        contacts=Contact.objects.count(),
        organisations=Organisation.objects.count(),
        contact_phone=Contact.objects.get(pk=world.contact.pk).phone,
        organisation_domain=Organisation.objects.get(pk=world.organisation.pk).domain,
        decisions=DispatchDecision.objects.count(),
        presences=tuple(AgentProfile.objects.order_by("pk").values_list("presence", flat=True)),
        unread_notifications=Notification.objects.filter(read_at__isnull=True).count(),
        policies=tuple(SkillGroup.objects.order_by("pk").values_list("policy", flat=True)),
        preferences=tuple(User.objects.order_by("pk").values_list("language", "email_notifications")),
        time_zones=tuple(Contact.objects.order_by("pk").values_list("time_zone", flat=True)),
        settings=configuration(),
        saved_views=tuple(SavedView.objects.order_by("pk").values_list("pk", "name", "shared")),
        knowledge=(
            tuple(
                Article.objects.order_by("pk").values_list("pk", "status", "visibility", "helpful_yes", "helpful_no")
            ),
            ArticleVersion.objects.count(),
            TicketArticle.objects.count(),
            SuggestionRead.objects.count(),
            tuple(Incident.objects.order_by("pk").values_list("pk", "status")),
            tuple(IncidentTicket.objects.order_by("pk").values_list("incident_id", "ticket_id")),
        ),
        readings=Reading.objects.count(),
    )


def configuration() -> tuple[object, ...]:
    """What the settings area writes: the roster, groups, rule versions, service levels, macros."""
    return tuple(
        tuple(query.order_by("pk").values_list())
        for query in (
            AgentProfile.objects.all(),
            AgentSkill.objects.all(),
            AgentProfile.groups.through.objects.all(),
            Shift.objects.all(),
            SkillGroup.objects.all(),
            RuleSetVersion.objects.all(),
            ClassifierSettings.objects.all(),
            ClassifierVersion.objects.all(),
            Calendar.objects.all(),
            OpeningHours.objects.all(),
            CalendarException.objects.all(),
            Policy.objects.all(),
            Target.objects.all(),
            Macro.objects.all(),
            PortalSettings.objects.all(),
            WebhookSubscription.objects.all(),
            WebhookDelivery.objects.all(),
            WipLimit.objects.all(),
        )
    )


Body = dict[str, Any] | Callable[[World, str], dict[str, Any]]


@dataclass(frozen=True)
class Send:
    """A valid request for a route: its body, what must be true first, and whether success writes."""

    body: Body = field(default_factory=dict)
    given: Callable[[World], object] | None = None
    writes: bool = True


def resolved(world: World) -> object:
    """Resolved by Alice: the rating link (made for this first resolution) invites a rating."""
    return ticket_change_status(ticket_id=world.ticket.pk, to=Status.RESOLVED, actor=world.users["alice"])


def assigned_to_alice(world: World) -> object:
    return ticket_assign(ticket_id=world.ticket.pk, agent_id=world.users["alice"].pk, actor=world.users["bob"])


def agents_online(world: World) -> object:
    """Agents start offline; online, the hard rules would let each of them take the ticket."""
    return [
        agent_set_presence(agent=world.users[role], presence=Presence.ONLINE) for role in ("alice", "mallory", "bob")
    ]


def assignee_for(world: World, role: str) -> int:
    """Agents may only take work themselves; leads and up hand it to Alice."""
    return world.users[role].pk if role in ("alice", "mallory") else world.users["alice"].pk


def new_ticket(world: World, role: str) -> dict[str, Any]:
    body: dict[str, Any] = {"subject": "Printer offline", "description": "It says paper jam."}
    if role not in ("carol", "erin"):  # staff say whom the ticket is for; customers open their own
        body["customer_id"] = world.contact.pk
    return body


def reading(role: str) -> dict[str, Any]:
    """A temperature reading an hour ago, at a moment of the persona's own (a repeat would change nothing)."""
    moment = clock.now() - timedelta(hours=1, minutes=ROLES.index(role))
    return {"measure": "temperature", "value": 140, "unit": "°F", "taken_at": moment.isoformat()}


def contacts_csv(world: World, role: str) -> dict[str, Any]:
    data = b"name,email,external_id\nIvan Import,ivan@csv.example,csv-1\n"
    return {"file": SimpleUploadedFile("contacts.csv", data, content_type="text/csv")}


def phoned_in(world: World, role: str) -> dict[str, Any]:
    return {
        "customer_email": world.contact.email,
        "channel": "phone",
        "subject": "Printer",
        "body": "E-42",
        "priority": 3,
    }


def visitors_request(world: World, role: str) -> dict[str, Any]:
    """One address per persona: the form's limit per address counts in the cache, which no rollback resets."""
    return {"name": "Vera Visitor", "email": f"{role}@visitor.example", "subject": "Printer", "body": "E-42"}


def carols_lookup(world: World, role: str) -> dict[str, Any]:
    return {"number": world.ticket.number, "email": world.contact.email}


def settings_sends() -> list[tuple[str, str, Send]]:
    """A valid change on each of the settings area's writing routes."""
    group = {"tier": "L1", "mode": "review", "policy": "priority-deadline"}
    policy = {"warning_percent": "80", "p1_first": "30 min", "p1_resolution": "8 h"}
    calendar = {"time_zone": "Europe/Berlin", "day_0": "08:00-16:00"}
    macro = {"language": "en", "body": "Thanks, {{customer_name}}."}
    hook = {"url": HOOK_URL, "events": ["ticket.created"], "language": "en", "unassigned_minutes": 30}
    base = "/manage/settings"
    return [
        ("POST", f"{base}/agents/{{agent_id}}/", Send({"profile-tier": "L2", "profile-capacity": 7})),
        (
            "POST",
            f"{base}/agents/{{agent_id}}/skills/",
            Send(lambda w, r: {"skill-skill": w.skill, "skill-proficiency": 5}),
        ),
        ("POST", f"{base}/agents/{{agent_id}}/shifts/", Send({"shifts-day_0": "08:00-16:00"})),
        ("POST", f"{base}/groups/new/", Send(group | {"name": "Printers"})),
        ("POST", f"{base}/groups/{{group_id}}/", Send(group | {"name": "Network"})),
        ("POST", f"{base}/rules/", Send(_one_rule)),
        ("POST", f"{base}/classifier/", Send({"enabled": "", "threshold_percent": "70"})),
        ("POST", f"{base}/classifier/train/", Send({})),
        (
            "POST",
            f"{base}/service-levels/policies/new/",
            Send(lambda w, r: policy | {"name": "New", "calendar": w.calendar}),
        ),
        (
            "POST",
            f"{base}/service-levels/policies/{{policy_id}}/",
            Send(lambda w, r: policy | {"name": "Matrix policy", "calendar": w.calendar}),
        ),
        ("POST", f"{base}/service-levels/calendars/new/", Send(calendar | {"name": "New hours"})),
        ("POST", f"{base}/service-levels/calendars/{{calendar_id}}/", Send(calendar | {"name": "Matrix hours"})),
        ("POST", f"{base}/macros/new/", Send(macro | {"name": "Thanks"})),
        ("POST", f"{base}/macros/{{macro_id}}/", Send(macro | {"name": "Greeting"})),
        ("POST", f"{base}/integrations/new/", Send(hook | {"format": "webhook"})),
        ("POST", f"{base}/integrations/{{subscription_id}}/", Send(hook)),
        ("POST", f"{base}/integrations/{{subscription_id}}/state/", Send({"paused": "1"})),
        ("POST", f"{base}/integrations/deliveries/{{delivery_id}}/replay/", Send({})),
    ]


def _one_rule(world: World, role: str) -> dict[str, Any]:
    return {
        "rules-TOTAL_FORMS": 1,
        "rules-INITIAL_FORMS": 0,
        "rules-0-name": "VPN",
        "rules-0-when": '{"keywords": ["vpn"]}',
        "rules-0-then": '{"group": "network"}',
    }


TICKET = "/agent/tickets/{ticket_id}"
API_TICKET = "/api/tickets/{ticket_id}"
DISPATCH = "/api/dispatch/tickets/{ticket_id}"
# Routes not listed here are called without a body; GET requests never write.
SENDS: dict[tuple[str, str], Send] = {
    ("POST", "/agent/tickets/new/"): Send(phoned_in),
    ("POST", f"{TICKET}/reply/"): Send({"reply-body": "We are on it."}),
    ("POST", f"{TICKET}/note/"): Send({"note-body": "Checked the logs."}),
    ("POST", f"{TICKET}/chat/reply/"): Send({"chat-body": "Hello from the chat."}),
    ("POST", f"{TICKET}/status/"): Send({"status": Status.RESOLVED, "reason": ""}),
    ("POST", f"{TICKET}/assign/"): Send(lambda world, role: {"agent": assignee_for(world, role), "confirm": "on"}),
    ("POST", f"{TICKET}/accept/"): Send(given=assigned_to_alice),
    ("POST", f"{TICKET}/claim/"): Send(given=agents_online),
    ("POST", f"{TICKET}/decline/"): Send({"decline-reason": "Not my area."}, given=assigned_to_alice),
    ("POST", f"{TICKET}/escalate/"): Send({"escalate-reason": "Needs the core team."}, given=assigned_to_alice),
    ("POST", "/agent/presence/"): Send({"presence": Presence.ONLINE}),
    ("POST", f"{TICKET}/articles/{{article_id}}/insert/"): Send({"reply-body": "Hello Carol,"}),
    ("POST", f"{TICKET}/draft-article/"): Send(given=resolved),
    ("POST", "/agent/knowledge/new/"): Send(
        {
            "title": "VPN logs",
            "language": "en",
            "body": "<p>In /var/log.</p>",
            "visibility": "internal",
            "published": "on",
        }
    ),
    ("POST", "/agent/knowledge/{article_id}/edit/"): Send(
        {
            "title": "VPN drops",
            "language": "en",
            "body": "<p>Update to 5.2.</p>",
            "visibility": "public",
            "published": "on",
        }
    ),
    ("POST", "/help/{article_id}/helpful/"): Send({"helpful": "yes"}),
    ("POST", "/agent/incidents/{other_incident_id}/link/"): Send(
        lambda world, role: {"link-number": world.ticket.number}
    ),
    ("POST", "/agent/incidents/{incident_id}/reply/"): Send({"reply-body": "A provider outage; we are on it."}),
    ("POST", "/agent/board/{group_id}/limits/"): Send({Status.NEW: "9"}),
    ("POST", "/agent/board/tickets/{ticket_id}/move/"): Send({"status": Status.RESOLVED}),
    ("POST", "/agent/board/tickets/{ticket_id}/assign/"): Send(
        lambda world, role: {"agent": assignee_for(world, role)}, given=agents_online
    ),
    ("POST", f"{TICKET}/presence/"): Send({"state": "replying"}, writes=False),  # said in the cache, not stored
    ("POST", "/agent/inbox/bulk/"): Send(
        lambda world, role: {"ticket": [world.ticket.pk], "bulk-action": "priority", "bulk-priority": 1, "query": ""}
    ),
    ("POST", "/agent/inbox/views/"): Send({"name": "Email", "query": "channel=email", "shared": "on"}),
    ("POST", "/track/"): Send(carols_lookup, writes=False),
    ("POST", "/request/"): Send(visitors_request),
    ("POST", "/t/{access_key}/reply/"): Send({"body": "It still drops every hour."}),
    ("POST", "/portal/sign-in/"): Send({"email": "carol@customer.example"}, writes=False),
    ("POST", "/portal/sign-in/{sign_in_token}/"): Send(writes=False),
    ("GET", "/rate/{rating_token}/"): Send(given=resolved, writes=False),
    ("POST", "/rate/{rating_token}/"): Send({"score": 4, "comment": "Quick, thanks."}, given=resolved),
    ("POST", "/accounts/logout/"): Send(writes=False),
    ("POST", "/i18n/setlang/"): Send({"language": "de", "next": "/track/"}),
    ("POST", "/accounts/preferences/"): Send({"language": "de"}),
    ("POST", "/api/tickets"): Send(new_ticket),
    ("PATCH", API_TICKET): Send({"priority": 1}),
    ("POST", f"{API_TICKET}/transition"): Send({"status": Status.RESOLVED}),
    ("POST", f"{API_TICKET}/assign"): Send(lambda world, role: {"agent_id": assignee_for(world, role)}),
    ("POST", f"{API_TICKET}/accept"): Send(given=assigned_to_alice),
    ("POST", f"{API_TICKET}/replies"): Send({"body": "Any news?"}),
    ("POST", f"{API_TICKET}/notes"): Send({"body": "Waiting for the vendor."}),
    ("POST", "/api/contacts"): Send({"name": "Frank New", "email": "frank@new.example"}),
    ("PATCH", "/api/contacts/{contact_id}"): Send({"phone": "+49 30 1234567"}),
    ("POST", "/api/organisations"): Send({"name": "Newco"}),
    ("PUT", "/api/contacts/by-external-id/{external_id}"): Send({"name": "Grace Sync", "email": "grace@crm.example"}),
    ("PUT", "/api/organisations/by-external-id/{external_id}"): Send({"name": "Synco"}),
    ("POST", "/api/contacts/bulk"): Send(
        {"contacts": [{"external_id": "crm-8", "name": "Heidi Bulk", "email": "heidi@crm.example"}]}
    ),
    ("POST", "/api/organisations/bulk"): Send({"organisations": [{"external_id": "org-8", "name": "Bulkco"}]}),
    ("PATCH", "/api/organisations/{organisation_id}"): Send({"domain": "newco.example"}),
    ("POST", f"{DISPATCH}/claim"): Send(given=agents_online),
    ("POST", f"{DISPATCH}/decline"): Send({"reason": "Not my area."}, given=assigned_to_alice),
    ("POST", f"{DISPATCH}/confirm"): Send(
        lambda world, role: {"agent_id": world.users["alice"].pk}, given=agents_online
    ),
    ("POST", "/api/dispatch/next"): Send(given=agents_online),
    ("PUT", "/api/dispatch/presence"): Send({"presence": Presence.ONLINE}),
    ("POST", "/agent/dispatch/{ticket_id}/confirm/"): Send(
        lambda world, role: {"agent": world.users["alice"].pk}, given=agents_online
    ),
    ("POST", "/agent/next/"): Send(given=agents_online),
    ("POST", "/portal/new/"): Send({"subject": "Printer jams", "body": "Every second page.", "priority": 3}),
    ("POST", "/manage/settings/portal/"): Send({"reopen_window_days": 7, "sign_in_link_minutes": 20}),
    ("POST", "/portal/preferences/"): Send({"time_zone": "America/New_York"}),
    ("POST", "/manage/what-if/"): Send(
        {"since": "2026-01-05", "until": "2026-01-12", "policies": ["sla-batch", "priority-deadline"]}, writes=False
    ),
    ("POST", "/manage/what-if/publish/"): Send(
        lambda world, role: {"policy": "sla-batch", "groups": [world.ticket.group_id]}
    ),
    ("POST", "/manage/settings/contacts/import/"): Send(contacts_csv),
    ("POST", "/api/assets/{asset_id}/readings"): Send(lambda world, role: reading(role)),
    ("POST", "/api/assets/{asset_id}/readings/batch"): Send(lambda world, role: {"readings": [reading(role)]}),
    **{(method, path): send for method, path, send in settings_sends()},
}


def send_of(method: str, path: str) -> Send:
    return SENDS.get((method, path), Send(writes=method != "GET"))


def sign_in(client: Client, world: World, role: str, path: str) -> dict[str, str]:
    """Pages use the session; the API is called as its clients do, with a bearer token."""
    if role == "anonymous":
        return {}
    if path.startswith("/api/"):
        _token, raw = api_token_create(user=world.users[role], name="matrix")
        return {"Authorization": f"Bearer {raw}"}
    client.force_login(world.users[role])
    return {}


def call(
    client: Client, world: World, *, role: str, method: str, path: str, headers: dict[str, str]
) -> HttpResponseBase:
    spec = send_of(method, path)
    body = spec.body(world, role) if callable(spec.body) else spec.body
    url = world.url(path)
    if method == "GET":
        response: HttpResponseBase = client.get(url, headers=headers)
    elif path.startswith("/api/"):
        response = client.generic(method, url, json.dumps(body), content_type="application/json", headers=headers)
    else:
        response = client.post(url, body, headers=headers)
    if isinstance(response, StreamingHttpResponse) and response["Content-Type"] == "text/event-stream":
        # A live stream ends only by time: shortened, it is read to its end like a download below.
        with patch.object(live, "STREAM_SECONDS", 0.05):
            response.getvalue()
    elif isinstance(response, StreamingHttpResponse):
        # Read a download to its end: the test client then closes the file without also closing the
        # database connection (which PostgreSQL would need for the rest of the test).
        response.getvalue()
    return response
