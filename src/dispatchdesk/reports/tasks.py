"""Reports' background work: the weekly report to managers (reports.weekly)."""

from django_tasks import task

from dispatchdesk.reports.weekly import weekly_reports_send


@task()
def run_weekly_reports() -> int:
    return weekly_reports_send()
