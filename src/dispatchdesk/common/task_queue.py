"""The database task queue's tasks left running by a worker that died."""

from datetime import timedelta

from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from dispatchdesk.common import clock


def requeue_stale_tasks(*, older_than: timedelta) -> int:
    """Tasks RUNNING for longer than `older_than` lost their worker (kill -9, power cut): run them again.

    Safe because every task of ours may run twice (sweeps are idempotent, emails claim their outbox
    row); the lease must outlast the longest task, or a slow one would run twice at once."""
    stale = DBTaskResult.objects.filter(status=TaskResultStatus.RUNNING, started_at__lt=clock.now() - older_than)
    count: int = stale.update(status=TaskResultStatus.READY, started_at=None)
    return count
