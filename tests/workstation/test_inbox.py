"""The inbox: built-in views with counts, combinable filters in the URL, saved views (personal, shared, void)."""

from datetime import timedelta
from typing import Any

import pytest
import time_machine
from django.test import Client

from dispatchdesk.accounts.models import SkillGroup, User
from dispatchdesk.common import clock
from dispatchdesk.common.errors import DomainError
from dispatchdesk.tickets.models import Channel, Priority, Status, Tag, Ticket
from dispatchdesk.tickets.services import ticket_assign
from dispatchdesk.workstation.models import SavedView
from dispatchdesk.workstation.saved_views import saved_view_delete, saved_view_save
from dispatchdesk.workstation.views_lists import view_counts
from tests.conftest import login
from tests.factories import ContactFactory, TicketFactory

INBOX = "/agent/inbox/"


def numbers(response: Any) -> list[int]:
    return [ticket.number for ticket in response.context["page"]]


@pytest.fixture
def desk(network: SkillGroup, software: SkillGroup) -> dict[str, Ticket]:
    vip = Tag.objects.create(name="vip")
    tickets: dict[str, Ticket] = {
        "urgent_email": TicketFactory(group=network, priority=Priority.URGENT, channel=Channel.EMAIL),
        "normal_phone": TicketFactory(group=network, priority=Priority.NORMAL, channel=Channel.PHONE),
        "low_email_vip": TicketFactory(group=network, priority=Priority.LOW, channel=Channel.EMAIL),
        "software": TicketFactory(group=software, priority=Priority.HIGH, channel=Channel.EMAIL),
    }
    tickets["low_email_vip"].tags.add(vip)
    return tickets


def test_filters_combine_and_live_in_the_url(client: Client, bob: User, desk: dict[str, Ticket]) -> None:
    response = login(client, bob).get(INBOX, {"channel": "email", "tag": "vip"})

    assert numbers(response) == [desk["low_email_vip"].number]
    assert login(client, bob).get(INBOX, {"channel": "email"}).context["page"].paginator.count == 3


def test_filters_by_customer_organisation_and_category(client: Client, bob: User, desk: dict[str, Ticket]) -> None:
    customer = desk["normal_phone"].customer

    by_customer = login(client, bob).get(INBOX, {"customer": customer.pk})
    by_organisation = client.get(INBOX, {"organisation": str(customer.organisation_id)})

    assert numbers(by_customer) == numbers(by_organisation) == [desk["normal_phone"].number]
    assert f"Customer: {customer.name}" in by_customer.text  # a chip to take the filter off


def test_created_and_updated_day_ranges_include_both_ends(client: Client, bob: User, network: SkillGroup) -> None:
    today = clock.now()
    old = TicketFactory(group=network)
    Ticket.objects.filter(pk=old.pk).update(created_at=today - timedelta(days=10), updated_at=today - timedelta(days=9))
    new = TicketFactory(group=network)
    # Whole days in the desk's time zone (Europe/Berlin), as the filters take them: not UTC's date.
    day = (today - timedelta(days=10)).astimezone(clock.desk_zone()).date().isoformat()
    yesterday = (today - timedelta(days=1)).astimezone(clock.desk_zone()).date().isoformat()

    created = login(client, bob).get(INBOX, {"created_from": day, "created_to": day})
    updated_recently = client.get(INBOX, {"updated_from": yesterday})

    assert numbers(created) == [old.number]
    assert numbers(updated_recently) == [new.number]


def test_an_agent_sees_only_her_groups_tickets_whatever_the_filters(
    client: Client, alice: User, desk: dict[str, Ticket]
) -> None:
    response = login(client, alice).get(INBOX, {"channel": "email"})

    assert desk["software"].number not in numbers(response)
    assert len(numbers(response)) == 2


def test_my_tickets_are_ordered_by_priority_then_next_deadline(client: Client, bob: User, network: SkillGroup) -> None:
    low = TicketFactory(group=network, priority=Priority.LOW)
    high = TicketFactory(group=network, priority=Priority.HIGH)
    for ticket in (low, high):
        ticket_assign(ticket_id=ticket.pk, agent_id=bob.pk, actor=bob)

    response = login(client, bob).get(INBOX, {"view": "mine"})

    assert numbers(response) == [high.number, low.number]
    assert response.context["chosen"].label == "My tickets"


