"""Webhook deliveries, sent by the task worker once the change that made them has committed."""

from django_tasks import task

from dispatchdesk.integrations.services import deliver, webhooks_sweep


@task()
def deliver_webhook(delivery_id: int) -> str:
    state = deliver(delivery_id=delivery_id)
    return state.value if state is not None else "not claimed"


@task()
def run_webhooks_sweep() -> int:
    return webhooks_sweep()
