"""The worker's periodic sweep of preventive schedules (idempotent: each due schedule opens one ticket)."""

from django_tasks import task

from dispatchdesk.assets.services import schedules_sweep


@task()
def run_maintenance_sweep() -> int:
    return schedules_sweep()
