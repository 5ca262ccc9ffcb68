"""`dispatchdesk generate`: a generated desk holds the rows the services would have written.

A small desk is generated, then checked against the product's own code: the SLA clocks as
sla.clocks recomputes them, the figures as `rebuild-reports` recomputes them, agent loads, the
statuses the timelines end in, the pages, the API and the search. Runs on SQLite and PostgreSQL.
"""

from collections import Counter
from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db.models import Count
from django.test import Client

from dispatchdesk.accounts.models import AgentProfile, User
from dispatchdesk.common import clock
from dispatchdesk.demo.generate import generate
from dispatchdesk.demo.generate.stories import Desk, Ids, Rows, Storyteller
from dispatchdesk.reports.figures import FIGURE_FIELDS
from dispatchdesk.reports.models import TicketFigures
from dispatchdesk.sla.clocks import sla_recompute
from dispatchdesk.sla.models import TicketSla
from dispatchdesk.tickets.models import ACTIVE_STATUSES, OPEN_STATUSES, EventKind, Message, Status, Ticket
from dispatchdesk.tickets.selectors import TicketFilters, tickets_filtered
from tests.conftest import login

COUNT = 400
CLOCK_FIELDS = (
    "first_response_due",
    "next_response_due",
    "resolution_due",
    "due_clock",
    "due_at",
    "warn_at",
    "due_started_at",
    "check_at",
)


@pytest.fixture
def desk(db: None) -> None:
    generate(tickets=COUNT, seed=7)


def test_it_makes_the_desk_asked_for(desk: None) -> None:
    statuses = Counter(Ticket.objects.values_list("status", flat=True))
    messages = Message.objects.count()

    assert Ticket.objects.count() == COUNT
    assert statuses[Status.CLOSED] > COUNT * 0.9  # a year of history, the last days still moving
    assert 1.8 <= messages / COUNT <= 2.3  # about two messages a ticket
    assert TicketSla.objects.count() == TicketFigures.objects.count() == COUNT


def test_the_sla_clocks_are_what_the_clock_code_computes(desk: None) -> None:
    for sla in TicketSla.objects.select_related("ticket__customer"):
        stored = {name: getattr(sla, name) for name in CLOCK_FIELDS}
        sla_recompute(sla, sla.ticket)
        assert {name: getattr(sla, name) for name in CLOCK_FIELDS} == stored, sla.ticket_id


def test_rebuild_reports_finds_the_figures_already_right(desk: None) -> None:
    before = {row["ticket_id"]: row for row in TicketFigures.objects.values("ticket_id", *FIGURE_FIELDS)}

    call_command("rebuild_reports", stdout=StringIO())

    after = {row["ticket_id"]: row for row in TicketFigures.objects.values("ticket_id", *FIGURE_FIELDS)}
    assert after.keys() == before.keys()
    for ticket, row in after.items():
        for name, value in row.items():
            if isinstance(value, float):
                assert value == pytest.approx(before[ticket][name]), (ticket, name)
            else:
                assert value == before[ticket][name], (ticket, name)


def test_statuses_agree_with_the_timeline_and_the_loads(desk: None) -> None:
    for ticket in Ticket.objects.prefetch_related("timeline"):
        moves = [event.data["to"] for event in ticket.timeline.all() if event.kind == EventKind.STATUS]
        assert (moves[-1] if moves else Status.NEW) == ticket.status
        assert (ticket.resolved_at is not None) == (ticket.status in (Status.RESOLVED, Status.CLOSED))
        assert ticket.updated_at >= ticket.created_at
    held = Counter(Ticket.objects.filter(status__in=ACTIVE_STATUSES).values_list("assignee_id", flat=True).order_by())
    for profile in AgentProfile.objects.all():
        assert profile.load == held.get(profile.user_id, 0)


def test_the_pages_api_and_search_show_it(desk: None, client: Client) -> None:
    dispatcher = User.objects.get(username="dispatcher")
    open_count = Ticket.objects.filter(status__in=OPEN_STATUSES).count()
    ticket = Ticket.objects.filter(status=Status.CLOSED).annotate(n=Count("messages")).filter(n=2).first()
    assert ticket is not None
    word = ticket.subject.split()[-1]

    listed = login(client, dispatcher).get("/api/tickets", {"open": "true"}).json()
    fetched = client.get(f"/api/tickets/{ticket.pk}").json()
    page = client.get(f"/agent/tickets/{ticket.pk}/")
    inbox = client.get("/agent/inbox/", {"q": word})

    assert listed["count"] == open_count
    assert (fetched["status"], fetched["number"]) == (Status.CLOSED, ticket.number)
    assert page.status_code == 200
    assert inbox.status_code == 200
    found = tickets_filtered(user=dispatcher, filters=TicketFilters(query=word))
    assert ticket in found
    assert tickets_filtered(user=dispatcher, filters=TicketFilters(query=str(ticket.number))).get() == ticket


def test_open_tickets_are_recent_and_clocks_run_only_for_them(desk: None) -> None:
    for sla in TicketSla.objects.select_related("ticket"):
        running = sla.ticket.status in OPEN_STATUSES and sla.ticket.status != Status.AWAITING_CUSTOMER
        assert (sla.due_at is not None) == running
    oldest_open = Ticket.objects.filter(status__in=OPEN_STATUSES).order_by("created_at").first()
    assert oldest_open is None or clock.now() - oldest_open.created_at < timedelta(days=4)


def test_the_same_seed_tells_the_same_stories() -> None:
    desk = Desk(
        groups=(1, 2),
        agents={10: "Anna", 11: "Ben"},
        agent_groups={1: (10, 11), 2: (11,)},
        contacts=((5, "Carla", "de", None), (6, "Dirk", "en", 3)),
        categories={},
        tags=(1,),
        policy=1,
        capacity=2,
    )
    moment = clock.now()

    def rows(seed: int) -> Rows:
        teller = Storyteller(desk, seed=seed, now=moment, count=60, ids=Ids(ticket=1, message=1, event=1, number=1))
        made = Rows()
        for index in range(60):
            teller.story(index, made)
        return made

    assert rows(3) == rows(3)
    assert rows(3).tickets != rows(4).tickets


def test_a_desk_with_tickets_is_refused(desk: None) -> None:
    with pytest.raises(CommandError, match="already has tickets"):
        call_command("generate", "--tickets", "10", stdout=StringIO())
    assert Ticket.objects.count() == COUNT
