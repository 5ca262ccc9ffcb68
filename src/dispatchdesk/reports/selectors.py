"""The dashboard as one value: which tickets it is about (the scope, checked here), its figures and
the links to the tickets behind each of them (the inbox, workstation:inbox, with its filters)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any
from urllib.parse import urlencode

from django.db.models import QuerySet
from django.urls import reverse
from django.utils.translation import gettext as _

from dispatchdesk.accounts.models import SkillGroup, User
from dispatchdesk.common import clock
from dispatchdesk.common.errors import DomainError
from dispatchdesk.reports import metrics
from dispatchdesk.tickets.models import OPEN_STATUSES, Priority, Status
from dispatchdesk.tickets.permissions import may_view_reports, reported_groups
from dispatchdesk.tickets.sla_state import AT_RISK, BREACHED


@dataclass(frozen=True, slots=True)
class DashboardScope:
    scope: metrics.Scope
    group: SkillGroup | None  # the one group asked for, if any
    choices: QuerySet[SkillGroup]  # the groups the user may choose from (read only by the full page)


def dashboard_scope(*, user: User, group: str) -> DashboardScope:
    """The scope `user` asked for with `?group=`: refused with a sentence (4xx) when it is not a group
    id, no such group exists, or it is not one of theirs; an empty value is all they may see."""
    may_view_reports(user).require()
    allowed = reported_groups(user)
    choices = SkillGroup.objects.order_by("name")
    if allowed is not None:
        choices = choices.filter(pk__in=allowed)
    if not group.strip():
        return DashboardScope(metrics.Scope(allowed), None, choices)
    if not group.strip().isdigit():
        raise DomainError(_("Choose a skill group from the list."), code="bad_group", status=400)
    chosen = SkillGroup.objects.filter(pk=int(group)).first()
    if chosen is None:
        raise DomainError(
            _("There is no skill group with the number %(id)s.") % {"id": group}, code="no_group", status=404
        )
    may_view_reports(user, chosen.pk).require()
    return DashboardScope(metrics.Scope(frozenset({chosen.pk})), chosen, choices)


@dataclass(frozen=True, slots=True)
class Cell:
    value: Any
    link: str


@dataclass(frozen=True, slots=True)
class BacklogRow:
    label: str
    cells: list[Cell]
    total: Cell


@dataclass
class Dashboard:
    day: date
    now: datetime
    new: Cell
    resolved: Cell
    at_risk: Cell
    breached: Cell
    first_response: metrics.Times
    first_response_link: str
    resolution: metrics.Times
    compliance: metrics.Compliance
    satisfaction: metrics.Satisfaction
    agents: list[tuple[metrics.AgentLoad, str]]
    backlog: list[BacklogRow]
    backlog_total: Cell
    priorities: list[str] = field(default_factory=list)

    @property
    def load(self) -> tuple[int, int]:
        return sum(a.load for a, _l in self.agents), sum(a.capacity for a, _l in self.agents)


def dashboard(scope: DashboardScope) -> Dashboard:
    now = clock.now()
    day = clock.desk_today()
    span = clock.desk_day(day)
    link = _linker(scope)
    on = day.isoformat()
    today = metrics.day_rows(scope.scope, span)
    sla = metrics.sla_now(scope.scope, now)
    return Dashboard(
        day=day,
        now=now,
        new=Cell(metrics.new_tickets(today), link(created_from=on, created_to=on)),
        resolved=Cell(metrics.resolved_tickets(today), link(resolved=on)),
        at_risk=Cell(sla[AT_RISK], link(sla=AT_RISK, order="due")),
        breached=Cell(sla[BREACHED], link(sla=BREACHED, order="due")),
        first_response=metrics.first_response_times(today),
        first_response_link=link(answered=on),
        resolution=metrics.resolution_times(today),
        compliance=metrics.sla_compliance(today),
        satisfaction=metrics.satisfaction(scope.scope, span),
        agents=[(agent, link(assignee=agent.agent_id, open="on")) for agent in metrics.agents_online(scope.scope, now)],
        priorities=[str(label) for _v, label in Priority.choices],
        **_backlog(metrics.backlog(scope.scope), link),
    )


def _linker(scope: DashboardScope) -> Any:
    """Links to the inbox, limited to the dashboard's group when the scope is one group."""
    groups = scope.scope.group_ids
    base = {"group": next(iter(groups))} if groups is not None and len(groups) == 1 else {}
    url = reverse("workstation:inbox")

    def link(**params: Any) -> str:
        return f"{url}?{urlencode(base | params)}"

    return link


def _backlog(counts: dict[tuple[str, int], int], link: Any) -> dict[str, Any]:
    rows = []
    for status in OPEN_STATUSES:
        cells = [Cell(counts.get((status, p), 0), link(status=status, priority=p)) for p in Priority.values]
        total = sum(cell.value for cell in cells)
        rows.append(BacklogRow(str(Status(status).label), cells, Cell(total, link(status=status))))
    total = Cell(sum(row.total.value for row in rows), link(open="on"))
    return {"backlog": rows, "backlog_total": total}
