"""Fixtures shared by the dispatch tests: a VPN skill and tickets submitted through the real entry point."""

from collections.abc import Callable
from typing import Any, cast

import pytest

from dispatchdesk.accounts.models import Skill, SkillGroup
from dispatchdesk.intake.services import ticket_submit
from dispatchdesk.tickets.models import Channel, Ticket
from dispatchdesk.tickets.services.fields import TicketFields
from tests.factories import ContactFactory

Submit = Callable[..., Ticket]


@pytest.fixture
def vpn(db: None) -> Skill:
    return Skill.objects.create(slug="vpn", name="VPN")


@pytest.fixture
def submit(vpn: Skill) -> Submit:
    """A customer's "VPN down" ticket for `group`, needing the VPN skill, created, routed and dispatched."""

    def _submit(group: SkillGroup, **fields: Any) -> Ticket:
        return ticket_submit(
            customer=ContactFactory(),
            subject="VPN down",
            description="Tunnel drops",
            fields=cast(TicketFields, {"group": group, "required_skills": [vpn], **fields}),
            channel=Channel.WEB,
        )

    return _submit
