"""Every persona against every route, as decided in matrix.py; refusals change nothing.

One test per route: each persona's request runs in a savepoint that is rolled back, so all
eight start from the same scene, and a failure lists every persona that got the wrong answer.
"""

import pytest
from _pytest.mark import ParameterSet
from django.db import transaction
from django.http import HttpResponse
from django.test import Client

from tests.permissions.matrix import CONTENT, MATRIX, ROLES, Cell, Outcome
from tests.permissions.world import World, call, send_of, sign_in, state


def expected_outcome(cell: Cell, *, writes: bool) -> Outcome:
    """A plain status on a writing route is a success (something changed) if it is 200 or 201."""
    if isinstance(cell, Outcome):
        return cell if writes else Outcome(cell.status, cell.location)
    return Outcome(cell, done=writes and cell in (200, 201))


def observe(client: Client, world: World, role: str, method: str, path: str) -> Outcome:
    """What `role` gets from a valid request, and whether it changed anything; then undo it all."""
    spec = send_of(method, path)
    with transaction.atomic():
        if spec.given:
            spec.given(world)
        client.cookies.clear()  # nobody is signed in until sign_in says so
        headers = sign_in(client, world, role, path)
        before = state(world)
        response = call(client, world, role=role, method=method, path=path, headers=headers)
        changed = state(world) != before
        transaction.set_rollback(True)
    return Outcome(response.status_code, response.get("Location", ""), done=changed)


def agrees(observed: Outcome, expected: Outcome) -> bool:
    return (observed.status, observed.done) == (expected.status, expected.done) and (
        expected.location in observed.location
    )


@pytest.mark.parametrize(
    ("method", "path", "cells"),
    [pytest.param(method, path, cells, id=f"{method} {path}") for method, path, *cells in MATRIX],
)
def test_each_persona_gets_the_decided_answer_and_only_a_success_changes_anything(
    shared_client: Client, world: World, method: str, path: str, cells: list[Cell]
) -> None:
    writes = send_of(method, path).writes
    expected = {role: expected_outcome(cell, writes=writes) for role, cell in zip(ROLES, cells, strict=True)}

    observed = {role: observe(shared_client, world, role, method, path) for role in ROLES}

    wrong = {
        role: f"expected {expected[role]}, got {observed[role]}"
        for role in ROLES
        if not agrees(observed[role], expected[role])
    }
    assert not wrong, f"{method} {path}: {wrong}"


SHOWN = {True: "shown", False: "hidden", None: "no page"}


def content_rows() -> list[ParameterSet]:
    return [pytest.param(path, marker, shown, id=f"{path} {marker[:16]}") for path, marker, *shown in CONTENT]


@pytest.mark.parametrize(("path", "marker", "shown"), content_rows())
def test_each_persona_reads_only_what_is_theirs(
    shared_client: Client, world: World, path: str, marker: str, shown: list[bool | None]
) -> None:
    readers = {role: expected for role, expected in zip(ROLES, shown, strict=True) if expected is not None}

    found = {role: read(shared_client, world, role, path, marker) for role in readers}

    wrong = {
        role: f"expected {SHOWN[readers[role]]}, got {SHOWN[found[role]]}"
        for role in readers
        if found[role] != readers[role]
    }
    assert not wrong, f"GET {path}, {marker!r}: {wrong}"


def read(client: Client, world: World, role: str, path: str, marker: str) -> bool | None:
    """Whether `marker` is on the page as `role` sees it; None if the page did not open."""
    client.cookies.clear()
    response = call(client, world, role=role, method="GET", path=path, headers=sign_in(client, world, role, path))
    if response.status_code != 200:
        return None
    assert isinstance(response, HttpResponse)  # a page or an API answer, never a file download
    return marker in response.content.decode()
