"""One model of availability (accounts.models.Availability): the same in dispatch, the navbar and the console."""

from datetime import UTC, datetime, time

import pytest
from django.test import Client

from dispatchdesk.accounts.models import Availability, Presence, Shift, SkillGroup, User, availability_of
from dispatchdesk.common.clock import frozen_at
from dispatchdesk.dispatch.selectors import agent_state
from dispatchdesk.tickets.models import Ticket
from tests.conftest import login

MONDAY_NOON = datetime(2026, 11, 23, 11, tzinfo=UTC)  # 12:00 in Berlin
MONDAY_NIGHT = datetime(2026, 11, 23, 21, tzinfo=UTC)  # 22:00 in Berlin


@pytest.mark.parametrize(
    ("presence", "on_shift", "overtime", "expected"),
    [
        (Presence.ONLINE, True, False, Availability.ON_SHIFT),
        (Presence.ONLINE, False, True, Availability.OVERTIME),
        (Presence.ONLINE, False, False, Availability.OFF_SHIFT),
        (Presence.AWAY, True, True, Availability.AWAY),
        (Presence.OFFLINE, True, True, Availability.OFFLINE),
    ],
)
def test_availability_is_presence_shift_and_overtime_together(
    presence: str, on_shift: bool, overtime: bool, expected: Availability
) -> None:
    found = availability_of(presence=presence, on_shift=on_shift, may_work_overtime=overtime)

    assert found == expected
    assert found.takes_work == (expected in (Availability.ON_SHIFT, Availability.OVERTIME))


@pytest.fixture
def day_shift(alice: User) -> User:
    """Alice works Mondays 09:00-17:00 in Berlin, and is online."""
    Shift.objects.create(agent=alice.agent, weekday=0, starts=time(9), ends=time(17))
    alice.agent.presence = Presence.ONLINE
    alice.agent.save()
    return alice


def test_online_after_the_shift_is_overtime_and_dispatch_still_gives_work(day_shift: User) -> None:
    state = agent_state(day_shift.pk, now=MONDAY_NIGHT)

    assert state is not None
    assert state.available
    assert day_shift.agent.availability(MONDAY_NIGHT) == Availability.OVERTIME


def test_an_agent_held_to_their_shift_takes_no_work_after_it(day_shift: User) -> None:
    day_shift.agent.may_work_overtime = False
    day_shift.agent.save()

    state = agent_state(day_shift.pk, now=MONDAY_NIGHT)

    assert state is not None
    assert not state.available
    assert day_shift.agent.availability(MONDAY_NIGHT) == Availability.OFF_SHIFT


def test_the_navbar_says_overtime_and_offers_to_go_offline(client: Client, day_shift: User) -> None:
    login(client, day_shift)

    with frozen_at(MONDAY_NIGHT):
        page = client.get("/agent/tickets/").content.decode()

    assert 'aria-label="Availability: Overtime"' in page
    assert 'id="overtime-notice"' in page
    assert 'value="offline"' in page


def test_on_shift_there_is_no_overtime_notice(client: Client, day_shift: User) -> None:
    login(client, day_shift)

    with frozen_at(MONDAY_NOON):
        page = client.get("/agent/tickets/").content.decode()

    assert 'aria-label="Availability: On shift"' in page
    assert 'id="overtime-notice"' not in page


def test_the_console_shows_each_agents_availability(client: Client, day_shift: User, bob: User) -> None:
    login(client, bob)

    with frozen_at(MONDAY_NIGHT):
        page = client.get("/agent/dispatch/").content.decode()

    assert "Overtime · L1" in page


def test_a_member_in_overtime_claims_queued_work_of_their_group(
    client: Client, day_shift: User, network: SkillGroup, carols_ticket: Ticket
) -> None:
    network.mode = "queue"
    network.save()
    login(client, day_shift)

    with frozen_at(MONDAY_NIGHT):
        page = client.get(f"/agent/tickets/{carols_ticket.pk}/").content.decode()
        response = client.post(f"/agent/tickets/{carols_ticket.pk}/claim/")

    assert f'action="/agent/tickets/{carols_ticket.pk}/claim/"' in page
    assert response.status_code == 302
    carols_ticket.refresh_from_db()
    assert carols_ticket.assignee == day_shift
