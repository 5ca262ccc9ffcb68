"""The fixed cast of the demo company: skills, regions, groups, agents, organisations, logins.

People and structure are fixed so the printed login table always holds; the seed only varies
the customers' names and the tickets.
"""

from dataclasses import dataclass
from datetime import time

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from dispatchdesk.accounts.models import DispatchMode, Presence, Role, Tier
from dispatchdesk.customers.models import CustomerTier

# Every demo user and contact has an address under the reserved .example TLD (RFC 2606), which
# real data never uses; that is how the loader tells demo data from an installation's own.
DEMO_TLD = ".example"
STAFF_DOMAIN = "dispatchdesk.example"
DEMO_PASSWORD = "dispatchdesk"  # noqa: S105 - the published password of the demo logins
TIME_ZONE = "Europe/Berlin"

SKILLS = {
    "network": "Network",
    "vpn": "VPN",
    "wifi": "Wi-Fi",
    "hardware": "Devices & printers",
    "software": "Software",
    "email": "Email",
    "crm": "CRM",
    "billing": "Billing",
    "invoices": "Invoices",
    "refunds": "Refunds",
    "security": "Security",
}

REGIONS = {"berlin": "Berlin", "munich": "Munich", "hamburg": "Hamburg"}


@dataclass(frozen=True, slots=True)
class GroupSpec:
    slug: str
    name: str
    tier: str
    mode: str
    skills: tuple[str, ...]


GROUPS = (
    GroupSpec("network", "Network", Tier.L1, DispatchMode.AUTOMATIC, ("network", "vpn", "wifi", "hardware")),
    GroupSpec("software", "Software", Tier.L1, DispatchMode.REVIEW, ("software", "email", "crm")),
    GroupSpec("billing", "Billing", Tier.L1, DispatchMode.QUEUE, ("billing", "invoices", "refunds")),
    GroupSpec("escalations", "Escalations", Tier.L2, DispatchMode.HYBRID, ("security", "network", "software")),
)


@dataclass(frozen=True, slots=True)
class CategorySpec:
    slug: str
    name: str
    group: str
    skills: tuple[str, ...]
    tags: tuple[str, ...]


CATEGORIES = (
    CategorySpec("network", "Network & connectivity", "network", ("network",), ("network",)),
    CategorySpec("vpn", "VPN & remote access", "network", ("vpn",), ("vpn", "remote-work")),
    CategorySpec("wifi", "Wi-Fi", "network", ("wifi",), ("wifi",)),
    CategorySpec("hardware", "Devices & printers", "network", ("hardware",), ("hardware",)),
    CategorySpec("email", "Email & calendar", "software", ("email",), ("email",)),
    CategorySpec("software", "Software & licences", "software", ("software",), ("software",)),
    CategorySpec("crm", "CRM", "software", ("crm",), ("crm",)),
    CategorySpec("invoices", "Invoices", "billing", ("billing", "invoices"), ("invoice",)),
    CategorySpec("refunds", "Refunds & credits", "billing", ("billing", "refunds"), ("refund",)),
    CategorySpec("security", "Security", "escalations", ("security",), ("security",)),
)

# Words in a request that route it (English and German), per category: the demo's routing rules.
ROUTING_KEYWORDS = {
    "network": ("network", "netzwerk", "lan", "internet"),
    "vpn": ("vpn", "remote"),
    "wifi": ("wifi", "wi-fi", "wlan"),
    "hardware": ("printer", "drucker", "monitor", "monitore", "dockingstation", "laptop"),
    "email": ("email", "e-mail", "outlook", "calendar", "kalender"),
    "software": ("software", "licence", "license", "lizenz", "installation"),
    "crm": ("crm",),
    "invoices": ("invoice", "rechnung"),
    "refunds": ("refund", "gutschrift", "erstattung"),
    "security": ("phishing", "virus", "malware", "security", "sicherheit"),
}

