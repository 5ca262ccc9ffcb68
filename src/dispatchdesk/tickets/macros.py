"""Macros (canned replies): which ones a person may use, and their text filled in for one ticket.

Placeholders are plain names in double braces, replaced by text; the macro is never run as a
template, so what a manager types cannot reach the template engine. `{{ customer.name }}` and
`{{customer_name}}` are the same placeholder. A macro's translations are the macros of the same
name and owner in other languages; the one in the customer's language is the one inserted.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from django.db.models import Q, QuerySet

from dispatchdesk.accounts.models import User
from dispatchdesk.common.prepared import PreparedRead
from dispatchdesk.tickets.models import Macro, Ticket

PLACEHOLDER = re.compile(r"\{\{\s*([\w.]+)\s*\}\}")
# The dotted spelling agents know from other desks, for each placeholder.
ALIASES = {
    "customer.name": "customer_name",
    "ticket.number": "ticket_number",
    "ticket.subject": "ticket_subject",
    "agent.name": "agent_name",
}


def unknown_placeholders(body: str) -> list[str]:
    """The {{names}} in `body` that no ticket can fill; a macro with any of them is refused."""
    return sorted({name for name in PLACEHOLDER.findall(body) if ALIASES.get(name, name) not in Macro.PLACEHOLDERS})


def macro_render(macro: Macro, *, ticket: Ticket, agent: User) -> str:
    """The macro's text for `ticket`, as `agent` would send it: the agent edits it before sending."""
    values = {
        "customer_name": ticket.customer.name,
        "ticket_number": str(ticket.number),
        "ticket_subject": ticket.subject,
        "agent_name": str(agent),
    }

    def fill(match: re.Match[str]) -> str:
        return values.get(ALIASES.get(match.group(1), match.group(1)), match.group(0))

    return PLACEHOLDER.sub(fill, macro.body)


def macros_usable_by(user: User) -> QuerySet[Macro]:
    """The shared macros and the user's own, for the reply composer's menu."""
    return _usable_by(user.pk)


def _usable_by(user_id: int) -> QuerySet[Macro]:
    return Macro.objects.filter(Q(owner__isnull=True) | Q(owner_id=user_id))


# The reply composer's menu, on every ticket page: compiled once per process (common.prepared).
_menu_macros = PreparedRead(_usable_by, user_id=int)


def macros_for_menu(user: User) -> list[Macro]:
    """`macros_usable_by(user)`, read for the menu."""
    return _menu_macros.objects(user_id=user.pk)


def customer_language(ticket: Ticket) -> str:
    """The language the customer reads: their own setting, else the ticket's."""
    return ticket.customer.language or ticket.language


def macro_in_language(macro: Macro, *, ticket: Ticket) -> Macro:
    """The translation of `macro` (same name and owner) in the customer's language, or `macro` itself."""
    translation = Macro.objects.filter(
        name=macro.name, owner_id=macro.owner_id, language=customer_language(ticket)
    ).first()
    return translation or macro


def macros_menu(macros: Iterable[Macro], *, ticket: Ticket) -> list[Macro]:
    """One entry per macro (name and owner), in the customer's language where it has that translation."""
    wanted = customer_language(ticket)
    chosen: dict[tuple[str, int | None], Macro] = {}
    for macro in macros:
        key = (macro.name, macro.owner_id)
        if key not in chosen or (macro.language == wanted and chosen[key].language != wanted):
            chosen[key] = macro
    return sorted(chosen.values(), key=lambda macro: (macro.name, macro.owner_id is not None))
