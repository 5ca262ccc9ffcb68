"""Load the demo company into an empty database, and tell demo data from an installation's own."""

import enum
import random
from collections.abc import Callable
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _

from dispatchdesk.accounts.models import AgentProfile, Region, Skill, SkillGroup, User
from dispatchdesk.assets.models import Asset
from dispatchdesk.common import clock, history
from dispatchdesk.common.errors import DomainError
from dispatchdesk.customers.models import Contact, CustomerTier, Organisation
from dispatchdesk.demo import catalogue
from dispatchdesk.demo.assets import assets_create
from dispatchdesk.demo.company import Company, admin_create, company_create
from dispatchdesk.demo.incident import BURST, incident_create
from dispatchdesk.demo.knowledge import knowledge_create
from dispatchdesk.demo.macros import macros_create
from dispatchdesk.demo.plan import TicketPlan, plans_draw
from dispatchdesk.demo.routing import routing_publish
from dispatchdesk.demo.schedule import Life, life_draw
from dispatchdesk.demo.service_levels import service_levels_create
from dispatchdesk.demo.steering import lives_steer
from dispatchdesk.demo.stories import story_write
from dispatchdesk.dispatch.models import RuleSetVersion
from dispatchdesk.dispatch.services.classify import classifier_predict_waiting, classifier_train
from dispatchdesk.incidents.models import Incident
from dispatchdesk.knowledge.models import Article, SuggestionIndex, SuggestionRead
from dispatchdesk.sla.config import service_levels
from dispatchdesk.sla.models import Calendar, EscalationRule, Policy
from dispatchdesk.sla.sweep import sla_sweep
from dispatchdesk.tickets.models import Category, Macro, NumberSequence, Status, Tag, Ticket

DEFAULT_SEED = 7
DEFAULT_TICKETS = 500
DEFAULT_CUSTOMERS = 60
# Staff and customers join well before the first ticket (30 days back).
JOINED_DAYS_AGO = 45
# A demo whose history ended longer ago than this has had its SLA clocks run on with nobody at work.
STALE_AFTER = timedelta(hours=12)

Progress = Callable[[int, int], None]


class DemoState(enum.Enum):
    EMPTY = "empty"
    LOADED = "loaded"
    PARTIAL = "partial"  # an earlier load stopped half-way: demo rows only, no administrator yet
    FOREIGN = "foreign"  # the database holds rows that are not the demo's: never touch them


def demo_state() -> DemoState:
    users, contacts, groups = User.objects.all(), Contact.objects.all(), SkillGroup.objects.all()
    if not (users.exists() or contacts.exists() or groups.exists()):
        return DemoState.EMPTY
    demo_groups = [spec.slug for spec in catalogue.GROUPS]
    if (
        users.exclude(email__iendswith=catalogue.DEMO_TLD).exists()
        or contacts.exclude(email__iendswith=catalogue.DEMO_TLD).exists()
        or groups.exclude(slug__in=demo_groups).exists()
    ):
        return DemoState.FOREIGN
    return DemoState.LOADED if users.filter(username="admin", is_superuser=True).exists() else DemoState.PARTIAL


def demo_history_end() -> datetime | None:
    """When the loaded demo's history ends (the moment it was loaded), or None without a complete demo."""
    admin = User.objects.filter(username="admin", is_superuser=True).first()
    return admin.date_joined + timedelta(days=JOINED_DAYS_AGO) if admin is not None else None


