"""Display helpers for ticket pages: labels and badge colours decided once, in Python.

Timeline events store raw values ("in_progress", "2"); these filters turn them into the
localised labels, so templates stay free of lookups. Portal templates load them too.
"""

from functools import lru_cache

from django import template
from django.core.exceptions import FieldDoesNotExist
from django.utils import formats, timezone
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from dispatchdesk.accounts.models import DispatchMode
from dispatchdesk.common.relative_times import relative
from dispatchdesk.dispatch.wording import factor_words as reason_words
from dispatchdesk.dispatch.wording import reason_words as stored_reason_words
from dispatchdesk.dispatch.wording import rule_label as hard_rule_label
from dispatchdesk.incidents.selectors import incidents_in_banner
from dispatchdesk.tickets.models import CUSTOMER_STATUS, Priority, Status, Ticket

register = template.Library()
PILLS_KEPT = 128  # of each kind: every status and priority in every language, and room for odd values

STATUS_BADGES: dict[str, str] = {
    Status.NEW: "text-bg-info",
    Status.PENDING_ACCEPTANCE: "text-bg-warning",
    Status.IN_PROGRESS: "text-bg-primary",
    Status.AWAITING_CUSTOMER: "bg-secondary-subtle text-secondary-emphasis border border-secondary-subtle",
    Status.AWAITING_REVIEW: "bg-info-subtle text-info-emphasis border border-info-subtle",
    Status.RESOLVED: "text-bg-success",
    Status.CLOSED: "text-bg-dark",
}
PRIORITY_BADGES: dict[int, str] = {
    Priority.URGENT: "text-bg-danger",
    Priority.HIGH: "bg-warning-subtle text-warning-emphasis border border-warning-subtle",
    Priority.NORMAL: "bg-primary-subtle text-primary-emphasis border border-primary-subtle",
    Priority.LOW: "bg-body-secondary text-body-secondary border",
}


@register.filter
def status_label(value: object) -> str:
    try:
        return str(Status(str(value)).label)
    except ValueError:
        return str(value)


@register.filter
def status_badge(value: object) -> str:
    return STATUS_BADGES.get(str(value), "text-bg-secondary")


@register.filter
def priority_label(value: object) -> str:
    try:
        return str(Priority(int(str(value))).label)
    except ValueError:
        return str(value)


@register.filter
def priority_badge(value: object) -> str:
    try:
        return PRIORITY_BADGES.get(int(str(value)), "text-bg-secondary")
    except ValueError:
        return "text-bg-secondary"


@register.filter
def field_label(name: object) -> str:
    """The translated name of a ticket field, for "fields changed" events."""
    try:
        return str(Ticket._meta.get_field(str(name)).verbose_name)  # type: ignore[union-attr]
    except FieldDoesNotExist:
        return str(name)


@register.filter
def rule_label(rule: object) -> str:
    """A hard rule's name as a dispatcher reads it ("not available", not "unavailable")."""
    return hard_rule_label(str(rule))


@register.filter
def customer_status(value: object) -> str:
    """A status in the customer's words ("Waiting for your answer", not "Awaiting customer")."""
    return str(CUSTOMER_STATUS.get(str(value), status_label(value)))


@register.filter
def factor_words(factor: object) -> str:
    """One of a candidate's stored reasons as a dispatcher reads it ("idle for 2 hours")."""
    return reason_words(factor) if isinstance(factor, dict) else str(factor)


@register.filter
def reason_text(reason: object) -> str:
    """A decision's or status change's stored reason: the desk's own codes as sentences, a person's as written."""
    return stored_reason_words(str(reason))


@register.filter
def mode_label(value: object) -> str:
    """A dispatch mode by its name ("Fully automatic"), not its key."""
    try:
        return str(DispatchMode(str(value)).label)
    except ValueError:
        return str(value)


@register.inclusion_tag("workstation/incident_banner.html")
def incident_banner() -> dict[str, object]:
    """The open incidents, for the agents' banner (one query)."""
    return {"open_incidents": incidents_in_banner()}


# The badges every ticket row shows, as tags rather than included templates: a list renders dozens,
# and an include per badge cost a quarter of the page's time (docs/benchmarks/peer-table.md). A badge
# depends on nothing but its value's text and the language, so each is written once per process
# (docs/benchmarks/page-cost.md); the language is part of the key.


@register.simple_tag
def status_pill(value: object) -> SafeString:
    return _status_pill(str(value), get_language())


@register.simple_tag
def customer_status_pill(value: object) -> SafeString:
    """The status as the customer reads it."""
    return _customer_status_pill(str(value), get_language())


@register.simple_tag
def priority_pill(value: object) -> SafeString:
    return _priority_pill(str(value), get_language())


@lru_cache(maxsize=PILLS_KEPT)
def _status_pill(value: str, _language: str | None) -> SafeString:
    return format_html('<span class="badge rounded-pill {}">{}</span>', status_badge(value), status_label(value))


@lru_cache(maxsize=PILLS_KEPT)
def _customer_status_pill(value: str, _language: str | None) -> SafeString:
    return format_html('<span class="badge rounded-pill {}">{}</span>', status_badge(value), customer_status(value))


@lru_cache(maxsize=PILLS_KEPT)
def _priority_pill(value: str, _language: str | None) -> SafeString:
    return format_html('<span class="badge {}">{}</span>', priority_badge(value), priority_label(value))


@register.simple_tag
def sla_badge(ticket: Ticket) -> SafeString:
    """The next deadline in words, marked when at risk or breached; "Paused" while the clock waits."""
    state, due = getattr(ticket, "sla_state", None), ticket.sla_due_at
    if state == "paused":
        return format_html('<span class="small text-body-secondary">{}</span>', _("Paused"))
    if state not in ("breached", "at_risk", "running") or due is None:
        return SafeString("")
    title = formats.localize(timezone.localtime(due))
    if state == "running":
        return format_html('<span class="small text-body-secondary" title="{}">{}</span>', title, relative(due))
    css, label = ("sla-breached", _("Breached")) if state == "breached" else ("sla-at-risk", _("At risk"))
    return format_html('<span class="badge {}" title="{}">{} · {}</span>', css, title, label, relative(due))
