"""Who may do what (O1): the one home of the product's permission rules.

Every rule is a `may_…` function that returns an `Answer`: true when the action is allowed,
otherwise carrying the refusal a service raises (`answer.require()`) and a page can show. Pages
decide their buttons with the same functions the services enforce, so a button shows exactly
when the action would be accepted. Which tickets someone may *see* is a query, not a rule of
this module: tickets.selectors.tickets_visible_to.

The roles are accounts.models.Role, grouped once there: STAFF_ROLES (agents and up),
OVERSEEING_ROLES (dispatchers, managers, admins: see everything, dispatch by hand) and
MANAGING_ROLES (managers and admins: policies and reports). A group's lead may dispatch for
that group as a dispatcher would. Engine rules (availability, capacity, skills) are not
permissions; dispatch.selectors.claim_answer adds them to `may_claim` for the claim button.
"""

from __future__ import annotations

from datetime import timedelta

from django.utils.translation import gettext as _

from dispatchdesk.accounts.models import Tier, User
from dispatchdesk.accounts.permissions import (
    ALLOWED,
    Answer,
    agent_profile,
    leads_group,
    may_configure,
    may_lead_incidents,
    may_manage_policies,
    may_publish_articles,
    may_see_group,
    may_set_wip_limits,
    may_share_views,
    may_sync_contacts,
    may_use_console,
    may_use_desk,
    may_view_reports,
    may_work_queue,
    may_write_articles,
    refuse,
    reported_groups,
)
from dispatchdesk.common import clock
from dispatchdesk.customers.models import Contact
from dispatchdesk.customers.portal_settings import reopen_window_days
from dispatchdesk.tickets.models import ESCALATABLE_STATUSES, OPEN_STATUSES, Rating, Status, Ticket

__all__ = [  # the rules that need no ticket come from accounts.permissions; ask all of them here
    "ALLOWED",
    "Answer",
    "agent_profile",
    "may_accept",
    "may_add_note",
    "may_assign",
    "may_assign_others",
    "may_change_status",
    "may_claim",
    "may_configure",
    "may_confirm",
    "may_decline",
    "may_dispatch_group",
    "may_edit_fields",
    "may_escalate",
    "may_lead_incidents",
    "may_link_to_incident",
    "may_manage_policies",
    "may_merge",
    "may_publish_articles",
    "may_rate",
    "may_reply",
    "may_see_group",
    "may_set_wip_limits",
    "may_share_views",
    "may_sync_contacts",
    "may_use_console",
    "may_use_desk",
    "may_view_reports",
    "may_work_queue",
    "may_write_article_from",
    "may_write_articles",
    "refuse",
    "reported_groups",
]


# --- one ticket -------------------------------------------------------------------------------


# The refusals of may_reply after which a customer's answer opens a follow-up ticket instead (intake).
FOLLOW_UP_CODES = frozenset({"ticket_closed", "reopen_window_passed"})


def may_reply(author: User | Contact, ticket: Ticket) -> Answer:
    """A public reply: support staff, or the ticket's customer (signed in, or as its contact through the
    ticket's link; an organisation admin for the organisation's tickets). A closed ticket takes none, and
    a customer reopens resolved work only within the reopen window after its resolution."""
    if ticket.status == Status.CLOSED:
        return refuse(_("This ticket is closed; please open a new one."), code="ticket_closed", status=409)
    if isinstance(author, Contact):
        allowed = _speaks_for(author, ticket)
    else:
        allowed = author.is_staff_member or _is_customer_of(author, ticket)
    if not allowed:
        return refuse(_("Only the ticket's customer or support staff may reply."))
    if not _is_staff(author) and reopen_window_passed(ticket):
        return refuse(
            _("This request was resolved more than %(days)s days ago: please write a new request.")
            % {"days": reopen_window_days()},
            code="reopen_window_passed",
            status=409,
        )
    return ALLOWED


def reopen_window_passed(ticket: Ticket) -> bool:
    """Resolved longer ago than the desk's reopen window (customers.portal_settings, set by managers)."""
    if ticket.status != Status.RESOLVED or ticket.resolved_at is None:
        return False
    return clock.now() - ticket.resolved_at > timedelta(days=reopen_window_days())


