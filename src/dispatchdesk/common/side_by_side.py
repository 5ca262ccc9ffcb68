"""Two independent reads at once, on two connections, so one report uses both of PostgreSQL's cores.

A report over a quarter of a large desk reads two cohorts of ~240,000 rows each (docs/decisions/0062);
one after the other they take twice as long as either. Here the second runs in a helper thread on a
database connection of its own while the first runs in the caller's thread.

Only outside a transaction and only on PostgreSQL: a second connection does not see the rows of the
caller's open transaction (a test's, a service's), and SQLite allows one writer and gains nothing. There
both run one after the other, in the caller's thread, with the same results.
"""

from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from contextvars import copy_context
from threading import BoundedSemaphore
from typing import TypeVar

from django.db import connection

A = TypeVar("A")
B = TypeVar("B")

# Two helper threads per process; each closes its connection after a call (back to the pool, where
# there is one), so no idle connection outlives the report (~3 ms to open one here). A caller that finds
# both busy reads one after the other instead of queueing: so at most two requests wait on a helper,
# and the helpers can always get a connection once the requests that wait on nobody hand theirs back
# (a pool as small as the number of busy requests would otherwise leave every request waiting).
HELPERS = 2
_helpers = ThreadPoolExecutor(max_workers=HELPERS, thread_name_prefix="side-by-side")
_free = BoundedSemaphore(HELPERS)


def side_by_side(first: Callable[[], A], second: Callable[[], B]) -> tuple[A, B]:
    """(first(), second()), the two at once where that is safe (see the module's docstring). For reads
    only: a write in `second` would commit on its own connection, outside the caller's transaction."""
    if not _may_use_a_helper() or not _free.acquire(blocking=False):
        return first(), second()
    context = copy_context()  # the caller's language and request id
    later = _helpers.submit(context.run, _on_own_connection, second)
    return first(), later.result()


def _may_use_a_helper() -> bool:
    """PostgreSQL, outside a transaction, and a pool (if any) with room for the waiting requests'
    connections and the helpers' own: 2 x HELPERS."""
    if connection.vendor != "postgresql" or connection.in_atomic_block:
        return False
    pool = connection.settings_dict.get("OPTIONS", {}).get("pool")
    return not isinstance(pool, dict) or pool.get("max_size", 4) >= 2 * HELPERS  # psycopg_pool's default: 4


def _on_own_connection(call: Callable[[], B]) -> B:
    try:
        return call()
    finally:
        connection.close()
        _free.release()
