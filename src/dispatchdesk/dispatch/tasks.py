"""Background work of the dispatch app, run by `dispatchdesk worker` (database or RQ backend)."""

from typing import Any

from django_tasks import task

from dispatchdesk.common import request_context
from dispatchdesk.dispatch.services.classify import classifier_retrain_due
from dispatchdesk.dispatch.services.pull import offer_queued_work
from dispatchdesk.dispatch.services.sweep import dispatch_sweep
from dispatchdesk.tickets.events import SlotFreed


@task()
def run_dispatch_sweep() -> dict[str, Any]:
    report = dispatch_sweep()
    return {"timed_out": report.timed_out, "unavailable": report.unavailable, "dispatched": report.dispatched}


@task()
def offer_work(agent_id: int, request_id: str = "") -> int:
    with request_context.bound(request_id):  # the request that freed the slot (docs/decisions/0038)
        return offer_queued_work(agent_id=agent_id)


@task()
def run_classifier_retrain() -> dict[str, Any]:
    """Enqueued with every sweep; trains only once the newest model is a day old (A2)."""
    version = classifier_retrain_due()
    return {"version": version.number if version else None, "reason": version.reason if version else ""}


def offer_work_later(freed: SlotFreed) -> None:
    """A task, so the request that freed the slot does not wait for dispatch."""
    offer_work.enqueue(agent_id=freed.agent_id, request_id=request_context.current())
