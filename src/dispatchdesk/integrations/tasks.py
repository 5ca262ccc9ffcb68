"""Webhook deliveries, sent by the task worker once the change that made them has committed."""

from django_tasks import task

from dispatchdesk.integrations.models import DeliveryState
from dispatchdesk.integrations.services import deliver, webhooks_sweep
from dispatchdesk.integrations.slack_command import answer_later
from dispatchdesk.integrations.unassigned import unassigned_sweep


@task()
def deliver_webhook(delivery_id: int) -> str:
    state = deliver(delivery_id=delivery_id)
    return state.value if state is not None else "not claimed"


@task()
def run_webhooks_sweep() -> int:
    """Announce tickets unassigned too long (sent at once: we are the worker), then send what is due."""
    announced = [deliver(delivery_id=delivery_id) for delivery_id in unassigned_sweep()]
    return webhooks_sweep() + sum(state == DeliveryState.DELIVERED for state in announced)


@task()
def answer_slack_command(slack_user_id: str, text: str, response_url: str) -> int | None:
    """Run twice (a requeued task), it answers twice: Slack shows both; a second claim is refused."""
    return answer_later(slack_user_id=slack_user_id, text=text, response_url=response_url)
