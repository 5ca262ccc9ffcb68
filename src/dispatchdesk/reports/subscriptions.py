"""What the reports listen to (common.events): every timeline event that may change a ticket's figures
or be a member's work."""

from dispatchdesk.common.events import Phase, subscribe
from dispatchdesk.reports.figures import figures_follow
from dispatchdesk.reports.work import work_follow_ticket, work_record
from dispatchdesk.tickets.events import TimelineRecorded
from dispatchdesk.tickets.models import EventKind

# Events that change neither the ticket's group, assignee, priority, resolution, SLA clocks nor the
# counts kept from the timeline: spared the figures' read and write. (Accepting records its own STATUS
# event; a group or priority change its FIELDS, ROUTED or ESCALATION event.)
IRRELEVANT = frozenset(
    {
        EventKind.NOTE,
        EventKind.ACCEPTED,
        EventKind.SLA_WARNING,
        EventKind.SLA_BREACH,
        EventKind.RATING,
    }
)


MOVES = frozenset({"group", "category"})


def figures_observe(recorded: TimelineRecorded) -> None:
    """In the change's transaction, after the SLA clocks moved (sla subscribes first, INSTALLED_APPS order)."""
    if recorded.event.kind not in IRRELEVANT:
        figures_follow(recorded.event)


def work_observe(recorded: TimelineRecorded) -> None:
    """In the change's transaction: the ticket's work actions follow a move to another group or category
    (a change of fields, routing's included, or an escalation: the only events that move a ticket; its
    channel never changes), and a member's action is kept with its credit."""
    event = recorded.event
    if event.kind == EventKind.ESCALATION or (event.kind == EventKind.FIELDS and MOVES & event.data.keys()):
        work_follow_ticket(event.ticket)
    work_record(event)


def connect() -> None:
    subscribe(TimelineRecorded, figures_observe, phase=Phase.IN_TRANSACTION)
    subscribe(TimelineRecorded, work_observe, phase=Phase.IN_TRANSACTION)