# Weekly shift patterns: (weekdays, start, end) in the agent's region's time zone.
ShiftPattern = tuple[tuple[int, ...], time, time]
WEEKDAYS = (0, 1, 2, 3, 4)
SHIFT_PATTERNS: dict[str, tuple[ShiftPattern, ...]] = {
    "early": ((WEEKDAYS, time(7), time(15)),),
    "day": ((WEEKDAYS, time(9), time(17)),),
    "late": ((WEEKDAYS, time(12), time(20)),),
    "early+saturday": ((WEEKDAYS, time(7), time(15)), ((5,), time(9), time(14))),
    "part-time mornings": (((0, 1, 2, 3), time(8), time(12, 30)),),
    "part-time afternoons": (((1, 2, 3, 4), time(13), time(18)),),
}


@dataclass(frozen=True, slots=True)
class AgentSpec:
    username: str
    name: str
    role: str
    region: str
    languages: tuple[str, ...]
    tier: str
    groups: tuple[str, ...]
    skills: str  # "slug:level slug:level", levels 1 (novice) … 5 (expert)
    capacity: int
    shifts: str
    presence: str


A, D = Role.AGENT, Role.DISPATCHER
ON, AWAY, OFF = Presence.ONLINE, Presence.AWAY, Presence.OFFLINE
# Leads are dispatchers with an agent profile: they take tickets and may hand them to others.
ROSTER = (
    AgentSpec("jonas", "Jonas Weber", D, "berlin", ("de", "en"), Tier.L1, ("network",), "network:5 vpn:4 wifi:3 hardware:2", 4, "day", ON),
    AgentSpec("lena", "Lena Hoffmann", A, "berlin", ("de", "en"), Tier.L1, ("network",), "network:4 vpn:5 wifi:3", 6, "early", ON),
    AgentSpec("mike", "Mike O'Brien", A, "hamburg", ("en",), Tier.L1, ("network",), "network:3 wifi:4 hardware:5", 5, "late", ON),
    AgentSpec("aylin", "Aylin Demir", A, "munich", ("de", "en"), Tier.L1, ("network", "software"), "hardware:4 wifi:2 software:3 email:3", 7, "early+saturday", AWAY),
    AgentSpec("sarah", "Sarah Klein", D, "munich", ("de", "en"), Tier.L1, ("software",), "software:5 email:4 crm:4", 4, "day", ON),
    AgentSpec("tim", "Tim Becker", A, "hamburg", ("de",), Tier.L1, ("software",), "software:3 email:5 crm:2", 8, "early", ON),
    AgentSpec("emma", "Emma Clarke", A, "berlin", ("en",), Tier.L1, ("software", "billing"), "crm:5 software:2 email:2 billing:2", 6, "late", ON),
    AgentSpec("petra", "Petra Schulz", D, "hamburg", ("de", "en"), Tier.L1, ("billing",), "billing:5 invoices:5 refunds:4", 4, "day", ON),
    AgentSpec("lukas", "Lukas Wolf", A, "munich", ("de", "en"), Tier.L1, ("billing",), "billing:3 invoices:4 refunds:3", 7, "part-time mornings", OFF),
    AgentSpec("grace", "Grace Taylor", A, "berlin", ("en",), Tier.L1, ("billing",), "billing:4 invoices:3 refunds:5", 6, "part-time afternoons", ON),
    AgentSpec("stefan", "Stefan Braun", D, "berlin", ("de", "en"), Tier.L2, ("escalations",), "security:5 network:5 software:4 vpn:4", 5, "day", ON),
    AgentSpec("nina", "Nina Fischer", A, "munich", ("de", "en"), Tier.L2, ("escalations", "network"), "security:4 network:4 software:5 email:4", 6, "late", AWAY),
)  # fmt: skip

GROUP_LEADS = {"network": "jonas", "software": "sarah", "billing": "petra", "escalations": "stefan"}


@dataclass(frozen=True, slots=True)
class OrganisationSpec:
    name: str
    domain: str
    region: str
    tier: str
    language: str  # most of its people's language


