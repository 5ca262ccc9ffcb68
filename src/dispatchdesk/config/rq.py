"""The RQ queue's connection settings for the scaled-out mode (settings.RQ_QUEUES)."""

from typing import Any

import redis


def rq_queue(url: str, *, timeout_s: int = 300) -> dict[str, Any]:
    """One queue on the Redis at `url`, its clients sharing one connection pool.

    django-rq makes a client from a "URL" entry on every enqueue, each with a pool of its own: a new
    TCP connection per task (about 2 ms of a ticket's creation). A client given this pool reuses its
    connections instead; HOST and PORT are then unused, and redis-py's pool starts afresh in each
    forked process."""
    pool = redis.ConnectionPool.from_url(url)
    return {"HOST": "", "PORT": 0, "REDIS_CLIENT_KWARGS": {"connection_pool": pool}, "DEFAULT_TIMEOUT": timeout_s}
