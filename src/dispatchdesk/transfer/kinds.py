"""The record types of a desk export (docs/export-format.md), in the order a file holds them:
configuration, then the tickets, then what refers to tickets, the number counter last. Each type
refers only to types before it (a ticket may refer to a later ticket: a merge into a newer one)."""

from dataclasses import dataclass

from django.db.models import Model

from dispatchdesk.accounts.models import AgentProfile, AgentSkill, Region, Shift, Skill, SkillGroup, User
from dispatchdesk.assets.models import Asset, Inspection, Reading, Schedule, Watch
from dispatchdesk.customers.models import Contact, Organisation, PortalSettings
from dispatchdesk.dispatch.models import ClassifierSettings, DispatchSettings, PolicyChange, RuleSetVersion
from dispatchdesk.incidents.models import Incident, IncidentTicket
from dispatchdesk.knowledge.models import Article, ArticleFile, ArticleVersion, SuggestionRead, TicketArticle
from dispatchdesk.sla.models import (
    Calendar,
    CalendarException,
    EscalationRule,
    OpeningHours,
    Policy,
    Target,
)
from dispatchdesk.tickets.models import Category, Macro, NumberSequence, Tag, WipLimit

FORMAT = "dispatchdesk-desk"
VERSION = 1


@dataclass(frozen=True)
class Kind:
    """One record type: a model written row by row with its primary key, in key order."""

    name: str
    model: type[Model]
    many: tuple[str, ...] = ()  # many-to-many fields, written as lists of keys
    exclude: frozenset[str] = frozenset()  # columns not carried (secrets, per-database values)
    upsert: bool = False  # a row the database is created with (migrations): overwritten, not added
    html: tuple[str, ...] = ()  # columns of sanitised HTML: sanitised again on import, as typed text is


CONFIGURATION = (
    # Users carry their password hash, so people sign in on the new desk as before; Django's
    # permission groups are per database and unused by the desk's roles.
    Kind("user", User),
    Kind("skill", Skill),
    Kind("region", Region),
    Kind("group", SkillGroup, many=("skills",)),
    Kind("wip_limit", WipLimit),
    Kind("agent", AgentProfile, many=("groups",)),
    Kind("agent_skill", AgentSkill),
    Kind("shift", Shift),
    Kind("organisation", Organisation),
    Kind("contact", Contact),
    Kind("category", Category),
    Kind("tag", Tag),
    Kind("macro", Macro),
    Kind("calendar", Calendar),
    Kind("opening_hours", OpeningHours),
    Kind("calendar_exception", CalendarException),
    Kind("sla_policy", Policy),
    Kind("sla_target", Target),
    Kind("escalation_rule", EscalationRule),
    Kind("dispatch_settings", DispatchSettings, upsert=True),
    Kind("routing_rules", RuleSetVersion),
    Kind("policy_change", PolicyChange),
    Kind("portal_settings", PortalSettings, upsert=True),
    Kind("classifier_settings", ClassifierSettings, upsert=True),
)
TICKET = "ticket"
# What refers to tickets (an article made from one, links from tickets), so it follows them.
AFTER_TICKETS = (
    Kind("article", Article),
    Kind("article_version", ArticleVersion, html=("body",)),
    # Metadata and the stored name under the media directory; the bytes travel with it, as attachments'.
    Kind("article_file", ArticleFile),
    Kind("ticket_article", TicketArticle),
    # The help centre's deflection record: the knowledge page's share of visits that sent no request.
    Kind("suggestion_read", SuggestionRead),
    Kind("incident", Incident),
    Kind("incident_ticket", IncidentTicket),
    # Customers' machines (A3): the assets, the limits watched, their readings; inspections and schedules name tickets.
    Kind("asset", Asset),
    Kind("asset_watch", Watch),
    Kind("asset_reading", Reading),
    Kind("asset_inspection", Inspection),
    Kind("asset_schedule", Schedule),
)
SEQUENCE = Kind("number_sequence", NumberSequence, upsert=True)
KINDS = {kind.name: kind for kind in (*CONFIGURATION, *AFTER_TICKETS, SEQUENCE)}
# A ticket's own rows, written inside its record (docs/export-format.md, "A ticket").
NESTED_IN_TICKET = frozenset(
    {"tickets.Ticket", "tickets.Message", "tickets.Attachment", "tickets.TimelineEvent", "tickets.Rating"}
    | {"sla.TicketSla", "sla.WaitPromise"}
)
# Every other model of the desk, and why an export leaves it out (decision 0043); a backup keeps them.
NOT_CARRIED = {
    "common.LiveEvent": "live-update relay rows, kept ten minutes",
    "accounts.RosterRevision": "a per-database change marker, made by a migration",
    "accounts.ApiToken": "secrets: a moved desk gets new tokens",
    "dispatch.DispatchDecision": "the engine's decision log, evidence of that installation",
    "intake.Mailbox": "channel configuration, with credentials named by this server's environment",
    "intake.InboundEmail": "raw emails as received, kept by the installation that received them",
    "intake.AlertSource": "channel configuration, with tokens in this server's environment",
    "intake.Alert": "what an alert source sent, tied to its configuration",
    "intake.AlertRejection": "unreadable payloads kept for a person to look at",
    "intake.CallSource": "channel configuration, with secrets in this server's environment",
    "intake.Call": "what a telephony source reported, tied to its configuration",
    "intake.ChatWidget": "channel configuration, tied to the websites that embed its key",
    "intake.ChatSession": "visitors' chat sessions and their token digests",
    "notifications.Notification": "in-app notifications: working state",
    "notifications.OutboundEmail": "the outbox: working state",
    "integrations.WebhookSubscription": "outbound webhooks with their signing secrets",
    "integrations.WebhookDelivery": "webhook delivery attempts: working state",
    "workstation.SavedView": "people's saved inbox views",
    "reports.TicketFigures": "rebuilt from the tickets by the import (figures_rebuild)",
    "reports.WorkAction": "rebuilt from the timeline by the import (work_rebuild)",
    "reports.MemberHour": "rebuilt from the timeline by the import (work_rebuild)",
    "reports.TaggedTicket": "rebuilt from the tickets by the import (figures_rebuild)",
    "tickets.TicketSearch": "the search index, filled by the database's triggers as the tickets arrive",
    "dispatch.ClassifierVersion": "models trained on that installation's history: train again after the import",
    "dispatch.TicketPrediction": "what that installation's classifier predicted, evidence like its decision log",
    "knowledge.SuggestionIndex": "built from the resolved tickets: the import builds it again (suggestion_index_rebuild)",
}
