"""Counting requests against a limit per window, in Django's cache: Redis when configured, else a
table in the database, so every process of the site counts together (config/settings.py CACHES)."""

from contextlib import AbstractContextManager, nullcontext

from django.core.cache import caches
from django.core.cache.backends.db import DatabaseCache
from django.db import transaction


def within_limit(scope: str, key: str, *, limit: int, window_s: int) -> bool:
    """Count one more request of `key` in `scope`; False once more than `limit` came within the window."""
    cache, name = caches["default"], f"limit:{scope}:{key}"
    with _one_at_a_time(cache):
        cache.add(name, 0, timeout=window_s)
        try:
            attempts = cache.incr(name)
        except ValueError:  # the window expired between add and incr
            cache.set(name, 1, timeout=window_s)
            attempts = 1
    return attempts <= limit


def _one_at_a_time(cache: object) -> AbstractContextManager[object]:
    # Redis counts atomically. The database cache reads, then writes: in one transaction, which
    # SQLite (IMMEDIATE) runs one at a time across processes, no two requests read the same count.
    return transaction.atomic() if isinstance(cache, DatabaseCache) else nullcontext()
