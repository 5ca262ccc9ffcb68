"""Macros (canned replies): which ones a person may use, and their text filled in for one ticket."""

from __future__ import annotations

import re

from django.db.models import Q, QuerySet

from dispatchdesk.accounts.models import User
from dispatchdesk.tickets.models import Macro, Ticket

PLACEHOLDER = re.compile(r"\{\{\s*(\w+)\s*\}\}")


def unknown_placeholders(body: str) -> list[str]:
    """The {{names}} in `body` that no ticket can fill; a macro with any of them is refused."""
    return sorted({name for name in PLACEHOLDER.findall(body) if name not in Macro.PLACEHOLDERS})


def macro_render(macro: Macro, *, ticket: Ticket, agent: User) -> str:
    """The macro's text for `ticket`, as `agent` would send it: the agent edits it before sending."""
    values = {
        "customer_name": ticket.customer.name,
        "ticket_number": str(ticket.number),
        "ticket_subject": ticket.subject,
        "agent_name": str(agent),
    }
    return PLACEHOLDER.sub(lambda match: values.get(match.group(1), match.group(0)), macro.body)


def macros_usable_by(user: User) -> QuerySet[Macro]:
    """The shared macros and the user's own, for the reply composer's menu."""
    return Macro.objects.filter(Q(owner__isnull=True) | Q(owner=user))
