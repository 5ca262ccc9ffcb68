"""The settings area's agent pages: a manager changes skills, profile and shifts; refusals change nothing."""

from datetime import time

import pytest
from django.test import Client

from dispatchdesk.accounts.models import AgentProfile, AgentSkill, Shift, SkillGroup, User
from tests.conftest import login
from tests.factories import SkillFactory

PAGES = [
    "/manage/settings/",
    "/manage/settings/groups/",
    "/manage/settings/groups/new/",
    "/manage/settings/rules/",
    "/manage/settings/service-levels/",
    "/manage/settings/service-levels/policies/new/",
    "/manage/settings/service-levels/calendars/new/",
    "/manage/settings/macros/",
    "/manage/settings/macros/new/",
]


def agent_url(user: User, action: str = "") -> str:
    return f"/manage/settings/agents/{user.agent.pk}/{action}"


def skills_of(user: User) -> dict[str, int]:
    return dict(AgentSkill.objects.filter(agent__user=user).values_list("skill__slug", "proficiency"))


@pytest.mark.parametrize("path", PAGES)
def test_managers_and_admins_open_every_settings_page(client: Client, dave: User, root: User, path: str) -> None:
    for user in (dave, root):
        assert login(client, user).get(path).status_code == 200


@pytest.mark.parametrize("path", PAGES)
def test_agents_and_customers_are_refused_and_visitors_sign_in(
    client: Client, alice: User, bob: User, carol: User, path: str
) -> None:
    for user in (alice, bob, carol):
        assert login(client, user).get(path).status_code == 403
    client.logout()

    response = client.get(path)

    assert response.status_code == 302
    assert "/login/" in response["Location"]


def test_the_list_shows_each_agent_by_full_name_with_skills_groups_and_shifts(
    client: Client, dave: User, alice: User, mallory: User, django_assert_max_num_queries: object
) -> None:
    AgentSkill.objects.create(agent=alice.agent, skill=SkillFactory(slug="vpn", name="VPN"), proficiency=4)
    Shift.objects.create(agent=alice.agent, weekday=0, starts=time(8), ends=time(16))
    login(client, dave)

    with django_assert_max_num_queries(14):  # type: ignore[operator]
        page = client.get("/manage/settings/").content.decode()

    assert "Alice Agent" in page
    assert "VPN" in page
    assert "Network" in page
    assert "Monday 08:00-16:00" in page


def test_the_settings_link_is_in_the_menu_of_managers_only(client: Client, dave: User, alice: User) -> None:
    assert 'href="/manage/settings/"' in login(client, dave).get("/agent/tickets/").content.decode()
    assert 'href="/manage/settings/"' not in login(client, alice).get("/agent/tickets/").content.decode()


def test_the_admin_link_is_for_admins(client: Client, dave: User, root: User) -> None:
    assert 'id="admin-link"' not in login(client, dave).get("/manage/settings/").content.decode()
    assert 'id="admin-link"' in login(client, root).get("/manage/settings/").content.decode()


def test_a_manager_adds_a_skill_then_changes_its_level_then_removes_it(client: Client, dave: User, alice: User) -> None:
    vpn = SkillFactory(slug="vpn", name="VPN")
    login(client, dave)

    added = client.post(agent_url(alice, "skills/"), {"skill-skill": vpn.pk, "skill-proficiency": 2})
    assert added.status_code == 302
    assert skills_of(alice) == {"vpn": 2}

    client.post(agent_url(alice, "skills/"), {"skill-skill": vpn.pk, "skill-proficiency": 5})
    assert skills_of(alice) == {"vpn": 5}

    client.post(agent_url(alice, f"skills/{vpn.pk}/remove/"))
    assert skills_of(alice) == {}


def test_a_proficiency_off_the_scale_is_shown_on_the_form_and_changes_nothing(
    client: Client, dave: User, alice: User
) -> None:
    vpn = SkillFactory(slug="vpn", name="VPN")

    response = login(client, dave).post(agent_url(alice, "skills/"), {"skill-skill": vpn.pk, "skill-proficiency": 9})

    assert response.status_code == 200
    assert "is-invalid" in response.content.decode()
    assert skills_of(alice) == {}


def test_removing_a_skill_the_agent_lacks_is_not_found(client: Client, dave: User, alice: User) -> None:
    vpn = SkillFactory(slug="vpn", name="VPN")

    assert login(client, dave).post(agent_url(alice, f"skills/{vpn.pk}/remove/")).status_code == 404


def test_a_manager_changes_tier_capacity_overtime_and_groups(
    client: Client, dave: User, alice: User, software: SkillGroup
) -> None:
    body = {"profile-tier": "L2", "profile-capacity": 8, "profile-groups": [software.pk]}

    response = login(client, dave).post(agent_url(alice), body)

    assert response.status_code == 302
    agent = AgentProfile.objects.get(user=alice)
    assert (agent.tier, agent.capacity, agent.may_work_overtime) == ("L2", 8, False)
    assert list(agent.groups.values_list("slug", flat=True)) == ["software"]


def test_capacity_below_the_tickets_in_hand_is_refused_on_the_form(client: Client, dave: User, alice: User) -> None:
    AgentProfile.objects.filter(user=alice).update(load=3)
    body = {"profile-tier": "L1", "profile-capacity": 2, "profile-may_work_overtime": "on"}

    response = login(client, dave).post(agent_url(alice), body)

    assert response.status_code == 200
    assert "cannot be lower than that" in response.content.decode()
    agent = AgentProfile.objects.get(user=alice)
    assert agent.capacity == 5
    assert agent.groups.count() == 1


def test_shifts_are_saved_per_weekday_and_overlapping_ones_refused(client: Client, dave: User, alice: User) -> None:
    login(client, dave)

    client.post(
        agent_url(alice, "shifts/"), {"shifts-day_0": "08:00-12:00, 13:00-17:00", "shifts-day_4": "08:00-14:00"}
    )
    saved = list(Shift.objects.filter(agent__user=alice).values_list("weekday", "starts", "ends"))
    refused = client.post(agent_url(alice, "shifts/"), {"shifts-day_1": "08:00-12:00, 11:00-15:00"})

    assert saved == [(0, time(8), time(12)), (0, time(13), time(17)), (4, time(8), time(14))]
    assert refused.status_code == 200
    assert "Two shifts on Tuesday overlap." in refused.content.decode()
    assert list(Shift.objects.filter(agent__user=alice).values_list("weekday", "starts", "ends")) == saved


def test_hours_that_cannot_be_read_are_shown_on_the_field(client: Client, dave: User, alice: User) -> None:
    response = login(client, dave).post(agent_url(alice, "shifts/"), {"shifts-day_2": "morning"})

    assert response.status_code == 200
    assert "Write hours as 08:00-17:00." in response.content.decode()
    assert not Shift.objects.filter(agent__user=alice).exists()
