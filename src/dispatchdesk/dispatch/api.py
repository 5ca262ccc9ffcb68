"""Dispatch over REST: explanations (D8), claim and next ticket (D4), decline, review, presence."""

from datetime import datetime
from typing import Any

from ninja import Router, Schema
from pydantic import Field

from dispatchdesk.accounts.http import AuthedRequest
from dispatchdesk.accounts.models import Presence
from dispatchdesk.common.schemas import Id, StrictIn, error_responses
from dispatchdesk.dispatch.models import DispatchDecision
from dispatchdesk.dispatch.services import (
    agent_set_presence,
    dispatch_confirm,
    ticket_claim,
    ticket_decline,
    ticket_pull_next,
)
from dispatchdesk.tickets.models import Ticket
from dispatchdesk.tickets.permissions import may_use_desk
from dispatchdesk.tickets.schemas import TicketOut
from dispatchdesk.tickets.selectors import ticket_visible_to

router = Router(tags=["dispatch"])


class FactorOut(Schema):
    name: str
    points: float
    detail: str


class CandidateOut(Schema):
    agent_id: int
    agent: str
    score: float
    factors: list[FactorOut]


class DecisionOut(Schema):
    id: int
    created_at: datetime
    mode: str
    outcome: str
    agent_id: int | None
    actor_id: int | None
    rule_version: int | None
    candidates: list[CandidateOut]
    refusals: dict[str, int] = Field(description="How many agents each hard rule left out")
    reason: str


class ReasonIn(StrictIn):
    reason: str = Field(min_length=1, max_length=500)


class ConfirmIn(StrictIn):
    agent_id: Id
    reason: str = Field("", max_length=500, description="Required when choosing other than the first proposal")


class PresenceIn(StrictIn):
    presence: Presence


class PresenceOut(Schema):
    presence: Presence
    moved_ticket_ids: list[int]


class NextOut(Schema):
    ticket: TicketOut | None


@router.get("/tickets/{ticket_id}/decisions", response={200: list[DecisionOut], **error_responses(403, 404)})
def decisions(request: AuthedRequest, ticket_id: Id) -> list[DispatchDecision]:
    """Why the ticket went where it went: every decision, newest first, with candidates and reasons."""
    may_use_desk(request.user).require()
    ticket = ticket_visible_to(user=request.user, ticket_id=ticket_id)
    return list(ticket.decisions.order_by("-created_at", "-id"))


@router.post("/tickets/{ticket_id}/claim", response={200: TicketOut, **error_responses(403, 404, 409)})
def claim(request: AuthedRequest, ticket_id: Id) -> Ticket:
    may_use_desk(request.user).require()
    ticket = ticket_visible_to(user=request.user, ticket_id=ticket_id)
    return ticket_claim(ticket_id=ticket.pk, agent=request.user)


@router.post("/tickets/{ticket_id}/decline", response={200: TicketOut, **error_responses(403, 404, 409, body=True)})
def decline(request: AuthedRequest, ticket_id: Id, payload: ReasonIn) -> Ticket:
    may_use_desk(request.user).require()
    ticket = ticket_visible_to(user=request.user, ticket_id=ticket_id)
    return ticket_decline(ticket_id=ticket.pk, agent=request.user, reason=payload.reason)


@router.post("/tickets/{ticket_id}/confirm", response={200: DecisionOut, **error_responses(403, 404, 409, body=True)})
def confirm(request: AuthedRequest, ticket_id: Id, payload: ConfirmIn) -> DispatchDecision:
    """Review mode: assign to the proposed agent, or override with a reason."""
    ticket = ticket_visible_to(user=request.user, ticket_id=ticket_id)
    return dispatch_confirm(ticket_id=ticket.pk, agent_id=payload.agent_id, actor=request.user, reason=payload.reason)


@router.post("/next", response={200: NextOut, **error_responses(403)})
def next_ticket(request: AuthedRequest) -> dict[str, Any]:
    """Take the most urgent queued ticket of your groups that you may handle (null if none)."""
    may_use_desk(request.user).require()
    return {"ticket": ticket_pull_next(agent=request.user)}


@router.put("/presence", response={200: PresenceOut, **error_responses(403, body=True)})
def presence(request: AuthedRequest, payload: PresenceIn) -> dict[str, Any]:
    """Set your presence; going away or offline returns unaccepted work to the queue."""
    moved = agent_set_presence(agent=request.user, presence=payload.presence)
    return {"presence": payload.presence, "moved_ticket_ids": moved}
