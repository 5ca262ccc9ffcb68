"""Agent load: the count of active tickets each agent holds, moved with every ownership change.

Locks are always taken ticket first, then agent rows in id order, so two services can never
wait on each other in opposite orders.
"""

from django.db.models import F
from django.utils.translation import gettext as _

from dispatchdesk.accounts.models import AgentProfile
from dispatchdesk.common import clock
from dispatchdesk.common.errors import DomainError
from dispatchdesk.common.events import publish
from dispatchdesk.tickets.events import SlotFreed
from dispatchdesk.tickets.models import ACTIVE_STATUSES

Holding = tuple[int | None, str]  # (assignee user id, status)


def load_move(*, before: Holding, after: Holding) -> None:
    """Release the slot `before` held and take the one `after` needs, refusing over-capacity."""
    releases = before[0] if before[0] is not None and before[1] in ACTIVE_STATUSES else None
    takes = after[0] if after[0] is not None and after[1] in ACTIVE_STATUSES else None
    if releases == takes:
        return
    # Each change is one conditional UPDATE, which locks the row it changes; in id order.
    for agent_id in sorted(agent_id for agent_id in (releases, takes) if agent_id is not None):
        if agent_id == releases:
            _release_slot(agent_id)
        else:
            _take_slot(agent_id)


def _release_slot(agent_id: int) -> None:
    if AgentProfile.objects.filter(user_id=agent_id, load__gt=0).update(load=F("load") - 1):
        publish(SlotFreed(agent_id))  # dispatch offers queued work to the agent once this commits


def _take_slot(agent_id: int) -> None:
    free = AgentProfile.objects.filter(user_id=agent_id, load__lt=F("capacity"))
    if free.update(load=F("load") + 1, last_assigned_at=clock.now()):
        return
    profile = AgentProfile.objects.select_related("user").filter(user_id=agent_id).first()
    if profile is None:
        raise DomainError(_("Only agents can hold tickets."), code="not_an_agent", status=422)
    raise DomainError(
        _("%(agent)s already holds %(load)d of %(capacity)d tickets.")
        % {"agent": profile.user, "load": profile.load, "capacity": profile.capacity},
        code="agent_at_capacity",
    )
