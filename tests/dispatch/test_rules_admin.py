"""Routing rules are edited in the admin; every save publishes a new immutable version."""

import json

from django.test import Client

from dispatchdesk.accounts.models import User
from dispatchdesk.dispatch.models import RuleSetVersion

VPN_RULE = [{"name": "vpn", "when": {"keywords": ["vpn"]}, "then": {"group": "network"}}]


def publish(client: Client, rules: object, comment: str = "") -> int:
    data = {"rules": json.dumps(rules), "comment": comment}
    return client.post("/admin/dispatch/rulesetversion/add/", data).status_code


def test_each_save_publishes_the_next_version(client: Client, root: User) -> None:
    client.force_login(root)

    publish(client, VPN_RULE, "first")
    publish(client, [*VPN_RULE, {"name": "vip", "when": {"customer_tiers": ["vip"]}, "then": {"priority": 2}}], "vip")

    versions = list(RuleSetVersion.objects.order_by("number").values_list("number", "comment", "created_by"))
    assert versions == [(1, "first", root.pk), (2, "vip", root.pk)]


def test_the_add_form_starts_from_the_latest_rules(client: Client, root: User) -> None:
    RuleSetVersion.objects.create(number=4, rules=VPN_RULE)
    client.force_login(root)

    page = client.get("/admin/dispatch/rulesetversion/add/").content.decode()

    assert "vpn" in page


def test_a_broken_pattern_is_refused_with_a_message_and_nothing_is_published(client: Client, root: User) -> None:
    client.force_login(root)

    status = publish(client, [{"name": "bad", "when": {"pattern": "(unclosed"}, "then": {}}])

    assert status == 200  # the form is shown again with the error
    assert not RuleSetVersion.objects.exists()


def test_published_versions_cannot_be_changed(client: Client, root: User) -> None:
    version = RuleSetVersion.objects.create(number=1, rules=VPN_RULE)
    client.force_login(root)

    client.post(f"/admin/dispatch/rulesetversion/{version.pk}/change/", {"rules": "[]", "comment": "x"})

    version.refresh_from_db()
    assert version.rules == VPN_RULE
