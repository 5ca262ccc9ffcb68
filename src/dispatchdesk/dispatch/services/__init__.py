"""Dispatch services: engine decisions applied to rows under lock, each stored with its reasons."""

from dispatchdesk.dispatch.services.assign import dispatch_ticket
from dispatchdesk.dispatch.services.escalate import ticket_escalate
from dispatchdesk.dispatch.services.groups import group_configure
from dispatchdesk.dispatch.services.handover import ticket_hand_over
from dispatchdesk.dispatch.services.policy import policy_publish
from dispatchdesk.dispatch.services.pull import ticket_claim, ticket_pull_next
from dispatchdesk.dispatch.services.returns import agent_set_presence, ticket_decline
from dispatchdesk.dispatch.services.review import dispatch_confirm
from dispatchdesk.dispatch.services.route import ticket_route

__all__ = [
    "agent_set_presence",
    "dispatch_confirm",
    "dispatch_ticket",
    "group_configure",
    "policy_publish",
    "ticket_claim",
    "ticket_decline",
    "ticket_escalate",
    "ticket_hand_over",
    "ticket_pull_next",
    "ticket_route",
]
