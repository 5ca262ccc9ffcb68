"""The ticket status workflow (T2): the one place that says which status may follow which.

    new ──assign──▶ pending_acceptance ──accept──▶ in_progress ◀──▶ awaiting_customer
     ▲                  │ decline                     │   ▲              │
     └──────────────────┘◀──────── release ───────────┘   └── awaiting_review
    in_progress / awaiting_* ──▶ resolved ──▶ closed;  resolved ──reopen──▶ in_progress | new

Closed is final: a customer who writes again after closure starts a new ticket (as in
Zendesk), so reports on closed work never change under the reader.
"""

from django.utils.translation import gettext as _

from dispatchdesk.common.errors import DomainError
from dispatchdesk.tickets.models import OWNED_STATUSES, Status

TRANSITIONS: dict[Status, frozenset[Status]] = {
    Status.NEW: frozenset({Status.PENDING_ACCEPTANCE, Status.IN_PROGRESS, Status.RESOLVED}),
    Status.PENDING_ACCEPTANCE: frozenset({Status.IN_PROGRESS, Status.NEW}),
    # Owned work may go back to Pending acceptance: that is a reassignment to another agent.
    Status.IN_PROGRESS: frozenset(
        {Status.AWAITING_CUSTOMER, Status.AWAITING_REVIEW, Status.RESOLVED, Status.NEW, Status.PENDING_ACCEPTANCE}
    ),
    Status.AWAITING_CUSTOMER: frozenset({Status.IN_PROGRESS, Status.RESOLVED, Status.PENDING_ACCEPTANCE}),
    Status.AWAITING_REVIEW: frozenset({Status.IN_PROGRESS, Status.RESOLVED, Status.PENDING_ACCEPTANCE}),
    Status.RESOLVED: frozenset({Status.CLOSED, Status.IN_PROGRESS, Status.NEW}),
    Status.CLOSED: frozenset(),
}


def allowed_targets(current: str) -> list[Status]:
    """Statuses reachable from `current`, in workflow order (for forms and API hints)."""
    reachable = TRANSITIONS[Status(current)]
    return [status for status in Status if status in reachable]


def is_reopen(current: str, target: str) -> bool:
    return current == Status.RESOLVED and target in (Status.IN_PROGRESS, Status.NEW)


def check_transition(*, current: str, target: str, has_assignee: bool) -> None:
    """Raise DomainError unless `current` → `target` is legal for a ticket in this state."""
    if target not in Status.values:
        raise DomainError(
            _("“%(status)s” is not a ticket status.") % {"status": target}, code="unknown_status", status=422
        )
    if current == target:
        raise DomainError(
            _("The ticket is already %(status)s.") % {"status": Status(current).label}, code="status_unchanged"
        )
    if Status(target) not in TRANSITIONS[Status(current)]:
        allowed = ", ".join(str(s.label) for s in allowed_targets(current)) or _("none")
        raise DomainError(
            _("A ticket that is %(current)s cannot become %(target)s (allowed: %(allowed)s).")
            % {"current": Status(current).label, "target": Status(target).label, "allowed": allowed},
            code="illegal_transition",
        )
    if target in OWNED_STATUSES and not has_assignee:
        raise DomainError(
            _("Assign the ticket before setting it to %(target)s.") % {"target": Status(target).label},
            code="assignee_required",
        )
