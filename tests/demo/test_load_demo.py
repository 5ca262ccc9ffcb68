"""The demo company: loaded through the real services, the same for the same seed, and only once."""

import io
from datetime import timedelta

import pytest
from django.contrib.auth import authenticate
from django.core.management import CommandError, call_command
from django.db.models import Count, Q
from django.test import RequestFactory
from django.utils import timezone

from dispatchdesk.accounts.models import AgentProfile, SkillGroup, User
from dispatchdesk.assets.models import Inspection, Schedule
from dispatchdesk.customers.models import Contact, CustomerTier, Organisation
from dispatchdesk.demo import assets
from dispatchdesk.demo.catalogue import DEMO_PASSWORD
from dispatchdesk.incidents.models import Incident
from dispatchdesk.knowledge.models import Article, ArticleVersion, SuggestionIndex
from dispatchdesk.knowledge.selectors import similar_tickets
from dispatchdesk.tickets.macros import unknown_placeholders
from dispatchdesk.tickets.models import ACTIVE_STATUSES, EventKind, Macro, Status, Ticket, TimelineEvent

SMALL = ("--tickets", "40", "--customers", "12")


def load_demo(*args: str) -> str:
    out = io.StringIO()
    call_command("load_demo", *SMALL, *args, stdout=out)
    return out.getvalue()


def ticket_facts() -> list[tuple[int, str, str, int, str, str]]:
    rows = Ticket.objects.order_by("number").values_list(
        "number", "subject", "status", "priority", "channel", "customer__email"
    )
    return list(rows)


@pytest.fixture
def small_demo(db: None) -> str:
    return load_demo("--seed", "3")


def test_the_demo_has_the_asked_size_and_the_fixed_cast(small_demo: str) -> None:
    # The 40 of history, and today's from the assets: the pump's inspection, the compressor's service.
    assert Ticket.objects.count() == 40 + assets.TICKETS
    assert Contact.objects.count() == 12
    assert AgentProfile.objects.count() == 27
    # Follow the sun: agents in Germany, the Americas and Asia-Pacific, on shifts in their own zones.
    zones = set(AgentProfile.objects.values_list("region__time_zone", flat=True))
    assert zones == {"Europe/Berlin", "America/Toronto", "Asia/Kuala_Lumpur"}
    assert Organisation.objects.count() == 10
    assert Organisation.objects.filter(tier=CustomerTier.VIP).count() == 2
    assert "Loaded the demo company with 40 tickets" in small_demo
    assert "The desk now: " in small_demo  # and how it stands (demo.health)
    assert "In time over the last 30 days: first responses " in small_demo


def test_the_pump_heating_up_has_its_inspection_with_the_chart_and_the_others_none(small_demo: str) -> None:
    inspection = Inspection.objects.select_related("asset", "ticket").get()
    assert inspection.asset.serial == "P200-0042"
    assert "Temperature reaches 90 °C in 3 days at the current trend" in inspection.ticket.description
    assert inspection.ticket.messages.get().attachments.get().filename == "P200-0042-temperature.png"
    [service] = Schedule.objects.exclude(last_ticket=None)
    assert service.asset.serial == "K7-0815"
    assert service.last_ticket is not None
    assert "Oil and filter change" in service.last_ticket.subject


def test_every_status_is_present_even_in_a_small_demo(small_demo: str) -> None:
    present = set(Ticket.objects.values_list("status", flat=True))

    assert present == set(Status.values)


def test_every_ticket_starts_with_its_created_event_in_the_past_month(small_demo: str) -> None:
    now = timezone.now()
    first_events = [ticket.timeline.order_by("created_at", "id").first() for ticket in Ticket.objects.all()]

    assert all(event is not None and event.kind == EventKind.CREATED for event in first_events)
    assert not TimelineEvent.objects.filter(created_at__gt=now).exists()
    assert not Ticket.objects.filter(created_at__lt=now - timedelta(days=31)).exists()


def test_each_group_dispatches_in_its_own_mode_and_has_a_lead(small_demo: str) -> None:
    groups = SkillGroup.objects.all()

    assert len({group.mode for group in groups}) == 4
    assert all(group.lead is not None for group in groups)
    assert groups.get(slug="escalations").tier == "L2"


def test_agents_have_shared_macros_in_both_languages(small_demo: str) -> None:
    macros = Macro.objects.all()

    assert {macro.language for macro in macros} == {"en", "de"}
    assert all(macro.owner is None and not unknown_placeholders(macro.body) for macro in macros)


def test_agent_loads_match_the_work_they_hold(small_demo: str) -> None:
    held = AgentProfile.objects.annotate(
        active=Count("user__assigned_tickets", filter=Q(user__assigned_tickets__status__in=ACTIVE_STATUSES))
    )

    assert [(profile.load, profile.active) for profile in held] == [
        (profile.active, profile.active) for profile in held
    ]
    assert all(profile.load <= profile.capacity for profile in held)


