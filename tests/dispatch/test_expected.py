"""The expected wait read from the live desk (S5): dispatch's eligibility, shifts, the promise kept at submission."""

from datetime import UTC, datetime, time, timedelta
from typing import Any

import pytest

from dispatchdesk.accounts.models import AgentProfile, AgentSkill, Presence, Shift, Skill, SkillGroup, User
from dispatchdesk.common.clock import frozen_at
from dispatchdesk.dispatch.expected import expected_wait, promised_wait
from dispatchdesk.notifications.confirmation import wait_label
from dispatchdesk.sla.models import WaitPromise
from dispatchdesk.sla.promises import experience, promise_record
from dispatchdesk.sla.wait import DEFAULT_PICKUP_S, MIN_SIMILAR, Estimate
from dispatchdesk.tickets.services import ticket_reply
from tests.dispatch.conftest import Submit
from tests.factories import AgentFactory

TUESDAY_EVENING = datetime(2026, 11, 24, 20, 0, tzinfo=UTC)
FRIDAY_EVENING = datetime(2026, 11, 27, 20, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def _desk_in_utc(settings: Any) -> None:
    settings.TIME_ZONE = "UTC"  # the agents below have no region: their shifts are in UTC


def agent(group: SkillGroup, skill: Skill, languages: list[str], **profile: object) -> AgentProfile:
    made = AgentFactory(groups=[group], languages=languages, presence=Presence.ONLINE, **profile)
    AgentSkill.objects.create(agent=made, skill=skill, proficiency=3)
    return made


def german_from_9_30(network: SkillGroup, vpn: Skill) -> AgentProfile:
    german = agent(network, vpn, ["de", "en"], may_work_overtime=False)
    for weekday in range(5):
        Shift.objects.create(agent=german, weekday=weekday, starts=time(9, 30), ends=time(17, 30))
    return german


def test_a_ticket_nobody_on_shift_may_take_waits_for_the_next_shift_and_says_so(
    submit: Submit, network: SkillGroup, vpn: Skill
) -> None:
    agent(network, vpn, ["en"])  # online all day, but no German
    german_from_9_30(network, vpn)

    with frozen_at(TUESDAY_EVENING):
        ticket = submit(network, language="de")
        found = expected_wait(ticket)

    assert ticket.assignee is None
    assert found is not None
    assert found.basis == "next_shift"
    assert found.seconds == timedelta(hours=13, minutes=30).total_seconds() + DEFAULT_PICKUP_S
    label = wait_label(found, TUESDAY_EVENING)
    assert "next business day, around 09:35" in label  # the shift starts 09:30, the usual pickup is 5 minutes
    assert "about" not in label


def test_on_friday_evening_the_next_shift_is_monday_and_named_so(
    submit: Submit, network: SkillGroup, vpn: Skill
) -> None:
    german_from_9_30(network, vpn)

    with frozen_at(FRIDAY_EVENING):
        found = expected_wait(submit(network, language="de"))

    assert found is not None
    assert "next business day, around 09:35" in wait_label(found, FRIDAY_EVENING)
    assert found.seconds > 60 * 3600  # Monday morning


def test_tickets_only_off_shift_agents_may_take_are_not_counted_ahead(
    submit: Submit, network: SkillGroup, vpn: Skill
) -> None:
    english = agent(network, vpn, ["en"], capacity=1)
    german_from_9_30(network, vpn)

    with frozen_at(TUESDAY_EVENING):
        for _ in range(5):
            submit(network, language="de")  # for tomorrow morning's German agent
        submit(network, language="en")  # takes the English agent's only slot
        queued = submit(network, language="en")
        found = expected_wait(queued)

    assert english.user.assigned_tickets.count() == 1
    assert queued.assignee is None
    assert found is not None
    assert found.basis == "queue_staffing"
    # first in line for one agent at four answers an hour; counting the German tickets it would be sixth
    assert found.figure == pytest.approx(900.0)


def test_the_promise_is_kept_at_submission_and_the_confirmation_repeats_it(
    submit: Submit, network: SkillGroup, vpn: Skill
) -> None:
    german_from_9_30(network, vpn)

    with frozen_at(TUESDAY_EVENING):
        ticket = submit(network, language="de")
    with frozen_at(TUESDAY_EVENING + timedelta(hours=2)):
        kept = promised_wait(ticket)

    promise = WaitPromise.objects.get(ticket=ticket)
    assert (promise.basis, promise.made_at) == ("next_shift", TUESDAY_EVENING)
    assert kept is not None
    estimate, made_at = kept
    assert (estimate.seconds, made_at) == (promise.seconds, TUESDAY_EVENING)
    assert "next business day, around 09:35" in wait_label(estimate, made_at)


def test_answered_promises_teach_their_bands_the_waits_that_followed(
    submit: Submit, network: SkillGroup, vpn: Skill, alice: User
) -> None:
    told = Estimate(300.0, 0.0, 900.0, "queue_rate", 300.0, (("queue_rate", 4, 3), ("queue_rate", 4, -1)))
    with frozen_at(TUESDAY_EVENING):
        tickets = [submit(network) for _ in range(MIN_SIMILAR)]
    for ticket in tickets:
        WaitPromise.objects.filter(ticket=ticket).delete()  # replaced by the promise under test
        promise_record(ticket=ticket, estimate=told, now=TUESDAY_EVENING)
    with frozen_at(TUESDAY_EVENING + timedelta(minutes=10)):
        for ticket in tickets:
            ticket_reply(ticket_id=ticket.pk, author=alice, body="On it.")

    learnt = experience(TUESDAY_EVENING + timedelta(hours=1))

    assert learnt(("queue_rate", 4, 3)) == [600.0] * MIN_SIMILAR
    assert learnt(("queue_rate", 4, -1)) == [600.0] * MIN_SIMILAR
    assert learnt(("queue_rate", 4, 2)) == []  # another recent median wait
    assert learnt(("queue_rate", 5, -1)) == []  # another figure
    assert experience(TUESDAY_EVENING + timedelta(days=30))(("queue_rate", 4, -1)) == []  # too old to count


def test_the_estimate_reads_a_bounded_number_of_queries_whatever_the_desk(
    submit: Submit, network: SkillGroup, vpn: Skill, django_assert_max_num_queries: Any
) -> None:
    for _ in range(8):
        agent(network, vpn, ["en"], capacity=1)
    with frozen_at(TUESDAY_EVENING):
        tickets = [submit(network) for _ in range(12)]
        with django_assert_max_num_queries(12):
            found = expected_wait(tickets[-1])

    assert found is not None
    assert found.basis.startswith("queue")
