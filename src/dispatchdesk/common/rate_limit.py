"""Counting requests against a limit per window, in Django's cache (shared by all processes with Redis)."""

from django.core.cache import cache


def within_limit(scope: str, key: str, *, limit: int, window_s: int) -> bool:
    """Count one more request of `key` in `scope`; False once more than `limit` came within the window."""
    name = f"limit:{scope}:{key}"
    cache.add(name, 0, timeout=window_s)
    try:
        attempts = cache.incr(name)
    except ValueError:  # the window expired between add and incr
        cache.set(name, 1, timeout=window_s)
        attempts = 1
    return attempts <= limit