def may_link_to_incident(user: User, ticket: Ticket) -> Answer:
    """Link a ticket to an incident by hand (A4): support staff who may see it (the view asks that)."""
    return may_use_desk(user)


def may_write_article_from(user: User, ticket: Ticket) -> Answer:
    """Turn a ticket's resolution into a draft article (A5): staff who may write articles, once it is resolved."""
    answer = may_write_articles(user)
    if not answer:
        return answer
    if ticket.status not in (Status.RESOLVED, Status.CLOSED):
        return refuse(
            _("Only a resolved ticket has a resolution to turn into an article."), code="not_resolved", status=409
        )
    return ALLOWED


def may_rate(ticket: Ticket, resolution: int) -> Answer:
    """The customer rates a resolution once (P2); a reopened ticket's earlier resolution no longer."""
    if ticket.status not in (Status.RESOLVED, Status.CLOSED) or ticket.reopen_count != resolution:
        return refuse(
            _("This request was reopened since: this invitation to rate it has expired."),
            code="rating_expired",
            status=409,
        )
    if Rating.objects.filter(ticket=ticket, resolution=resolution).exists():
        return refuse(_("Thank you: you have already rated this answer."), code="already_rated", status=409)
    return ALLOWED


def may_add_note(user: User, ticket: Ticket) -> Answer:
    return may_use_desk(user)


def may_change_status(user: User, ticket: Ticket) -> Answer:
    return may_use_desk(user)


def may_edit_fields(user: User, ticket: Ticket) -> Answer:
    return may_use_desk(user)


def may_assign(actor: User, ticket: Ticket, agent: User) -> Answer:
    """Agents may take work themselves; handing it to someone else is for dispatchers, managers and leads."""
    if not actor.is_staff_member:
        return may_use_desk(actor)
    if actor.pk != agent.pk and not _dispatches_for(actor, ticket):
        return refuse(_("Only dispatchers and leads may assign tickets to others."))
    if ticket.status not in OPEN_STATUSES:
        return refuse(
            _("Ticket %(number)s cannot be assigned while it is %(status)s.")
            % {"number": ticket.number, "status": ticket.get_status_display()},
            code="ticket_not_assignable",
            status=409,
        )
    if ticket.assignee_id == agent.pk:
        return refuse(
            _("The ticket is already assigned to %(agent)s.") % {"agent": agent}, code="already_assigned", status=409
        )
    return _has_room(agent)


def may_assign_others(actor: User, ticket: Ticket) -> Answer:
    """Whether the "assign to someone" form is for `actor` at all (each chosen agent is checked on submit)."""
    if not _dispatches_for(actor, ticket):
        return refuse(_("Only dispatchers and leads may assign tickets to others."))
    if ticket.status not in OPEN_STATUSES:
        return refuse(_("Closed work cannot be assigned."), code="ticket_not_assignable", status=409)
    return ALLOWED


def may_dispatch_group(user: User, group_id: int | None) -> Answer:
    """Hand a group's work to others (the board's "Assign to …"): dispatchers, managers, admins and the group's lead."""
    if user.oversees_all or (user.is_staff_member and leads_group(user, group_id)):
        return ALLOWED
    return refuse(_("Only dispatchers and leads may assign tickets to others."))


def may_accept(user: User, ticket: Ticket) -> Answer:
    if ticket.assignee_id != user.pk:
        return refuse(_("Only the assigned agent can accept this ticket."), code="not_assignee")
    if ticket.status != Status.PENDING_ACCEPTANCE:
        return refuse(
            _("There is nothing to accept: the ticket is %(status)s.") % _status(ticket), code="not_pending", status=409
        )
    return ALLOWED


def may_decline(user: User, ticket: Ticket) -> Answer:
    if ticket.assignee_id != user.pk or ticket.status != Status.PENDING_ACCEPTANCE:
        return refuse(_("Only unaccepted work assigned to you can be declined."), code="not_declinable", status=409)
    return ALLOWED


