"""Email, sent by the task worker from the outbox once the change that made it has committed."""

from datetime import timedelta

from django.conf import settings
from django_tasks import task

from dispatchdesk.common import request_context
from dispatchdesk.common.task_queue import requeue_stale_tasks
from dispatchdesk.notifications.outbox import deliver, outbox_sweep


@task()
def deliver_email(email_id: int, request_id: str = "") -> str:
    with request_context.bound(request_id):  # the request that recorded it (docs/decisions/0038)
        state = deliver(email_id=email_id)
    return state.value if state is not None else "not claimed"


@task()
def run_outbox_sweep() -> dict[str, int]:
    return sweep_outbox()


def sweep_outbox() -> dict[str, int]:
    """What `dispatchdesk sweep-outbox` and the worker's periodic sweep do: tasks a dead worker left
    running go back on the queue, and emails nobody sent are sent."""
    lease = timedelta(seconds=settings.DISPATCHDESK_TASK_LEASE_SECONDS)
    return {"requeued": requeue_stale_tasks(older_than=lease), "sent": outbox_sweep()}
