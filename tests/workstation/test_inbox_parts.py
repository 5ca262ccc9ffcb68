"""An agent's inbox lists are read part by part (each group, then her own tickets elsewhere) and merged
(docs/decisions/0049): every view must show the same rows, in the same order and with the same count,
as the plain filter of `tickets_visible_to`, on every page, for agents and dispatchers alike."""

import random
from datetime import timedelta
from typing import Any

import pytest
from django.db import connection

from dispatchdesk.accounts.models import SkillGroup, User
from dispatchdesk.common import clock, counts
from dispatchdesk.tickets.models import OPEN_STATUSES, OWNED_STATUSES, Category, Channel, Status, Tag, Ticket
from dispatchdesk.tickets.selectors import tickets_filtered, tickets_visible_to, visibility_parts
from dispatchdesk.workstation.filters import BUILTIN_VIEWS, InboxFilterForm, as_query
from dispatchdesk.workstation.views_lists import inbox_paginator, view_counts
from tests.factories import AgentFactory, ContactFactory, SkillGroupFactory

PER_PAGE = 7  # small pages, so every view spans several and the merge is checked past the first


@pytest.fixture
def mixed_desk(network: SkillGroup, software: SkillGroup, alice: User, bob: User) -> dict[str, Any]:
    """150 tickets whose group, priority, status, assignee, channel, category, tag, customer, creation
    moment and SLA deadline are drawn independently, including ties in the order and tickets of Alice's
    outside her groups (another group, or none)."""
    hardware = SkillGroupFactory(slug="hardware", name="Hardware")
    alice.agent.groups.add(software)
    other = AgentFactory(user__username="olga", groups=[hardware]).user
    customers = [ContactFactory() for _ in range(4)]
    categories = [Category.objects.create(slug=f"c{n}", name=f"Category {n}") for n in range(3)]
    vip = Tag.objects.create(name="vip")
    draw = random.Random(13)  # noqa: S311  # a reproducible desk, not a secret
    now = clock.now()
    tickets = []
    for n in range(150):
        status = draw.choice(list(Status))
        assignee = None if status == Status.NEW else draw.choice([alice, other, bob, None])
        if status in OWNED_STATUSES and assignee is None:
            assignee = alice
        due = now + timedelta(minutes=draw.randint(-120, 600)) if status in OPEN_STATUSES else None
        customer = draw.choice(customers)
        tickets.append(
            Ticket(
                number=700000 + n,
                access_key=f"parts{n}",
                subject=f"Ticket {n}",
                customer=customer,
                organisation=customer.organisation,
                group=draw.choice([network, software, hardware, None]),
                priority=draw.randint(1, 4),
                status=status,
                assignee=assignee,
                channel=draw.choice([Channel.EMAIL, Channel.WEB, Channel.PHONE]),
                category=draw.choice([*categories, None]),
                sla_due_at=due,
                sla_warn_at=due - timedelta(minutes=90) if due is not None else None,
            )
        )
    Ticket.objects.bulk_create(tickets)
    # Ties in (priority, created_at) are broken by id; a few tickets share a creation moment.
    for number, minutes in enumerate(draw.randint(0, 3000) for _ in range(150)):
        created = now - timedelta(minutes=minutes if number % 10 else 777)
        Ticket.objects.filter(number=700000 + number).update(created_at=created, updated_at=created)
    for ticket in Ticket.objects.filter(number__gte=700000)[::3]:
        ticket.tags.add(vip)
    day = (now - timedelta(minutes=1000)).date().isoformat()
    return {"customer": customers[0], "category": categories[1], "network": network, "day": day}


