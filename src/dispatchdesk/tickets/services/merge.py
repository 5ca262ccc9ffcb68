"""Merging a duplicate ticket into another: one conversation, the duplicate closed with a link to it."""

from django.db import transaction
from django.utils.translation import gettext as _

from dispatchdesk.accounts.models import User
from dispatchdesk.common import clock
from dispatchdesk.common.errors import DomainError
from dispatchdesk.tickets.models import EventKind, Message, Ticket, TimelineEvent
from dispatchdesk.tickets.permissions import may_merge
from dispatchdesk.tickets.services.status import apply_merge_close
from dispatchdesk.tickets.services.timeline import timeline_record


@transaction.atomic
def ticket_merge(*, source_id: int, target_id: int, actor: User) -> Ticket:
    """Move `source`'s request and conversation into `target`, then close `source` pointing there."""
    if source_id == target_id:
        raise DomainError(_("A ticket cannot be merged into itself."), code="merge_itself", status=409)
    # Both rows locked in id order, like every service that locks two tickets.
    locked = {t.pk: t for t in Ticket.objects.select_for_update().filter(pk__in=(source_id, target_id)).order_by("pk")}
    if source_id not in locked or target_id not in locked:
        raise Ticket.DoesNotExist
    source, target = locked[source_id], locked[target_id]
    may_merge(actor, source, target).require()
    moved = _move_conversation(source, target)
    reason = _("Merged into ticket %(number)s") % {"number": target.number}
    apply_merge_close(source, actor=actor, reason=reason)
    source.merged_into = target
    source.save(update_fields=["merged_into"])
    timeline_record(
        ticket=source,
        kind=EventKind.MERGED,
        actor=actor,
        public=True,
        data={"into_id": target.pk, "into_number": target.number},
    )
    timeline_record(
        ticket=target,
        kind=EventKind.MERGED,
        actor=actor,
        public=False,
        data={"from_id": source.pk, "from_number": source.number, "messages": moved},
    )
    target.updated_at = clock.now()
    target.save(update_fields=["updated_at"])
    return target


def _move_conversation(source: Ticket, target: Ticket) -> int:
    """The duplicate's messages (its request is the first) and their timeline events move to the target."""
    TimelineEvent.objects.filter(ticket=source, message__isnull=False).update(ticket=target)
    return Message.objects.filter(ticket=source).update(ticket=target)
