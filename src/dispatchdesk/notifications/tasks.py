"""Notification emails, sent by the task worker after the change that caused them has committed."""

from django_tasks import task

from dispatchdesk.notifications.confirmation import confirmation_email
from dispatchdesk.notifications.customer_mail import customer_update_email
from dispatchdesk.notifications.email import notification_email


@task()
def send_notification_email(notification_id: int) -> bool:
    return notification_email(notification_id=notification_id)


@task()
def send_confirmation_email(ticket_id: int) -> bool:
    return confirmation_email(ticket_id=ticket_id)


@task()
def send_customer_update(ticket_id: int, kind: str, message_id: int | None = None) -> bool:
    return customer_update_email(ticket_id=ticket_id, kind=kind, message_id=message_id)
