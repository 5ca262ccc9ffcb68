"""The portal's rate limits count in a cache every process shares, keyed on the real client:
the peer, or the client a trusted proxy names; never what a client writes in X-Forwarded-For."""

import os
import subprocess
import sys
import uuid
from pathlib import Path
from typing import Any

import pytest
from django.core.cache import caches
from django.test import Client

from dispatchdesk.common.rate_limit import within_limit
from dispatchdesk.portal.views import LOOKUP_LIMIT
from dispatchdesk.tickets.models import Ticket

REDIS_TEST_URL = "redis://127.0.0.1:6379/14"  # keys named per test; nothing is flushed
LIMITED = "Too many lookups"


def lookup(client: Client, ticket: Ticket, **headers: str) -> str:
    data = {"number": ticket.number, "email": "carol@customer.example"}
    response = client.post("/track/", data, **headers)  # type: ignore[arg-type]
    return "opened" if response.status_code == 302 else response.text


def use_up_the_limit(client: Client, **headers: str) -> None:
    for _attempt in range(LOOKUP_LIMIT):
        client.post("/track/", {"number": 1, "email": "guess@example.com"}, **headers)  # type: ignore[arg-type]


def test_a_forwarded_for_header_from_an_untrusted_peer_is_ignored(client: Client, carols_ticket: Ticket) -> None:
    for attempt in range(LOOKUP_LIMIT):  # a new forged client address on every try
        client.post(
            "/track/",
            {"number": 1, "email": "guess@example.com"},
            REMOTE_ADDR="203.0.113.5",
            HTTP_X_FORWARDED_FOR=f"198.51.100.{attempt}",
        )

    forged = lookup(client, carols_ticket, REMOTE_ADDR="203.0.113.5", HTTP_X_FORWARDED_FOR="198.51.100.99")

    assert LIMITED in forged


def test_behind_a_trusted_proxy_each_client_is_limited_on_its_own(
    client: Client, carols_ticket: Ticket, settings: Any
) -> None:
    settings.DISPATCHDESK_TRUSTED_PROXIES = ["10.0.0.0/8"]
    proxy = {"REMOTE_ADDR": "10.0.0.2"}
    use_up_the_limit(client, **proxy, HTTP_X_FORWARDED_FOR="198.51.100.7")

    same_client = lookup(client, carols_ticket, **proxy, HTTP_X_FORWARDED_FOR="198.51.100.7")
    # What the client wrote left of the proxy's entry changes nothing.
    same_client_forging = lookup(client, carols_ticket, **proxy, HTTP_X_FORWARDED_FOR="192.0.2.1, 198.51.100.7")
    other_client = lookup(client, carols_ticket, **proxy, HTTP_X_FORWARDED_FOR="198.51.100.8")

    assert LIMITED in same_client
    assert LIMITED in same_client_forging
    assert other_client == "opened"


def test_a_badly_written_trusted_proxy_setting_stops_the_start(tmp_path: Path) -> None:
    env = os.environ | {
        "DISPATCHDESK_TRUSTED_PROXIES": "10.0.0.0/8, proxy.example",
        "DISPATCHDESK_DATA_DIR": str(tmp_path),
    }
    probe = "import django, os; os.environ['DJANGO_SETTINGS_MODULE']='dispatchdesk.config.settings'; django.setup()"

    started = subprocess.run([sys.executable, "-c", probe], env=env, capture_output=True, text=True, check=False)  # noqa: S603

    assert started.returncode != 0
    assert "'proxy.example' is not an IP address or CIDR range" in started.stderr


@pytest.mark.django_db
def test_the_database_cache_is_one_count_for_every_client_of_it(settings: Any) -> None:
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "dispatchdesk_cache"}
    }
    scope = f"test-{uuid.uuid4().hex}"

    first = [within_limit(scope, "203.0.113.5", limit=3, window_s=60) for _ in range(2)]
    other_process = caches.create_connection("default")  # its own client, as in another process

    assert first == [True, True]
    assert other_process.get(f"limit:{scope}:203.0.113.5") == 2


@pytest.mark.postgres  # the scaled-out mode: PostgreSQL and Redis (.ci/run starts both)
def test_two_processes_on_redis_share_one_count(settings: Any, tmp_path: Path) -> None:
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_TEST_URL}
    }
    scope = f"test-{uuid.uuid4().hex}"
    script = (
        "import django, os; os.environ['DJANGO_SETTINGS_MODULE']='dispatchdesk.config.settings'; django.setup()\n"
        "from dispatchdesk.common.rate_limit import within_limit\n"
        f"print([within_limit({scope!r}, '203.0.113.5', limit=3, window_s=60) for _ in range(2)])\n"
    )
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env |= {"REDIS_URL": REDIS_TEST_URL, "DISPATCHDESK_DATA_DIR": str(tmp_path)}

    other = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True, check=True)  # noqa: S603
    here = [within_limit(scope, "203.0.113.5", limit=3, window_s=60) for _ in range(2)]

    caches["default"].delete(f"limit:{scope}:203.0.113.5")
    assert other.stdout.strip() == "[True, True]"
    assert here == [True, False]  # the third and fourth request of one client, wherever they arrived
