"""Who may do what to a ticket they can already see (visibility itself lives in selectors)."""

from django.utils.translation import gettext as _

from dispatchdesk.accounts.models import Role, User
from dispatchdesk.common.errors import DomainError


def require_staff(user: User) -> None:
    if not user.is_staff_member:
        raise DomainError(_("Only support staff may do this."), code="forbidden", status=403)


def require_may_assign_to(actor: User, agent: User) -> None:
    """Agents may take work themselves; handing it to someone else is for leads and up."""
    require_staff(actor)
    if actor.role == Role.AGENT and actor.pk != agent.pk:
        raise DomainError(_("Only dispatchers and leads may assign tickets to others."), code="forbidden", status=403)
