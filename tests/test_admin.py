"""The admin: configuration is edited there; tickets and their history are only looked at."""

import pytest
from django.contrib import admin
from django.db.models import Model
from django.test import Client
from django.urls import reverse

from dispatchdesk.accounts.models import AgentProfile, ApiToken, DispatchPolicy, Region, Role, Skill, SkillGroup, User
from dispatchdesk.customers.models import Contact, Organisation
from dispatchdesk.dispatch.models import PolicyChange
from dispatchdesk.notifications.models import Notification, OutboundEmail
from dispatchdesk.sla.models import Calendar, EscalationRule, Policy, TicketSla
from dispatchdesk.tickets.models import Attachment, Category, Message, Tag, Ticket, TimelineEvent
from tests.conftest import PASSWORD, login

CONFIGURATION = [
    *(User, Skill, Region, SkillGroup, AgentProfile, Organisation, Contact, Category, Tag),
    *(Calendar, Policy, EscalationRule),
]
HISTORY = [Ticket, TimelineEvent, Message, Attachment, TicketSla, Notification, OutboundEmail]


def admin_url(model: type[Model], view: str, *args: object) -> str:
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


def our_models() -> list[type[Model]]:
    return [model for model in admin.site._registry if model.__module__.startswith("dispatchdesk.")]


def test_every_model_of_ours_is_in_the_admin() -> None:
    registered = set(our_models())

    assert {*CONFIGURATION, *HISTORY, ApiToken} <= registered


@pytest.mark.usefixtures("carols_ticket", "alice")
def test_the_administrator_can_open_every_list(client: Client, root: User) -> None:
    login(client, root)

    statuses = {model.__name__: client.get(admin_url(model, "changelist")).status_code for model in our_models()}

    assert set(statuses.values()) == {200}, statuses


@pytest.mark.parametrize("model", CONFIGURATION, ids=lambda model: model.__name__)
def test_the_administrator_can_open_the_add_page_of_configuration(client: Client, root: User, model: type) -> None:
    login(client, root)

    assert client.get(admin_url(model, "add")).status_code == 200


@pytest.mark.usefixtures("carols_ticket")
@pytest.mark.parametrize("query", ["VPN", "10001", "carol@customer.example"])
def test_ticket_search_accepts_words_and_numbers(client: Client, root: User, query: str) -> None:
    login(client, root)

    response = client.get(admin_url(Ticket, "changelist"), {"q": query})

    assert response.status_code == 200
    assert "VPN drops every hour" in response.content.decode()


@pytest.mark.parametrize("model", HISTORY, ids=lambda model: model.__name__)
def test_nobody_adds_history_in_the_admin(client: Client, root: User, model: type) -> None:
    login(client, root)

    assert client.get(admin_url(model, "add")).status_code == 403


def test_a_ticket_can_be_viewed_but_not_changed_or_deleted(client: Client, root: User, carols_ticket: Ticket) -> None:
    login(client, root)
    change = admin_url(Ticket, "change", carols_ticket.pk)

    page = client.get(change)
    edit = client.post(change, {"subject": "Hijacked", "status": "closed", "priority": 1})
    delete = client.post(admin_url(Ticket, "delete", carols_ticket.pk), {"post": "yes"})

    assert page.status_code == 200
    assert 'name="_save"' not in page.content.decode()
    assert (edit.status_code, delete.status_code) == (403, 403)
    carols_ticket.refresh_from_db()
    assert (carols_ticket.subject, carols_ticket.status) == ("VPN drops every hour", "new")


def test_the_ticket_list_offers_no_bulk_delete(client: Client, root: User, carols_ticket: Ticket) -> None:
    login(client, root)

    response = client.post(
        admin_url(Ticket, "changelist"), {"action": "delete_selected", "_selected_action": [carols_ticket.pk]}
    )

    assert Ticket.objects.filter(pk=carols_ticket.pk).exists()
    assert b"delete_selected" not in client.get(admin_url(Ticket, "changelist")).content
    assert response.status_code in (200, 302)


def test_api_tokens_are_not_made_in_the_admin_and_their_digest_is_read_only(client: Client, root: User) -> None:
    token = ApiToken.objects.create(user=root, name="CRM sync", prefix="dd_abcde", digest="f" * 64)
    login(client, root)

    add = client.get(admin_url(ApiToken, "add"))
    client.post(admin_url(ApiToken, "change", token.pk), {"name": "Renamed", "digest": "0" * 64, "prefix": "x"})

    token.refresh_from_db()
    assert add.status_code == 403
    assert (token.name, token.digest, token.prefix) == ("Renamed", "f" * 64, "dd_abcde")


def test_an_administrator_creates_a_user_with_a_role(client: Client, root: User) -> None:
    login(client, root)

    response = client.post(
        admin_url(User, "add"),
        {
            "username": "frank",
            "usable_password": "true",
            "password1": PASSWORD,
            "password2": PASSWORD,
            "role": Role.DISPATCHER,
            "email": "frank@example.com",
            "first_name": "Frank",
            "last_name": "Lead",
        },
    )

    assert response.status_code == 302
    assert User.objects.get(username="frank").role == Role.DISPATCHER


def test_editing_a_contact_in_the_admin_moves_its_updated_time(client: Client, root: User, carol: User) -> None:
    contact: Contact = carol.contact
    before = contact.updated_at
    login(client, root)

    response = client.post(
        admin_url(Contact, "change", contact.pk),
        {"name": "Carol C. Customer", "email": contact.email, "phone": "", "tier": "standard", "language": "en",
         "user": carol.pk, "external_id": ""},
    )  # fmt: skip

    contact.refresh_from_db()
    assert response.status_code == 302
    assert contact.name == "Carol C. Customer"
    assert contact.updated_at > before


def test_an_agent_who_is_not_staff_cannot_open_the_admin(client: Client, alice: User) -> None:
    login(client, alice)

    response = client.get("/admin/")

    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


def test_an_agent_cannot_open_a_ticket_in_the_admin(client: Client, alice: User, carols_ticket: Ticket) -> None:
    login(client, alice)

    response = client.get(admin_url(Ticket, "change", carols_ticket.pk))

    assert response.status_code == 302
    assert "VPN drops" not in response.content.decode()


def test_a_policy_switched_in_the_admin_goes_through_the_service_on_record(
    client: Client, root: User, network: SkillGroup
) -> None:
    login(client, root)

    response = client.post(
        admin_url(PolicyChange, "add"), {"group": network.pk, "policy": DispatchPolicy.SLA_BATCH, "comment": "trial"}
    )

    assert response.status_code == 302
    network.refresh_from_db()
    assert network.policy == DispatchPolicy.SLA_BATCH
    change = PolicyChange.objects.get()
    assert (change.actor, change.previous, change.comment) == (root, DispatchPolicy.PRIORITY_DEADLINE, "trial")


def test_a_groups_policy_is_not_edited_around_the_record(client: Client, root: User, network: SkillGroup) -> None:
    login(client, root)

    page = client.get(admin_url(SkillGroup, "change", network.pk)).content.decode()

    assert 'name="policy"' not in page
