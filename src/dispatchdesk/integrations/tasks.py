"""Webhook deliveries, sent by the task worker once the change that made them has committed."""

from django_tasks import task

from dispatchdesk.integrations.services import deliver, webhooks_sweep
from dispatchdesk.integrations.slack_command import answer_later


@task()
def deliver_webhook(delivery_id: int) -> str:
    state = deliver(delivery_id=delivery_id)
    return state.value if state is not None else "not claimed"


@task()
def run_webhooks_sweep() -> int:
    return webhooks_sweep()


@task()
def answer_slack_command(slack_user_id: str, text: str, response_url: str) -> int | None:
    """Run twice (a requeued task), it answers twice: Slack shows both; a second claim is refused."""
    return answer_later(slack_user_id=slack_user_id, text=text, response_url=response_url)