def demo_load(
    *,
    seed: int = DEFAULT_SEED,
    tickets: int = DEFAULT_TICKETS,
    customers: int = DEFAULT_CUSTOMERS,
    progress: Progress | None = None,
) -> None:
    """Create the company, then play each ticket's story through the services, one transaction each."""
    demo_require_size(tickets=tickets, customers=customers)
    if demo_state() != DemoState.EMPTY:
        raise DomainError(_("Demo data can only be loaded into an empty database."), code="database_not_empty")
    end = clock.now()
    joined = end - timedelta(days=JOINED_DAYS_AGO)
    with transaction.atomic(), clock.frozen_at(joined):
        company = company_create(rng=random.Random(f"dispatchdesk-demo:{seed}"), customers=customers, joined=joined)
        service_levels_create()
    draw = _life_drawer(company, end)
    # The live incident's burst (demo.incident) is part of the asked size, when the demo is large enough.
    burst = len(BURST) if tickets >= len(BURST) + 2 * len(Status) else 0
    lives = [draw(plan) for plan in plans_draw(seed=seed, count=tickets - burst, company=company, end=end)]
    lives_steer(lives, end=end, rng=random.Random(f"dispatchdesk-demo:{seed}:desk"), draw=draw)
    lives.sort(key=lambda life: (life.plan.created, life.plan.index))  # ticket numbers in order of arrival
    for done, life in enumerate(lives, start=1):
        with history.replaying():  # nobody is told today of last month's assignments; no timers set
            story_write(life, company, end).play()
        if progress is not None:
            progress(done, tickets - burst)
    routing_publish()  # for the tickets that come after the demo's history
    assets_create(company, end=end, seed=seed)  # after routing: its inspection ticket is routed as a live one
    with clock.frozen_at(end):
        sla_sweep()  # what the worker's sweep would find now: warnings and breaches, escalated
        classifier_train()  # learned from the month's resolved tickets, as the worker would each day
        classifier_predict_waiting()  # so the queue shows what it would have predicted
    admin = admin_create(company, joined=joined)
    macros_create(admin)
    if burst:
        incident_create(admin)
    knowledge_create(admin)  # last: its suggestion index holds every resolved ticket, the incident's too


def _life_drawer(company: Company, end: datetime) -> Callable[[TicketPlan], Life]:
    """Times a plan's story on the SLA policy its ticket will get (sla.config's choice)."""
    levels = service_levels()
    modes = {spec.slug: spec.mode for spec in catalogue.GROUPS}
    groups = {spec.slug: spec.group for spec in catalogue.CATEGORIES}

    def draw(plan: TicketPlan) -> Life:
        category = plan.topic.category
        tier = CustomerTier.VIP if plan.customer.vip else CustomerTier.STANDARD
        view = levels.policy_for(category_id=company.categories[category].pk, customer_tier=tier)
        if view is None:
            raise RuntimeError("The demo's service levels have no default policy.")
        return life_draw(plan, view, modes[groups[category]], end)

    return draw


@transaction.atomic
def demo_wipe() -> None:
    """Delete every demo row so the demo can load afresh; refuses if anything else is in the database."""
    if demo_state() == DemoState.FOREIGN:
        raise DomainError(
            _("The database holds data that is not the demo's; it is left untouched."), code="database_not_demo"
        )
    # Bulk deletes of a throw-away dataset, not domain writes: no service deletes tickets.
    Asset.objects.all().delete()  # first: its inspections hold on to their tickets
    Ticket.objects.all().delete()
    for kept in (Article, SuggestionIndex, SuggestionRead, Incident):
        kept.objects.all().delete()
    Contact.objects.all().delete()
    Organisation.objects.all().delete()
    AgentProfile.objects.all().delete()
    for model in (
        Macro,
        RuleSetVersion,
        EscalationRule,
        Policy,
        Calendar,
        SkillGroup,
        Skill,
        Region,
        Category,
        Tag,
        User,
    ):
        model.objects.all().delete()
    first: int = settings.DISPATCHDESK_FIRST_TICKET_NUMBER
    NumberSequence.objects.filter(name="ticket").update(next_value=first)


def demo_require_size(*, tickets: int, customers: int) -> None:
    """Refuse a demo too small to show every status and every portal login."""
    if tickets < len(Status):
        raise DomainError(
            _("The demo needs at least %(count)d tickets, one per status.") % {"count": len(Status)},
            code="too_few_tickets",
            status=422,
        )
    if customers < len(catalogue.CUSTOMER_LOGINS):
        raise DomainError(
            _("The demo needs at least %(count)d customers (the portal logins).")
            % {"count": len(catalogue.CUSTOMER_LOGINS)},
            code="too_few_customers",
            status=422,
        )