def queries(desk: dict[str, Any]) -> list[dict[str, list[str]]]:
    """Every built-in view and the saved views the benchmark times (bench/saved_views.py)."""
    return [
        *(params for _key, _label, params in BUILTIN_VIEWS),
        {"channel": ["email"], "tag": ["vip"]},
        {"group": [str(desk["network"].pk)], "status": ["new"], "priority": ["1"]},
        {"open": ["on"], "category": [str(desk["category"].pk)], "order": ["due"]},
        {"customer": [str(desk["customer"].pk)]},
        {"organisation": [str(desk["customer"].organisation_id)]},
        {"created_from": [desk["day"]], "created_to": [desk["day"]]},
        {"group": ["999999"], "open": ["on"]},
        # By channel (read through the group-and-channel index on PostgreSQL, decision 0059): one alone, with
        # the deadline order, and one no ticket has, whose every part is empty.
        {"channel": ["phone"]},
        {"channel": ["web"], "open": ["on"], "order": ["due"]},
        {"channel": ["chat"], "tag": ["vip"]},
        {"mygroups": ["on"]},
        {"order": ["due"]},
        {},
    ]


def pages(user: User, params: dict[str, list[str]]) -> tuple[list[int], int]:
    """The ticket ids of every page of the inbox's list, in order, and its count."""
    paginator = inbox_paginator(user, InboxFilterForm(as_query(params)))
    paginator.per_page = PER_PAGE  # before anything reads it: the page count is computed lazily
    rows = [ticket.pk for number in paginator.page_range for ticket in paginator.page(number).object_list]
    return rows, paginator.count


def plain(user: User, params: dict[str, list[str]]) -> list[int]:
    """The straightforward list: the filters applied to `tickets_visible_to` in one query, in its order."""
    filters = InboxFilterForm(as_query(params)).to_filters(user)
    return list(tickets_filtered(user=user, filters=filters).values_list("pk", flat=True))


@pytest.mark.parametrize("who", ["alice", "bob"])
def test_every_view_shows_the_rows_of_the_plain_filter_in_its_order(
    who: str, mixed_desk: dict[str, Any], request: pytest.FixtureRequest
) -> None:
    user: User = request.getfixturevalue(who)
    seen_something = 0
    for params in queries(mixed_desk):
        rows, count = pages(user, params)
        expected = plain(user, params)

        assert rows == expected, params
        assert count == len(expected), params
        seen_something += bool(expected)
    assert seen_something >= 14  # the desk gives almost every view some rows to compare


def test_the_agents_list_is_read_in_parts_on_postgresql(alice: User, mixed_desk: dict[str, Any]) -> None:
    paginator = inbox_paginator(alice, InboxFilterForm(as_query({"open": ["on"]})))

    # SQLite cannot order and limit inside a UNION, so it pages the plain list.
    assert len(paginator.parts) == (3 if connection.vendor == "postgresql" else 0)


def test_the_parts_are_disjoint_and_make_up_what_the_agent_sees(alice: User, mixed_desk: dict[str, Any]) -> None:
    visible = tickets_visible_to(alice)
    by_part = [set(visible.filter(part).values_list("pk", flat=True)) for part in visibility_parts(alice)]
    mine_elsewhere = Ticket.objects.filter(assignee=alice).exclude(group__in=alice.agent.groups.all())

    assert sum(len(part) for part in by_part) == len(set().union(*by_part)) == visible.count()
    assert by_part[-1] == set(mine_elsewhere.values_list("pk", flat=True))
    assert mine_elsewhere.filter(group__isnull=True).exists()  # a ticket in no group is hers too


def test_a_filter_naming_an_assignee_customer_or_organisation_reads_one_part(
    alice: User, mixed_desk: dict[str, Any]
) -> None:
    named = {"assignee": ["me"]}, {"customer": [str(mixed_desk["customer"].pk)]}
    for params in named:
        filters = InboxFilterForm(as_query(params)).to_filters(alice)

        assert len(visibility_parts(alice, filters)) == 1


def test_a_list_read_in_parts_is_counted_up_to_the_cap(
    alice: User, mixed_desk: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(counts, "COUNT_CAP", 10)

    rows, count = pages(alice, {})
    counted = {view.key: view.count for view in view_counts(alice)}

    assert len(plain(alice, {})) > 11
    assert count == 11  # "more than 10"
    assert rows == plain(alice, {})[:11]  # pages stop at the cap's end, as the plain list's do
    assert counted["unassigned"] == min(11, len(plain(alice, {"assignee": ["unassigned"], "open": ["on"]})))