def may_claim(user: User, ticket: Ticket) -> Answer:
    """A queued ticket of one of the agent's groups (or the group they lead); the engine's rules come on top."""
    profile = agent_profile(user)
    if profile is None:
        return refuse(_("Only agents can take tickets."), code="not_an_agent")
    if ticket.status != Status.NEW or ticket.assignee_id is not None:
        return refuse(
            _("Ticket %(number)s was already taken.") % {"number": ticket.number}, code="already_taken", status=409
        )
    in_group = ticket.group_id is not None and profile.groups.filter(pk=ticket.group_id).exists()
    if not in_group and not leads_group(user, ticket.group_id):
        return refuse(_("Only members of the ticket's group may claim it."), code="not_a_member")
    return ALLOWED


def may_confirm(user: User, ticket: Ticket) -> Answer:
    """Assign queued work by hand (review mode): dispatchers, managers, admins, or the group's lead."""
    if not _dispatches_for(user, ticket):
        return refuse(_("Only dispatchers and group leads may assign."))
    if ticket.status != Status.NEW:
        return refuse(
            _("Ticket %(number)s is no longer waiting.") % {"number": ticket.number}, code="not_queued", status=409
        )
    return ALLOWED


def may_escalate(user: User | None, ticket: Ticket) -> Answer:
    """To L2: the agent who holds it, a dispatcher, manager or admin, or the group's lead; None is the desk's SLA rules."""
    if ticket.tier != Tier.L1:
        return refuse(
            _("Ticket %(number)s is already with L2.") % {"number": ticket.number}, code="already_escalated", status=409
        )
    if ticket.status not in ESCALATABLE_STATUSES:
        return refuse(
            _("Ticket %(number)s cannot be escalated while it is %(status)s.")
            % {"number": ticket.number, **_status(ticket)},
            code="not_escalatable",
            status=409,
        )
    if user is None or ticket.assignee_id == user.pk or _dispatches_for(user, ticket):
        return ALLOWED
    return refuse(_("Only the assigned agent, a dispatcher or the group lead may escalate."))


def may_merge(user: User, source: Ticket, target: Ticket) -> Answer:
    """Merge a duplicate into another ticket: staff, two different open tickets of the same customer (else
    one customer would read another's conversation)."""
    numbers = {"source": source.number, "target": target.number}
    if not user.is_staff_member:
        return may_use_desk(user)
    if source.pk == target.pk:
        return refuse(_("A ticket cannot be merged into itself."), code="merge_itself", status=409)
    if source.status == Status.CLOSED:
        return refuse(
            _("Ticket %(source)s is closed; only open tickets are merged.") % numbers, code="merge_closed", status=409
        )
    if target.status == Status.CLOSED:
        return refuse(
            _("Ticket %(target)s is closed and cannot take in another ticket.") % numbers,
            code="merge_closed",
            status=409,
        )
    if source.customer_id != target.customer_id:
        return refuse(
            _(
                "Ticket %(source)s is from another customer than ticket %(target)s; merging would show one customer the other's conversation."
            )
            % numbers,
            code="merge_other_customer",
            status=409,
        )
    return ALLOWED


# --- helpers ----------------------------------------------------------------------------------


def _dispatches_for(user: User, ticket: Ticket) -> bool:
    return bool(may_dispatch_group(user, ticket.group_id))


def _is_customer_of(user: User, ticket: Ticket) -> bool:
    contact = getattr(user, "contact", None)
    return isinstance(contact, Contact) and _speaks_for(contact, ticket)


def _speaks_for(contact: Contact, ticket: Ticket) -> bool:
    """The ticket's own customer, or an admin of the ticket's organisation (tickets_visible_to agrees)."""
    if contact.pk == ticket.customer_id:
        return True
    return (
        contact.organisation_admin
        and ticket.organisation_id is not None
        and (contact.organisation_id == ticket.organisation_id)
    )


def _is_staff(author: User | Contact) -> bool:
    return isinstance(author, User) and author.is_staff_member


def _has_room(agent: User) -> Answer:
    profile = agent_profile(agent)
    if profile is None or not agent.is_active:
        return refuse(_("No active agent has id %(id)s.") % {"id": agent.pk}, code="unknown_agent", status=422)
    if profile.load >= profile.capacity:
        return refuse(
            _("%(agent)s already holds %(load)d of %(capacity)d tickets.")
            % {"agent": agent, "load": profile.load, "capacity": profile.capacity},
            code="agent_at_capacity",
            status=409,
        )
    return ALLOWED


def _status(ticket: Ticket) -> dict[str, str]:
    return {"status": str(ticket.get_status_display())}
