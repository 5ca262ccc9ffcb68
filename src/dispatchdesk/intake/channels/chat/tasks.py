"""The worker looks at open chats every minute (demo/management/commands/worker.py's sweeps)."""

from django_tasks import task

from dispatchdesk.intake.channels.chat.services import chat_sweep


@task()
def run_chat_sweep() -> dict[str, int]:
    # Idempotent: each session is locked and looked at again before it changes.
    return chat_sweep()
