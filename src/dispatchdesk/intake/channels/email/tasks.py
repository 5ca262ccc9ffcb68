"""The worker polls the mailboxes every minute (demo/management/commands/worker.py's sweeps)."""

from django_tasks import task

from dispatchdesk.intake.channels.email.poll import mailboxes_poll


@task()
def run_mailbox_poll() -> dict[str, int]:
    # Idempotent: an email already taken is recognised by its Message-ID, so two polls at once are harmless.
    return mailboxes_poll()
