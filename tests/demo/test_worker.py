"""`dispatchdesk worker` runs what was enqueued through the database backend, and says how it went."""

import logging
import logging.config
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from django.core.management import call_command
from django_tasks import task
from django_tasks.base import TaskResultStatus

from dispatchdesk.config.settings import logging_config
from dispatchdesk.demo.management.commands.demo import worker_environment

# The loggers the database worker sets to its verbosity's level (django_tasks_db's db_worker).
WORKER_LOGGERS = ("django_tasks", "django_tasks_db")


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


@task()
def broken() -> None:
    raise RuntimeError("out of paper")


@contextmanager
def console_logging(config: dict[str, Any]) -> Iterator[None]:
    """Apply a LOGGING configuration for the block, then put the suite's back (root handlers and level,
    and the levels the worker sets on its own loggers)."""
    root = logging.getLogger()
    handlers, level = root.handlers[:], root.level
    worker_levels = {name: logging.getLogger(name).level for name in WORKER_LOGGERS}
    logging.config.dictConfig(config)
    try:
        yield
    finally:
        for handler in root.handlers[:]:
            root.removeHandler(handler)
        for handler in handlers:
            root.addHandler(handler)
        root.setLevel(level)
        for name, worker_level in worker_levels.items():
            logging.getLogger(name).setLevel(worker_level)


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("demo", [False, True], ids=["default", "demo"])
def test_the_demo_worker_logs_failures_but_not_each_task(
    demo: bool, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("DISPATCHDESK_LOG_LEVEL", raising=False)
    level = worker_environment()["DISPATCHDESK_LOG_LEVEL"] if demo else "INFO"
    double.enqueue(21)
    broken.enqueue()

    # The worker as the demo starts it: default verbosity, which sets its loggers to INFO.
    with console_logging(logging_config(level)):
        call_command("worker", "--batch", verbosity=1)

    console = capsys.readouterr().err
    assert "ERROR django_tasks Task id=" in console
    assert "state=FAILED" in console
    assert ("state=SUCCESSFUL" in console) is not demo
    assert ("INFO" in console) is not demo
