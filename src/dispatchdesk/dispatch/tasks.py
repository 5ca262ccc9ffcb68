"""Background work of the dispatch app, run by `dispatchdesk worker` (database or RQ backend)."""

from typing import Any

from django_tasks import task

from dispatchdesk.dispatch.services.sweep import dispatch_sweep


@task()
def run_dispatch_sweep() -> dict[str, Any]:
    report = dispatch_sweep()
    return {"timed_out": report.timed_out, "unavailable": report.unavailable, "dispatched": report.dispatched}