V, S = CustomerTier.VIP, CustomerTier.STANDARD
ORGANISATIONS = (
    OrganisationSpec("Nordlicht Logistik GmbH", "nordlicht-logistik.example", "hamburg", S, "de"),
    OrganisationSpec("Alpenblick Hotels AG", "alpenblick-hotels.example", "munich", V, "de"),
    OrganisationSpec("Brightwater Consulting Ltd", "brightwater.example", "berlin", S, "en"),
    OrganisationSpec("Spree Media GmbH", "spree-media.example", "berlin", S, "de"),
    OrganisationSpec("Hanse Pharma KG", "hanse-pharma.example", "hamburg", V, "de"),
    OrganisationSpec("Isar Bau AG", "isar-bau.example", "munich", S, "de"),
    OrganisationSpec("Greenfield Analytics", "greenfield-analytics.example", "berlin", S, "en"),
    OrganisationSpec("Elbwerft Service GmbH", "elbwerft.example", "hamburg", S, "de"),
    OrganisationSpec("Kestrel Software Ltd", "kestrel-software.example", "munich", S, "en"),
    OrganisationSpec("Kiezküche Berlin", "kiezkueche.example", "berlin", S, "de"),
)


@dataclass(frozen=True, slots=True)
class CustomerLoginSpec:
    username: str
    name: str
    organisation: str
    language: str


# The contacts that may log in to the portal with the demo password.
CUSTOMER_LOGINS = (
    CustomerLoginSpec("carla", "Carla Neumann", "Alpenblick Hotels AG", "de"),
    CustomerLoginSpec("tom", "Tom Harris", "Brightwater Consulting Ltd", "en"),
    CustomerLoginSpec("julia", "Julia Krüger", "Nordlicht Logistik GmbH", "de"),
)

GERMAN_FIRST = (
    "Anna", "Ben", "Clara", "David", "Eva", "Felix", "Greta", "Hannah", "Jan", "Katharina", "Leon", "Marie",
    "Niklas", "Paul", "Sophie", "Thomas", "Ursula", "Vanessa", "Wolfgang", "Yvonne", "Markus", "Sabine",
)  # fmt: skip
GERMAN_LAST = (
    "Müller", "Schmidt", "Schneider", "Fischer", "Meyer", "Wagner", "Becker", "Schulz", "Koch", "Richter",
    "Bauer", "Klein", "Wolf", "Schröder", "Neumann", "Zimmermann", "Hartmann", "Lange", "Krause", "Vogel",
)  # fmt: skip
ENGLISH_FIRST = (
    "Alice", "Oliver", "Charlotte", "Harry", "Emily", "George", "Isla", "Jack", "Amelia", "Noah", "Ruby",
    "Samuel", "Chloe", "Daniel", "Grace", "James", "Lucy", "Ethan",
)  # fmt: skip
ENGLISH_LAST = (
    "Smith", "Jones", "Taylor", "Brown", "Williams", "Wilson", "Evans", "Thomas", "Roberts", "Walker",
    "Wright", "Robinson", "Thompson", "White", "Hughes", "Edwards", "Green", "Hall",
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class DemoLogin:
    role: Promise
    username: str
    try_this: Promise


DEMO_LOGINS = (
    DemoLogin(_("Administrator"), "admin", _("Skills, groups, agents and shifts: /admin/")),
    DemoLogin(_("Manager"), "manager", _("Every ticket: /agent/tickets/")),
    DemoLogin(_("Dispatcher"), "dispatcher", _("Assign waiting tickets: /agent/tickets/")),
    DemoLogin(_("Lead, Network (automatic)"), "jonas", _("Hand Network work to his team")),
    DemoLogin(_("Agent, Network"), "lena", _("Her tickets: accept, reply, resolve")),
    DemoLogin(_("Agent, Billing (queue)"), "grace", _("Billing queue and her tickets")),
    DemoLogin(_("Agent, Escalations (L2)"), "nina", _("Escalated tickets and security cases")),
    DemoLogin(_("Customer, VIP organisation"), "carla", _("Her tickets in the portal: /portal/")),
    DemoLogin(_("Customer"), "tom", _("The portal in English: /portal/")),
)
