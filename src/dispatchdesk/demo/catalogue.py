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


@dataclass(frozen=True, slots=True)
class RegionSpec:
    name: str
    time_zone: str


# The customers are German companies; the desk follows the sun from three hubs: Germany (the
# customers' own regions), Toronto and Kuala Lumpur, whose days are Germany's evening and night.
REGIONS = {
    "berlin": RegionSpec("Berlin", TIME_ZONE),
    "munich": RegionSpec("Munich", TIME_ZONE),
    "hamburg": RegionSpec("Hamburg", TIME_ZONE),
    "toronto": RegionSpec("Toronto", "America/Toronto"),
    "kuala-lumpur": RegionSpec("Kuala Lumpur", "Asia/Kuala_Lumpur"),
}


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

# Weekly shift patterns: (weekdays, start, end) in the agent's region's time zone. Each hub works its
# own daytime; together they cover every hour of the week (tests/demo/test_desk_health.py checks it).
ShiftPattern = tuple[tuple[int, ...], time, time]
WEEKDAYS = (0, 1, 2, 3, 4)
WEEKEND = (5, 6)
SHIFT_PATTERNS: dict[str, tuple[ShiftPattern, ...]] = {
    "06-14": ((WEEKDAYS, time(6), time(14)),),
    "07-15": ((WEEKDAYS, time(7), time(15)),),
    "08-16": ((WEEKDAYS, time(8), time(16)),),
    "09-17": ((WEEKDAYS, time(9), time(17)),),
    "12-20": ((WEEKDAYS, time(12), time(20)),),
    "part-time afternoons": (((1, 2, 3, 4), time(13), time(18)),),
    # Part-time weekend staff, one generalist and one L2 engineer per hub: thinner, but urgent
    # work is taken at any hour of Saturday and Sunday too.
    "weekend 06-16": ((WEEKEND, time(6), time(16)),),
    "weekend 08-18": ((WEEKEND, time(8), time(18)),),
    "weekend 12-22": ((WEEKEND, time(12), time(22)),),
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
ON, AWAY = Presence.ONLINE, Presence.AWAY
L1, L2 = Tier.L1, Tier.L2
NET, SW, BILL, ESC = "network", "software", "billing", "escalations"
# The skills a generalist needs for every category of the first-line groups, and an L2 engineer's.
ALL_ROUND = "network:3 vpn:3 wifi:3 hardware:3 software:3 email:3 crm:2 billing:3 invoices:3 refunds:3"
ENGINEER = "security:4 network:4 vpn:4 wifi:3 hardware:3 software:4 email:4 crm:3"
# Leads are dispatchers with an agent profile: they take tickets and may hand them to others. Agents
# are online in the demo and do not work overtime (decision 0017): who takes work is what the shifts say.
ROSTER = (
    # Germany: the daytime hub, where most tickets arrive.
    AgentSpec("jonas", "Jonas Weber", D, "berlin", ("de", "en"), L1, (NET,), "network:5 vpn:4 wifi:3 hardware:2", 4, "09-17", ON),
    AgentSpec("lena", "Lena Hoffmann", A, "berlin", ("de", "en"), L1, (NET,), "network:4 vpn:5 wifi:3 hardware:2", 6, "07-15", ON),
    AgentSpec("mike", "Mike O'Brien", A, "hamburg", ("en",), L1, (NET,), "network:3 wifi:4 hardware:5", 5, "12-20", AWAY),
    AgentSpec("aylin", "Aylin Demir", A, "munich", ("de", "en"), L1, (NET, SW), "hardware:4 wifi:2 network:3 vpn:2 software:3 email:3", 7, "07-15", ON),
    AgentSpec("sarah", "Sarah Klein", D, "munich", ("de", "en"), L1, (SW,), "software:5 email:4 crm:4", 4, "09-17", ON),
    AgentSpec("tim", "Tim Becker", A, "hamburg", ("de",), L1, (SW,), "software:3 email:5 crm:2", 8, "07-15", ON),
    AgentSpec("emma", "Emma Clarke", A, "berlin", ("en",), L1, (SW, BILL), "crm:5 software:2 email:2 billing:2 invoices:2 refunds:2", 6, "12-20", ON),
    AgentSpec("petra", "Petra Schulz", D, "hamburg", ("de", "en"), L1, (BILL,), "billing:5 invoices:5 refunds:4", 4, "09-17", ON),
    AgentSpec("lukas", "Lukas Wolf", A, "munich", ("de", "en"), L1, (BILL,), "billing:3 invoices:4 refunds:3", 7, "07-15", ON),
    AgentSpec("grace", "Grace Taylor", A, "berlin", ("en",), L1, (BILL,), "billing:4 invoices:3 refunds:5", 6, "part-time afternoons", ON),
    AgentSpec("stefan", "Stefan Braun", D, "berlin", ("de", "en"), L2, (ESC,), "security:5 network:5 software:4 vpn:4", 5, "09-17", ON),
    AgentSpec("nina", "Nina Fischer", A, "munich", ("de", "en"), L2, (ESC, NET), "security:4 network:4 software:5 email:4 vpn:3 wifi:3", 6, "12-20", ON),
    AgentSpec("jana", "Jana Roth", A, "hamburg", ("de", "en"), L1, (NET, SW, BILL), ALL_ROUND, 5, "weekend 08-18", ON),
    AgentSpec("tobias", "Tobias Lang", A, "berlin", ("de", "en"), L2, (ESC, NET, SW), ENGINEER, 4, "weekend 08-18", ON),
    # Toronto: Germany's late afternoon and evening.
    AgentSpec("hannah", "Hannah Schneider", A, "toronto", ("de", "en"), L1, (NET, SW), "network:4 vpn:3 wifi:3 hardware:3 software:4 email:3 crm:3", 6, "08-16", ON),
    AgentSpec("marc", "Marc Tremblay", D, "toronto", ("en", "de"), L1, (SW, BILL), "software:4 email:3 crm:4 billing:4 invoices:4 refunds:3", 5, "08-16", ON),
    AgentSpec("sofia", "Sofia Richter", A, "toronto", ("de", "en"), L1, (NET, SW, BILL), ALL_ROUND, 6, "12-20", ON),
    AgentSpec("priya", "Priya Nair", A, "toronto", ("en", "de"), L1, (NET, SW, BILL), ALL_ROUND, 6, "12-20", ON),
    AgentSpec("kevin", "Kevin Walsh", A, "toronto", ("en", "de"), L2, (ESC, NET, SW), ENGINEER, 5, "12-20", ON),
    AgentSpec("chloe", "Chloe Bouchard", A, "toronto", ("en", "de"), L1, (NET, SW, BILL), ALL_ROUND, 5, "weekend 12-22", ON),
    AgentSpec("ryan", "Ryan Keller", A, "toronto", ("de", "en"), L2, (ESC, NET, SW), ENGINEER, 4, "weekend 12-22", ON),
    # Kuala Lumpur: Germany's night and early morning.
    AgentSpec("meilin", "Mei Lin Tan", A, "kuala-lumpur", ("en", "de"), L1, (NET, SW, BILL), ALL_ROUND, 6, "06-14", ON),
    AgentSpec("arjun", "Arjun Pillai", A, "kuala-lumpur", ("en", "de"), L1, (NET, SW, BILL), ALL_ROUND, 6, "07-15", ON),
    AgentSpec("nurul", "Nurul Aziz", A, "kuala-lumpur", ("en", "de"), L1, (SW, BILL), "software:3 email:4 crm:3 billing:4 invoices:4 refunds:3", 6, "08-16", ON),
    AgentSpec("jonathan", "Jonathan Lim", D, "kuala-lumpur", ("en", "de"), L2, (ESC, NET, SW), ENGINEER, 4, "08-16", ON),
    AgentSpec("kai", "Kai Wong", A, "kuala-lumpur", ("en", "de"), L1, (NET, SW, BILL), ALL_ROUND, 5, "weekend 06-16", ON),
    AgentSpec("felix", "Felix Brandt", A, "kuala-lumpur", ("de", "en"), L2, (ESC, NET, SW), ENGINEER, 4, "weekend 06-16", ON),
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
    DemoLogin(_("Administrator"), "admin", _("Settings: /manage/settings/, the rest: /admin/")),
    DemoLogin(_("Manager"), "manager", _("Agents, groups, rules, SLAs, macros: /manage/settings/")),
    DemoLogin(_("Dispatcher"), "dispatcher", _("Assign waiting tickets: /agent/tickets/")),
    DemoLogin(_("Lead, Network (automatic)"), "jonas", _("Hand Network work to his team")),
    DemoLogin(_("Agent, Network"), "lena", _("Her tickets: accept, reply, resolve")),
    DemoLogin(_("Agent, Billing (queue)"), "grace", _("Billing queue and her tickets")),
    DemoLogin(_("Agent, Escalations (L2)"), "nina", _("Escalated tickets and security cases")),
    DemoLogin(_("Customer, VIP organisation"), "carla", _("Her tickets in the portal: /portal/")),
    DemoLogin(_("Customer"), "tom", _("The portal in English: /portal/")),
)
