"""The worker's part of suggestions: rebuild the resolved tickets' index when it is due."""

from django_tasks import task

from dispatchdesk.knowledge.services import suggestion_index_due, suggestion_index_rebuild


@task()
def run_suggestion_sweep() -> int | None:
    """Rebuild when due (decision 0045); the size indexed, or None when nothing was due."""
    if not suggestion_index_due():
        return None
    return suggestion_index_rebuild().size
