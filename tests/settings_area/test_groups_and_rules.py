"""Skill groups and routing rules in the settings area: saved through the services, refusals change nothing."""

import pytest
from django.test import Client

from dispatchdesk.accounts.models import DispatchMode, DispatchPolicy, SkillGroup, User
from dispatchdesk.dispatch.models import PolicyChange, RuleSetVersion
from dispatchdesk.dispatch.services.rules import rules_publish
from tests.conftest import login


def group_body(**changes: object) -> dict[str, object]:
    body: dict[str, object] = {"name": "Network", "tier": "L1", "mode": "automatic", "policy": "priority-deadline"}
    return body | changes


def test_the_list_shows_each_group_with_its_mode_and_members(
    client: Client, dave: User, alice: User, network: SkillGroup, django_assert_max_num_queries: object
) -> None:
    login(client, dave)

    with django_assert_max_num_queries(8):  # type: ignore[operator]
        page = client.get("/manage/settings/groups/").content.decode()

    assert "Network" in page
    assert "Alice Agent" in page
    assert str(DispatchMode.AUTOMATIC.label) in page


def test_a_manager_switches_a_group_to_review_and_another_policy_on_record(
    client: Client, dave: User, alice: User, network: SkillGroup
) -> None:
    body = group_body(mode="review", policy="sla-batch", members=[alice.agent.pk])

    response = login(client, dave).post(f"/manage/settings/groups/{network.pk}/", body)

    assert response.status_code == 302
    network.refresh_from_db()
    assert (network.mode, network.policy) == (DispatchMode.REVIEW, DispatchPolicy.SLA_BATCH)
    change = PolicyChange.objects.get()
    assert (change.group, change.previous, change.actor) == (network, "priority-deadline", dave)


def test_a_manager_creates_a_group_with_members(client: Client, dave: User, alice: User) -> None:
    body = group_body(name="Printers", mode="queue", members=[alice.agent.pk])

    login(client, dave).post("/manage/settings/groups/new/", body)

    group = SkillGroup.objects.get(slug="printers")
    assert (group.name, group.mode) == ("Printers", DispatchMode.QUEUE)
    assert list(group.members.all()) == [alice.agent]


def test_a_second_group_of_the_same_name_is_refused_on_the_form(
    client: Client, dave: User, network: SkillGroup
) -> None:
    response = login(client, dave).post("/manage/settings/groups/new/", group_body(name="network", mode="queue"))

    assert response.status_code == 200
    assert "Another group is already called network." in response.content.decode()
    assert SkillGroup.objects.count() == 1


def test_a_refused_change_keeps_the_mode_and_the_members(
    client: Client, dave: User, alice: User, network: SkillGroup, software: SkillGroup
) -> None:
    body = group_body(name="Software", mode="queue", members=[])

    response = login(client, dave).post(f"/manage/settings/groups/{network.pk}/", body)

    assert response.status_code == 200
    network.refresh_from_db()
    assert (network.name, network.mode, network.members.count()) == ("Network", DispatchMode.AUTOMATIC, 1)


# --- routing rules -------------------------------------------------------------------------------


def rules_body(*rows: dict[str, str], comment: str = "") -> dict[str, object]:
    body: dict[str, object] = {
        "rules-TOTAL_FORMS": len(rows),
        "rules-INITIAL_FORMS": 0,
        "publish-comment": comment,
    }
    for index, row in enumerate(rows):
        body |= {f"rules-{index}-{key}": value for key, value in row.items()}
    return body


VPN_RULE = {"name": "VPN", "when": '{"keywords": ["vpn"]}', "then": '{"group": "network"}', "ORDER": "1"}


def test_publishing_the_list_makes_a_new_version_by_the_same_service_as_the_api(client: Client, dave: User) -> None:
    rules_publish(rules=[{"name": "Old", "when": {}, "then": {"priority": 2}}], actor=None)
    login(client, dave)
    page = client.get("/manage/settings/rules/").content.decode()

    client.post("/manage/settings/rules/", rules_body(VPN_RULE, comment="VPN to Network"))

    assert "version 1" in page
    version = RuleSetVersion.objects.order_by("-number").first()
    assert version is not None
    assert (version.number, version.created_by, version.comment) == (2, dave, "VPN to Network")
    assert version.rules == [{"name": "VPN", "when": {"keywords": ["vpn"]}, "then": {"group": "network"}}]


def test_rows_marked_for_removal_are_left_out_and_order_decides(client: Client, dave: User) -> None:
    second = {"name": "Urgent", "when": '{"keywords": ["down"]}', "then": '{"priority": 1}', "ORDER": "0"}
    removed = {"name": "Gone", "when": "{}", "then": '{"priority": 4}', "ORDER": "2", "DELETE": "on"}

    login(client, dave).post("/manage/settings/rules/", rules_body(VPN_RULE, second, removed))

    assert [rule["name"] for rule in RuleSetVersion.objects.get().rules] == ["Urgent", "VPN"]


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ({"when": "{keywords: vpn}"}, "Not valid JSON"),
        ({"then": "[1, 2]"}, "Write an object"),
        ({"when": '{"pattern": "("}'}, "Rule 1 (VPN) is invalid"),
    ],
)
def test_a_rule_the_engine_could_not_use_is_shown_and_nothing_is_published(
    client: Client, dave: User, row: dict[str, str], message: str
) -> None:
    response = login(client, dave).post("/manage/settings/rules/", rules_body(VPN_RULE | row))

    assert response.status_code == 200
    assert message in response.content.decode()
    assert not RuleSetVersion.objects.exists()
