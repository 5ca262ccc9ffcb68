"""`dispatchdesk worker` runs what was enqueued through the database backend."""

import pytest
from django.core.management import call_command
from django_tasks import task
from django_tasks.base import TaskResultStatus


@task()
def double(number: int) -> int:
    return number * 2


@pytest.mark.django_db(transaction=True)
def test_the_worker_runs_a_waiting_task() -> None:
    result = double.enqueue(21)

    call_command("worker", "--batch", verbosity=0)

    result.refresh()
    assert result.status == TaskResultStatus.SUCCESSFUL
    assert result.return_value == 42