def test_each_builtin_view_has_its_count(alice: User, bob: User, network: SkillGroup, desk: dict[str, Ticket]) -> None:
    ticket_assign(ticket_id=desk["normal_phone"].pk, agent_id=alice.pk, actor=bob)
    waiting = TicketFactory(group=network, status=Status.AWAITING_CUSTOMER, assignee=alice)

    counts = {view.key: view.count for view in view_counts(alice)}

    assert counts["mine"] == 2  # the assigned one and the one waiting on its customer
    assert counts["queue"] == 2  # Network's queued tickets; Software's is not her group's
    assert counts["unassigned"] == 2
    assert counts["waiting"] == 1
    assert waiting.status == Status.AWAITING_CUSTOMER
    assert counts["at_risk"] == 0


def test_the_counts_fragment_lists_builtin_then_saved_views(client: Client, bob: User, desk: dict[str, Ticket]) -> None:
    saved_view_save(actor=bob, name="Email", params={"channel": ["email"]}, shared=False)

    response = login(client, bob).get("/agent/inbox/counts/")

    assert response.status_code == 200
    assert response.text.index("My tickets") < response.text.index("At risk")
    assert response.text.index("At risk") < response.text.index("Email")
    assert '<span class="badge rounded-pill text-bg-secondary view-count">3</span>' in response.text


def test_the_rows_fragment_renders_only_the_list(client: Client, bob: User, desk: dict[str, Ticket]) -> None:
    response = login(client, bob).get("/agent/inbox/rows/", {"channel": "phone"})

    assert response.text.lstrip().startswith('<div id="inbox-results"')
    assert "<html" not in response.text
    assert f"#{desk['normal_phone'].number}<" in response.text
    assert f"#{desk['urgent_email'].number}<" not in response.text


def test_a_list_page_takes_a_fixed_number_of_queries(
    client: Client, bob: User, network: SkillGroup, django_assert_max_num_queries: Any
) -> None:
    for _ in range(30):
        TicketFactory(group=network).tags.add(Tag.objects.get_or_create(name="vip")[0])
    login(client, bob)

    with django_assert_max_num_queries(20):
        client.get(INBOX, {"per": 100})


# --- saved views -----------------------------------------------------------------------------


def test_saving_a_view_keeps_the_filters_and_opens_it(client: Client, alice: User, desk: dict[str, Ticket]) -> None:
    response = login(client, alice).post("/agent/inbox/views/", {"name": "Email", "query": "channel=email&page=3"})

    view = SavedView.objects.get(owner=alice)
    assert view.params == {"channel": ["email"]}  # the page is not a filter
    assert response["Location"] == f"/agent/inbox/?view={view.pk}"
    assert len(numbers(client.get(response["Location"]))) == 2


def test_an_agent_may_not_share_a_view(client: Client, alice: User, desk: dict[str, Ticket]) -> None:
    response = login(client, alice).post(
        "/agent/inbox/views/", {"name": "Email", "query": "channel=email", "shared": "on"}
    )

    assert response.status_code == 200
    assert "Only dispatchers and managers may share views" in response.text
    assert 'value="Email"' in response.text  # what she typed is kept
    assert not SavedView.objects.exists()


def test_a_shared_view_is_seen_by_every_agent_but_only_its_owner_sees_a_personal_one(
    alice: User, bob: User, mallory: User
) -> None:
    shared = saved_view_save(actor=bob, name="Urgent", params={"priority": ["1"]}, shared=True)
    saved_view_save(actor=bob, name="Mine only", params={"priority": ["2"]}, shared=False)

    assert [v.label for v in view_counts(alice) if v.saved] == ["Urgent"]
    with pytest.raises(DomainError, match="share"):
        saved_view_delete(actor=alice, view_id=shared.pk)
    assert SavedView.objects.filter(pk=shared.pk).exists()


