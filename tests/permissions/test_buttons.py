"""A button shows exactly when its action would be accepted (tickets.permissions).

For every action on the agent ticket page and every persona who can open the page, in the
scene matrix.py decides that action in: the page shows the action's form if and only if the
matrix says the persona's request succeeds. The page and the service ask the same rule, so
neither can drift from the other.
"""

import pytest
from django.db import transaction
from django.http import HttpResponse
from django.test import Client

from tests.permissions.matrix import MATRIX, ROLES, Cell, Outcome
from tests.permissions.test_matrix import expected_outcome
from tests.permissions.world import World, call, send_of, sign_in

PAGE = "/agent/tickets/{ticket_id}/"
STAFF = ("alice", "bob", "dave", "root")  # the personas who can open Carol's ticket page (matrix.py)
ACTIONS = [
    (path, dict(zip(ROLES, cells, strict=True)))
    for method, path, *cells in MATRIX
    if method == "POST" and path.startswith(PAGE) and path != PAGE
]


# Actions offered in a panel the ticket page loads (htmx) rather than on the page itself.
PANELS = {"articles/": "suggestions/", "draft-article/": "suggestions/"}


def _shown_on(action: str) -> str:
    """The page (or panel of it) that offers `action`."""
    rest = action.removeprefix(PAGE)
    return next((PAGE + panel for prefix, panel in PANELS.items() if rest.startswith(prefix)), PAGE)


def shows_form(client: Client, world: World, role: str, action: str) -> bool:
    """Whether `role`, in the action's scene, finds a form (or an htmx button) that posts to `action` on
    the ticket page or the panel of it that offers the action."""
    spec = send_of("POST", action)
    with transaction.atomic():
        if spec.given:
            spec.given(world)
        client.cookies.clear()
        page = _shown_on(action)
        response = call(client, world, role=role, method="GET", path=page, headers=sign_in(client, world, role, page))
        transaction.set_rollback(True)
    assert isinstance(response, HttpResponse)
    assert response.status_code == 200
    content = response.content.decode()
    return f'action="{world.url(action)}"' in content or f'hx-post="{world.url(action)}"' in content


def succeeds(cell: Cell) -> bool:
    outcome: Outcome = expected_outcome(cell, writes=True)
    return outcome.done


@pytest.mark.parametrize(("action", "cells"), [pytest.param(a, c, id=a) for a, c in ACTIONS])
def test_the_page_offers_an_action_exactly_to_whom_it_would_succeed_for(
    shared_client: Client, world: World, action: str, cells: dict[str, Cell]
) -> None:
    expected = {role: succeeds(cells[role]) for role in STAFF}

    shown = {role: shows_form(shared_client, world, role, action) for role in STAFF}

    wrong = {role: f"shown={shown[role]}, succeeds={expected[role]}" for role in STAFF if shown[role] != expected[role]}
    assert not wrong, f"{action}: {wrong}"


def test_every_action_of_the_ticket_page_is_checked() -> None:
    checked = {action.removeprefix(PAGE).strip("/") for action, _cells in ACTIONS}

    assert checked >= {"reply", "note", "status", "assign", "accept", "claim", "decline", "escalate"}