def test_only_resolved_work_is_rated(small_demo: str) -> None:
    rated = Ticket.objects.exclude(satisfaction=None)

    assert rated.exists()
    assert set(rated.values_list("status", flat=True)) <= {Status.RESOLVED, Status.CLOSED}
    assert TimelineEvent.objects.filter(kind=EventKind.RATING).count() == rated.count()


def test_demo_logins_use_the_printed_password_and_other_contacts_cannot_log_in(small_demo: str) -> None:
    passwordless = Contact.objects.exclude(user__username__in=["carla", "tom", "julia"]).first()
    assert passwordless is not None
    assert passwordless.user is not None

    sign_in = RequestFactory().post("/accounts/login/")  # the sign-in throttle needs the request
    assert authenticate(sign_in, username="admin", password=DEMO_PASSWORD) == User.objects.get(is_superuser=True)
    assert authenticate(sign_in, username="lena", password=DEMO_PASSWORD) is not None
    assert authenticate(sign_in, username="carla", password=DEMO_PASSWORD) is not None
    assert not passwordless.user.has_usable_password()
    assert DEMO_PASSWORD in small_demo


def test_the_same_seed_gives_the_same_tickets(small_demo: str) -> None:
    first = ticket_facts()

    load_demo("--seed", "3", "--force")

    assert ticket_facts() == first


def test_another_seed_gives_other_tickets(small_demo: str) -> None:
    first = ticket_facts()

    load_demo("--seed", "4", "--force")

    assert ticket_facts() != first


def test_loading_again_is_a_noted_no_op(small_demo: str) -> None:
    before = ticket_facts()

    output = load_demo("--seed", "5")

    assert "already loaded" in output
    assert ticket_facts() == before


def test_an_interrupted_load_is_replaced_by_a_complete_one(small_demo: str) -> None:
    User.objects.filter(username="admin").delete()  # the administrator is created last

    output = load_demo("--seed", "3")

    assert "Deleting the earlier demo data" in output
    assert Ticket.objects.count() == 40 + assets.TICKETS
    assert User.objects.filter(username="admin", is_superuser=True).exists()


def test_a_database_with_real_data_is_refused_even_with_force(root: User) -> None:
    with pytest.raises(CommandError, match="not the demo's"):
        load_demo("--force")

    assert list(User.objects.all()) == [root]
    assert not Ticket.objects.exists()


@pytest.mark.parametrize(
    ("option", "value", "message"), [("--tickets", "6", "one per status"), ("--customers", "2", "portal logins")]
)
def test_a_demo_too_small_to_show_everything_is_refused(db: None, option: str, value: str, message: str) -> None:
    with pytest.raises(CommandError, match=message):
        call_command("load_demo", *SMALL, option, value, stdout=io.StringIO())

    assert not User.objects.exists()
    assert not SkillGroup.objects.exists()


def test_a_too_small_reload_leaves_the_loaded_demo_alone(small_demo: str) -> None:
    before = ticket_facts()

    with pytest.raises(CommandError, match="one per status"):
        load_demo("--force", "--tickets", "3")

    assert ticket_facts() == before


def test_a_demo_with_2000_customers_finishes_with_a_unique_name_and_address_each(db: None) -> None:
    # The first and last names of the catalogue make about 760 people: past them, middle initials.
    call_command("load_demo", "--tickets", "10", "--customers", "2000", "--seed", "5", stdout=io.StringIO())

    contacts = list(Contact.objects.values_list("name", "email"))
    assert len(contacts) == 2000
    assert len({name for name, _email in contacts}) == 2000
    assert len({email for _name, email in contacts}) == 2000
    assert any(". " in name for name, _email in contacts)  # some needed an initial
    assert all(".." not in email and "@" in email for _name, email in contacts)


def test_the_demo_has_articles_in_both_languages_and_suggests_resolved_tickets(small_demo: str) -> None:
    admin = User.objects.get(username="admin")
    resolved = Ticket.objects.filter(resolved_at__isnull=False).order_by("number").first()
    assert resolved is not None

    assert Article.objects.filter(visibility="public").count() >= 4
    assert set(ArticleVersion.objects.values_list("language", flat=True)) == {"en", "de"}
    assert SuggestionIndex.objects.get().size == Ticket.objects.filter(resolved_at__isnull=False).count()
    assert similar_tickets(admin, resolved)  # the demo's topics repeat: every resolved ticket has a sibling


def test_the_demo_has_a_detected_incident_linking_its_burst(small_demo: str) -> None:
    incident = Incident.objects.get()

    assert incident.detected
    assert incident.links.count() >= 5
    assert not incident.is_open  # answered and resolved with its tickets by one reply
    assert {link.ticket.status for link in incident.links.all()} == {"resolved"}