def test_a_view_without_a_name_or_filters_is_refused(alice: User) -> None:
    with pytest.raises(DomainError, match="name"):
        saved_view_save(actor=alice, name="  ", params={"channel": ["email"]}, shared=False)
    with pytest.raises(DomainError, match="at least one filter"):
        saved_view_save(actor=alice, name="All", params={"page": ["2"]}, shared=False)

    assert not SavedView.objects.exists()


@pytest.mark.parametrize(
    "void",
    [
        ("group", "999999", "Group no longer exists — filter ignored."),
        ("tag", "gone", "Tag no longer exists — filter ignored."),
        ("assignee", "999999", "Assignee no longer exists — filter ignored."),
        ("category", "999999", "Category no longer exists — filter ignored."),
    ],
)
def test_a_view_naming_something_deleted_opens_with_that_filter_void(
    client: Client, bob: User, desk: dict[str, Ticket], void: tuple[str, str, str]
) -> None:
    name, value, message = void
    view = SavedView.objects.create(owner=bob, name="Old", params={name: [value], "channel": ["email"]})

    response = login(client, bob).get(INBOX, {"view": view.pk})

    assert response.status_code == 200
    assert message in response.text
    assert len(numbers(response)) == 3  # the void filter is ignored, the channel still applies
    assert dict(view_counts_by_label(bob))["Old"] == 3


def view_counts_by_label(user: User) -> list[tuple[str, int]]:
    return [(view.label, view.count) for view in view_counts(user)]


def test_a_view_whose_group_is_deleted_later_still_opens(client: Client, bob: User, network: SkillGroup) -> None:
    doomed = SkillGroup.objects.create(slug="doomed", name="Doomed")
    TicketFactory(group=network)
    view = saved_view_save(actor=bob, name="Doomed", params={"group": [str(doomed.pk)]}, shared=False)
    doomed.delete()

    response = login(client, bob).get(INBOX, {"view": view.pk})

    assert "Group no longer exists — filter ignored." in response.text
    assert len(numbers(response)) == 1


def test_someone_elses_personal_view_is_not_found(client: Client, alice: User, bob: User) -> None:
    view = saved_view_save(actor=bob, name="Mine", params={"priority": ["1"]}, shared=False)

    assert login(client, alice).get(INBOX, {"view": view.pk}).status_code == 404
    assert client.post(f"/agent/inbox/views/{view.pk}/delete/").status_code == 404
    assert SavedView.objects.filter(pk=view.pk).exists()


def test_a_huge_list_is_counted_up_to_a_cap(client: Client, bob: User, network: SkillGroup, settings: Any) -> None:
    contact = ContactFactory()
    Ticket.objects.bulk_create(
        [
            Ticket(number=500000 + n, access_key=f"k{n}", subject="Bulk", customer=contact, group=network)
            for n in range(1002)
        ]
    )

    response = login(client, bob).get(INBOX)

    assert "More than 1000 tickets" in response.text


def test_a_bad_date_is_shown_as_an_error_and_the_rest_still_filters(
    client: Client, bob: User, desk: dict[str, Ticket]
) -> None:
    with time_machine.travel(clock.now()):
        response = login(client, bob).get(INBOX, {"created_from": "yesterday-ish", "channel": "phone"})

    assert response.status_code == 200
    assert response.context["form"].errors["created_from"]
    assert numbers(response) == [desk["normal_phone"].number]


def test_the_delete_button_shows_only_to_whom_deleting_is_allowed(client: Client, alice: User, bob: User) -> None:
    shared = saved_view_save(actor=bob, name="Urgent", params={"priority": ["1"]}, shared=True)
    own = saved_view_save(actor=alice, name="Mine", params={"priority": ["2"]}, shared=False)

    on_shared = login(client, alice).get(INBOX, {"view": shared.pk})
    on_own = client.get(INBOX, {"view": own.pk})
    as_bob = login(client, bob).get(INBOX, {"view": shared.pk})

    assert "Delete view" not in on_shared.text
    assert "Delete view" in on_own.text
    assert "Delete view" in as_bob.text
