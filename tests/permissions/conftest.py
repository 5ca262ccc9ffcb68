from collections.abc import Iterator

import pytest
from django.core.cache import cache
from django.test import Client

from dispatchdesk.accounts.models import User
from dispatchdesk.tickets.models import Ticket
from tests.permissions.matrix import ROLES
from tests.permissions.world import World, build_world


@pytest.fixture(autouse=True)
def _fresh_lookup_counters() -> Iterator[None]:
    # The portal's lookup limit counts in the cache, which outlives each test's transaction.
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(scope="session")
def shared_client() -> Client:
    """One test client for all requests: each new Client loads the middleware again, and
    WhiteNoise then scans every static file (about 35 ms), which would double the run time."""
    return Client()


@pytest.fixture
def world(request: pytest.FixtureRequest, carols_ticket: Ticket) -> World:
    users: dict[str, User] = {role: request.getfixturevalue(role) for role in ROLES if role != "anonymous"}
    return build_world(users, carols_ticket)
