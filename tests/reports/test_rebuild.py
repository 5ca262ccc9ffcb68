"""The stored figures and the members' work (reports.work) equal a from-scratch recomputation after any
sequence of ticket events, including moves to another group and actions recorded out of order."""

from datetime import timedelta
from typing import Any

import pytest
from django.core.management import call_command
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dispatchdesk.accounts.models import SkillGroup, User
from dispatchdesk.common.clock import frozen_at
from dispatchdesk.common.errors import DomainError
from dispatchdesk.reports.figures import FIGURE_FIELDS, figures_rebuild
from dispatchdesk.reports.models import MemberHour, TaggedTicket, TicketFigures, WorkAction
from dispatchdesk.reports.work import work_rebuild
from dispatchdesk.tickets.models import Priority, Status, Ticket
from dispatchdesk.tickets.services import (
    ticket_accept,
    ticket_add_note,
    ticket_assign,
    ticket_change_status,
    ticket_reply,
    ticket_update_fields,
)
from tests.sla.desk import at, office, open_ticket, policy

ACTIONS = ("submit", "assign", "agent_reply", "customer_reply", "note", "move", "tag", "resolve", "reopen", "close")
TAGS: tuple[list[str], ...] = (["vpn"], ["vpn", "outage"], [])
# Minutes to the next step; a negative step is an action recorded before the latest (history imported late).
steps = st.lists(
    st.tuples(
        st.sampled_from(ACTIONS),
        st.integers(0, 5),
        st.one_of(st.integers(-30, -1), st.integers(0, 12), st.integers(0, 900)),
        st.sampled_from(Priority.values),
    ),
    min_size=1,
    max_size=25,
)


def stored() -> dict[int, tuple[Any, ...]]:
    return {row[0]: row[1:] for row in TicketFigures.objects.values_list("ticket_id", *FIGURE_FIELDS)}


WORK_FIELDS = [field.name for field in WorkAction._meta.concrete_fields]
HOUR_FIELDS = [field.name for field in MemberHour._meta.concrete_fields if field.name != "id"]


def stored_work() -> tuple[set[tuple[Any, ...]], ...]:
    """The members' work actions and hours and the tags' copies, as comparable rows."""
    return (
        set(WorkAction.objects.values_list(*WORK_FIELDS)),
        set(MemberHour.objects.values_list(*HOUR_FIELDS)),
        set(TaggedTicket.objects.values_list("ticket_id", "tag_id", "created_at")),
    )


class Desk:
    def __init__(self, people: dict[str, Any]) -> None:
        self.people = people
        self.tickets: list[Ticket] = []
        self.now = at(20, 8)

    def apply(self, action: str, index: int, priority: int) -> None:
        alice, bob, carol = self.people["alice"], self.people["bob"], self.people["carol"]
        if action == "submit" or not self.tickets:
            group = self.people["network"] if index % 2 else self.people["software"]
            with frozen_at(self.now):
                self.tickets.append(open_ticket(self.now, carol.contact, group, priority=priority))
            return
        ticket = self.tickets[index % len(self.tickets)]
        with frozen_at(self.now):
            if action == "assign":
                ticket_assign(ticket_id=ticket.pk, agent_id=alice.pk, actor=bob)
                ticket_accept(ticket_id=ticket.pk, actor=alice)
            elif action in ("agent_reply", "customer_reply"):
                ticket_reply(ticket_id=ticket.pk, author=alice if action == "agent_reply" else carol, body="Hello")
            elif action == "note":
                ticket_add_note(ticket_id=ticket.pk, author=alice, body="Checked the logs")
            elif action == "tag":
                ticket_update_fields(ticket_id=ticket.pk, actor=bob, changes={"tags": TAGS[priority % len(TAGS)]})
            elif action == "move":
                group = (
                    self.people["network"] if ticket.group_id == self.people["software"].pk else self.people["software"]
                )
                ticket_update_fields(ticket_id=ticket.pk, actor=bob, changes={"group": group})
            else:
                target = {"resolve": Status.RESOLVED, "reopen": Status.IN_PROGRESS, "close": Status.CLOSED}[action]
                ticket_change_status(ticket_id=ticket.pk, to=target, actor=bob)


@pytest.fixture
def people(
    *, db: None, alice: User, bob: User, carol: User, network: SkillGroup, software: SkillGroup
) -> dict[str, Any]:
    alice.agent.groups.add(software)
    policy(office())
    return {"alice": alice, "bob": bob, "carol": carol, "network": network, "software": software}


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
)
@given(steps=steps)
def test_incremental_figures_equal_a_rebuild_after_any_events(people: dict[str, Any], steps: list[Any]) -> None:
    with transaction.atomic():
        desk = Desk(people)
        desk.now = at(20, 8)
        for action, index, minutes, priority in steps:
            desk.now = max(desk.now + timedelta(minutes=minutes), at(20, 8))
            try:
                with transaction.atomic():
                    desk.apply(action, index, priority)
            except DomainError:
                pass  # an illegal move (resolving a resolved ticket, …) changes nothing, as in life
        incremental, work = stored(), stored_work()

        figures_rebuild()
        work_rebuild()

        assert stored() == incremental
        assert stored_work() == work
        assert set(incremental) == set(Ticket.objects.values_list("pk", flat=True))
        transaction.set_rollback(True)


def test_rebuild_reports_restores_lost_or_wrong_figures(
    people: dict[str, Any], capsys: pytest.CaptureFixture[str]
) -> None:
    desk = Desk(people)
    desk.now = at(23, 9)
    for action in ("submit", "submit", "assign", "agent_reply", "resolve"):
        desk.apply(action, 0, Priority.NORMAL)
        desk.now += timedelta(minutes=30)
    expected = stored()
    TicketFigures.objects.filter(ticket=desk.tickets[1]).delete()
    TicketFigures.objects.filter(ticket=desk.tickets[0]).update(resolution_s=1.0, group_id=None)

    call_command("rebuild-reports")

    assert stored() == expected
    assert "Recomputed the figures of 2 tickets." in capsys.readouterr().out
