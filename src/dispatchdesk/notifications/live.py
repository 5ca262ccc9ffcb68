"""What open pages hear (common.live, docs/decisions/0027-live-updates.md): every change to a ticket,
told to those who see it, and each person's new notifications, so lists, boards and the bell follow
without a reload."""

from dispatchdesk.common import live
from dispatchdesk.tickets.events import TimelineRecorded


def announce_ticket_change(recorded: TimelineRecorded) -> None:
    """Every change writes a timeline row (tickets.services.timeline), so one subscription hears them
    all: the ticket's page, its group's lists and boards, its agent and the agent it left, the desk."""
    event = recorded.event
    ticket = event.ticket
    topics = {live.DESK, live.ticket_topic(ticket.pk)}
    if ticket.group_id is not None:
        topics.add(live.group_topic(ticket.group_id))
    for agent_id in (ticket.assignee_id, event.data.get("previous_agent_id")):
        if agent_id:
            topics.add(live.user_topic(agent_id))
    live.publish(
        topics,
        "ticket",
        id=ticket.pk,
        group=ticket.group_id,
        assignee=ticket.assignee_id,
        status=ticket.status,
        event=event.kind,
        by=event.actor_id,
    )


def announce_unread(recipient_id: int) -> None:
    """The person's bell changed (a new notification, or read ones)."""
    live.publish({live.user_topic(recipient_id)}, "notification")
