"""The settings services on their own: only managers and admins write, and a refusal writes nothing."""

from datetime import time

import pytest

from dispatchdesk.accounts.models import AgentSkill, Shift, SkillGroup, User
from dispatchdesk.accounts.services import ShiftSpec, agent_set_shifts, agent_set_skill, group_save
from dispatchdesk.common.errors import DomainError
from dispatchdesk.sla.models import Calendar, Policy
from dispatchdesk.sla.services import TargetSpec, sla_policy_save
from dispatchdesk.tickets.macros import macro_render
from dispatchdesk.tickets.models import Macro, Ticket
from dispatchdesk.tickets.services.macros import macro_save
from tests.factories import SkillFactory


def test_an_agent_may_not_change_their_own_skills(alice: User) -> None:
    vpn = SkillFactory(slug="vpn")

    with pytest.raises(DomainError, match="Only managers and administrators") as refused:
        agent_set_skill(actor=alice, agent_id=alice.agent.pk, skill_id=vpn.pk, proficiency=5)

    assert refused.value.status == 403
    assert not AgentSkill.objects.exists()


def test_a_dispatcher_may_not_create_groups(bob: User) -> None:
    with pytest.raises(DomainError, match="Only managers and administrators"):
        group_save(actor=bob, group_id=None, name="Printers", tier="L1", mode="queue", lead_id=None, member_ids=[])

    assert not SkillGroup.objects.exists()


def test_new_shifts_replace_the_old_ones_only_when_all_are_valid(dave: User, alice: User) -> None:
    agent_set_shifts(actor=dave, agent_id=alice.agent.pk, shifts=[ShiftSpec(0, time(8), time(16))])

    with pytest.raises(DomainError, match="ends before it starts"):
        agent_set_shifts(
            actor=dave,
            agent_id=alice.agent.pk,
            shifts=[ShiftSpec(1, time(8), time(16)), ShiftSpec(2, time(16), time(8))],
        )

    assert list(Shift.objects.values_list("weekday", "starts")) == [(0, time(8))]


def test_an_unknown_member_refuses_the_whole_group(dave: User, alice: User, network: SkillGroup) -> None:
    with pytest.raises(DomainError, match="Unknown agent"):
        group_save(
            actor=dave, group_id=network.pk, name="Net", tier="L2", mode="queue", lead_id=None, member_ids=[999_999]
        )

    network.refresh_from_db()
    assert (network.name, network.tier, network.mode) == ("Network", "L1", "automatic")
    assert list(network.members.all()) == [alice.agent]


def test_a_policy_is_refused_by_a_target_before_anything_is_written(dave: User) -> None:
    calendar = Calendar.objects.create(name="Office")

    with pytest.raises(DomainError, match="at least one minute"):
        sla_policy_save(
            actor=dave,
            policy_id=None,
            name="Standard",
            calendar_id=calendar.pk,
            warning_percent=75,
            active=True,
            targets={1: TargetSpec(first_response_minutes=0, resolution_minutes=60)},
        )

    assert not Policy.objects.exists()


def test_a_macro_is_filled_in_for_the_ticket_and_the_agent(dave: User, alice: User, carols_ticket: Ticket) -> None:
    macro = macro_save(
        actor=dave,
        macro_id=None,
        name="Subject",
        body="{{ customer_name }} / {{ticket_subject}} / {{agent_name}} / {{ticket_number}}",
        language="en",
        owner_id=None,
    )

    text = macro_render(macro, ticket=carols_ticket, agent=alice)

    assert text == f"Carol Customer / VPN drops every hour / Alice Agent / {carols_ticket.number}"


def test_a_macro_cannot_be_personal_to_a_customer(dave: User, carol: User) -> None:
    with pytest.raises(User.DoesNotExist):
        macro_save(actor=dave, macro_id=None, name="x", body="y", language="en", owner_id=carol.pk)

    assert not Macro.objects.exists()
