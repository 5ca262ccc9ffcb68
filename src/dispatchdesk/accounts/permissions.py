"""Permission rules that need no ticket: who may use the desk, the queue, the console, the policies, the settings.

Part of the one home of who may do what: tickets.permissions re-exports these beside the
ticket rules, and everything above the ticket layer imports them from there. They live here
because customers (below tickets) asks them too.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from dispatchdesk.accounts.models import MANAGING_ROLES, SYNCING_ROLES, AgentProfile, SkillGroup, User
from dispatchdesk.common.errors import DomainError


class Answer:
    """Whether an action is allowed; when it is not, the refusal to raise or show."""

    __slots__ = ("refusal",)

    def __init__(self, refusal: DomainError | None = None) -> None:
        self.refusal = refusal

    def __bool__(self) -> bool:
        return self.refusal is None

    def __repr__(self) -> str:
        return "Answer(allowed)" if self.refusal is None else f"Answer({self.refusal.code})"

    @property
    def message(self) -> str:
        return self.refusal.message if self.refusal is not None else ""

    @property
    def code(self) -> str:
        return self.refusal.code if self.refusal is not None else ""

    def require(self) -> None:
        """Raise the refusal, if any: what a service does before it writes."""
        if self.refusal is not None:
            raise self.refusal


ALLOWED = Answer()


def refuse(message: str, *, code: str = "forbidden", status: int = 403) -> Answer:
    return Answer(DomainError(message, code=code, status=status))


def agent_profile(user: User) -> AgentProfile | None:
    """The user's agent profile (skills, groups, capacity), or None for customers, managers and admins."""
    profile: AgentProfile | None = getattr(user, "agent", None)
    return profile


def leads_group(user: User, group_id: int | None) -> bool:
    return group_id is not None and SkillGroup.objects.filter(pk=group_id, lead=user).exists()


def may_use_desk(user: User) -> Answer:
    """Agent pages and the staff API: agents, dispatchers, managers and admins."""
    return ALLOWED if user.is_staff_member else refuse(_("Only support staff may do this."))


def may_work_queue(user: User) -> Answer:
    """Take work and set a presence ("next ticket", online/away): anyone with an agent profile."""
    if agent_profile(user) is None:
        return refuse(_("Only agents take work and have a presence."), code="not_an_agent")
    return ALLOWED


def may_use_console(user: User) -> Answer:
    """The dispatcher console: dispatchers, managers, admins, and any agent who leads a group."""
    if user.oversees_all or SkillGroup.objects.filter(lead=user).exists():
        return ALLOWED
    return refuse(_("Only dispatchers and group leads may dispatch."))


def may_see_group(user: User, group_id: int) -> Answer:
    """A group's board (P4), by the rule of tickets_visible_to: the desk's overseers see every group,
    an agent the groups they work in; to anyone else the group does not exist (404)."""
    if user.oversees_all:
        return ALLOWED
    profile = agent_profile(user) if user.is_staff_member else None
    if profile is not None and profile.groups.filter(pk=group_id).exists():
        return ALLOWED
    return refuse(_("You do not work in this group."), code="not_in_group", status=404)


def may_set_wip_limits(user: User, group_id: int) -> Answer:
    """The column limits of a group's board: its lead, managers and administrators."""
    if may_configure(user) or leads_group(user, group_id):
        return ALLOWED
    return refuse(_("Only the group's lead and managers may change its column limits."))


def may_manage_policies(user: User) -> Answer:
    """Compare dispatch policies on the desk's history and switch the one in use: managers and admins."""
    return ALLOWED if user.role in MANAGING_ROLES else refuse(_("Only managers and administrators may do this."))


def may_configure(user: User) -> Answer:
    """The settings area (agents, groups, routing rules, service levels, macros): managers and admins."""
    if user.role in MANAGING_ROLES:
        return ALLOWED
    return refuse(_("Only managers and administrators may change the settings."))


def may_sync_contacts(user: User) -> Answer:
    """Create or update contacts by external id, in bulk or from a CSV file: admins and integrations."""
    if user.role in SYNCING_ROLES:
        return ALLOWED
    return refuse(_("Only administrators and integrations may import contacts."))


def may_share_views(user: User) -> Answer:
    """Save a ticket-list view for the whole desk (or change a shared one): dispatchers, managers, admins."""
    if user.oversees_all:
        return ALLOWED
    return refuse(_("Only dispatchers and managers may share views with everyone."))


def reported_groups(user: User) -> frozenset[int] | None:
    """The skill groups whose figures `user` may see: None for all of them (dispatchers, managers,
    admins), else the groups they lead (SkillGroup.lead; the role model has no manager of one group)."""
    if user.oversees_all:
        return None
    return frozenset(SkillGroup.objects.filter(lead=user).values_list("pk", flat=True))


def may_view_reports(user: User, group_id: int | None = None) -> Answer:
    """The dashboard: of the whole desk for dispatchers, managers and admins; of the groups they lead
    for group leads (all of them together, or one: `group_id`)."""
    groups = reported_groups(user)
    if groups is None:
        return ALLOWED
    if not groups:
        return refuse(_("Only managers, dispatchers and group leads may see the dashboard."))
    if group_id is not None and group_id not in groups:
        return refuse(_("You may see the figures of the groups you lead only."), code="not_your_group")
    return ALLOWED


def may_write_articles(user: User) -> Answer:
    """Write knowledge-base articles and edit them (A5): drafts and internal ones, any support staff."""
    if user.is_staff_member:
        return ALLOWED
    return refuse(_("Only support staff may write articles."))


def may_publish_articles(user: User) -> Answer:
    """Publish an article, or make one public in the help centre (customers read it): dispatchers,
    managers and administrators; agents write drafts and internal articles for them to review."""
    if user.oversees_all:
        return ALLOWED
    return refuse(
        _("Only dispatchers and managers may publish articles; save it as a draft for them to review."),
        code="may_not_publish",
    )


def may_lead_incidents(user: User) -> Answer:
    """Answer every customer of an incident at once and resolve it with its tickets (A4): dispatchers,
    managers and administrators, who may act on tickets of every group."""
    if user.oversees_all:
        return ALLOWED
    return refuse(_("Only dispatchers and managers may answer or resolve an incident."), code="may_not_lead_incidents")
