"""What every report is about: one parsed query (date range, group, agent, channel, category), from one form.

The range is a run of whole desk days (common.clock.desk_day, settings.TIME_ZONE), both ends included.
The scope is what the viewer may see (accounts.permissions.reported_groups), narrowed by the form:
a group lead chooses among the groups they lead and never sees another group's figures.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any
from urllib.parse import urlencode

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from dispatchdesk.accounts.models import SkillGroup, User
from dispatchdesk.common import clock
from dispatchdesk.common.forms import BootstrapForm
from dispatchdesk.reports.models import TicketFigures
from dispatchdesk.tickets.models import Category, Channel, Rating
from dispatchdesk.tickets.permissions import may_view_reports, reported_groups

MAX_DAYS = 366  # a year, leap or not: longer ranges are refused with a sentence

PRESETS = [
    ("7", gettext_lazy("Last 7 days")),
    ("30", gettext_lazy("Last 30 days")),
    ("90", gettext_lazy("Last 90 days")),
    ("this_month", gettext_lazy("This month")),
    ("last_month", gettext_lazy("Last month")),
    ("custom", gettext_lazy("Custom range")),
]
DEFAULT_PRESET = "30"


def preset_range(preset: str, today: date) -> tuple[date, date]:
    """The first and last desk day of a preset; "last N days" ends today."""
    if preset == "this_month":
        return today.replace(day=1), today
    if preset == "last_month":
        last = today.replace(day=1) - timedelta(days=1)
        return last.replace(day=1), last
    return today - timedelta(days=int(preset) - 1), today


@dataclass(frozen=True, slots=True)
class ReportQuery:
    """One report's question. `group_ids` is the scope (None: the whole desk), already checked."""

    start: date
    end: date  # included
    preset: str
    group_ids: frozenset[int] | None
    group: SkillGroup | None = None
    agent: User | None = None
    channel: str = ""
    category: Category | None = None

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    @property
    def span(self) -> tuple[datetime, datetime]:
        """[start, end) as moments: midnight of the first day to midnight after the last, desk time."""
        return clock.desk_day(self.start)[0], clock.desk_day(self.end)[1]

    @property
    def whole_desk(self) -> bool:
        """Whether the query asks about every ticket of the range: no scope, agent, channel or category."""
        return self.group_ids is None and self.agent is None and not self.channel and self.category is None

    def previous(self) -> ReportQuery:
        """The same filters over the as many days just before (for "rising" comparisons)."""
        end = self.start - timedelta(days=1)
        return _replace(self, start=end - timedelta(days=self.days - 1), end=end, preset="custom")

    def figures(self) -> QuerySet[TicketFigures]:
        """Every ticket's stored figures within the scope and filters (not yet the range)."""
        rows = TicketFigures.objects.all()
        if self.group_ids is not None:
            rows = rows.filter(group_id__in=self.group_ids)
        if self.agent is not None:
            rows = rows.filter(assignee_id=self.agent.pk)
        if self.channel:
            rows = rows.filter(channel=self.channel)
        if self.category is not None:
            rows = rows.filter(category_id=self.category.pk)
        return rows

    def during(self, field: str) -> QuerySet[TicketFigures]:
        """The figures whose moment `field` (created_at, first_response_at, resolved_at) fell in the range."""
        start, end = self.span
        return self.figures().filter(**{f"{field}__gte": start, f"{field}__lt": end})

    def ratings(self) -> QuerySet[Rating]:
        """The ratings given in the range, by the group and agent of the resolution they rate."""
        start, end = self.span
        ratings = Rating.objects.filter(created_at__gte=start, created_at__lt=end)
        if self.group_ids is not None:
            ratings = ratings.filter(group_id__in=self.group_ids)
        if self.agent is not None:
            ratings = ratings.filter(agent_id=self.agent.pk)
        if self.channel:
            ratings = ratings.filter(ticket__channel=self.channel)
        if self.category is not None:
            ratings = ratings.filter(ticket__category_id=self.category.pk)
        return ratings

    def params(self) -> dict[str, Any]:
        """The query string that asks for this query again (links, exports)."""
        values = {
            "preset": self.preset,
            "start": self.start.isoformat(),
            "end": self.end.isoformat(),
            "group": self.group.pk if self.group else "",
            "agent": self.agent.pk if self.agent else "",
            "channel": self.channel,
            "category": self.category.pk if self.category else "",
        }
        return {key: value for key, value in values.items() if value != ""}

    @property
    def querystring(self) -> str:
        return urlencode(self.params())

    @property
    def filters_querystring(self) -> str:
        """The filters without the range, for the preset links."""
        return urlencode({k: v for k, v in self.params().items() if k not in ("preset", "start", "end")})


def _replace(query: ReportQuery, **changes: Any) -> ReportQuery:
    fields = {name: getattr(query, name) for name in ReportQuery.__slots__}
    return ReportQuery(**(fields | changes))


class AgentChoice(forms.ModelChoiceField[User]):
    def label_from_instance(self, obj: User) -> str:
        name = str(obj)
        return name if obj.is_active else _("%(name)s (left)") % {"name": name}


class ReportForm(BootstrapForm):
    """The one form of every report: a GET form, so a report is a link."""

    preset = forms.ChoiceField(label=gettext_lazy("Period"), choices=PRESETS, required=False)
    start = forms.DateField(label=gettext_lazy("From"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(label=gettext_lazy("To"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    group = forms.ModelChoiceField(
        label=gettext_lazy("Skill group"),
        queryset=SkillGroup.objects.none(),
        required=False,
        error_messages={
            "invalid_choice": gettext_lazy("There is no such skill group among yours: choose one from the list.")
        },
    )
    agent = AgentChoice(
        label=gettext_lazy("Agent"),
        queryset=User.objects.none(),
        required=False,
        error_messages={"invalid_choice": gettext_lazy("There is no such agent: choose one from the list.")},
    )
    channel = forms.ChoiceField(label=gettext_lazy("Channel"), required=False)
    category = forms.ModelChoiceField(
        label=gettext_lazy("Category"),
        queryset=Category.objects.order_by("name"),
        required=False,
        error_messages={"invalid_choice": gettext_lazy("There is no such category: choose one from the list.")},
    )

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        self.allowed = reported_groups(user)
        group: Any = self.fields["group"]
        groups = SkillGroup.objects.order_by("name")
        group.queryset = groups if self.allowed is None else groups.filter(pk__in=self.allowed)
        group.empty_label = _("All groups") if self.allowed is None else _("All my groups")
        # Agents who left stay selectable: their history is still theirs (shown "(left)").
        agents = User.objects.filter(agent__isnull=False).order_by("-is_active", "first_name", "last_name", "username")
        if self.allowed is not None:
            agents = agents.filter(agent__groups__in=self.allowed).distinct()
        agent: Any = self.fields["agent"]
        agent.queryset, agent.empty_label = agents, _("All agents")
        channel: Any = self.fields["channel"]
        channel.choices = [("", _("All channels")), *Channel.choices]
        category: Any = self.fields["category"]
        category.empty_label = _("All categories")

    def clean(self) -> dict[str, Any]:
        data: dict[str, Any] = super().clean() or {}
        preset = data.get("preset") or (DEFAULT_PRESET if not (data.get("start") or data.get("end")) else "custom")
        data["preset"] = preset
        if preset != "custom":
            data["start"], data["end"] = preset_range(preset, clock.desk_today())
        elif not data.get("start") or not data.get("end"):
            if "start" not in self.errors and "end" not in self.errors:
                self.add_error("start", _("Give both the first and the last day of the range."))
            return data
        start, end = data["start"], data["end"]
        if end < start:
            self.add_error("end", _("The last day comes before the first: swap them."))
        elif (end - start).days + 1 > MAX_DAYS:
            self.add_error(
                "end",
                _("A report covers at most a year (%(days)s days); this range has %(asked)s. Choose a shorter one.")
                % {"days": MAX_DAYS, "asked": (end - start).days + 1},
            )
        return data

    def query(self) -> ReportQuery:
        """The parsed query; call after is_valid()."""
        data = self.cleaned_data
        group: SkillGroup | None = data.get("group")
        scope = self.allowed if group is None else frozenset({group.pk})
        return ReportQuery(
            start=data["start"],
            end=data["end"],
            preset=data["preset"],
            group_ids=scope,
            group=group,
            agent=data.get("agent"),
            channel=data.get("channel") or "",
            category=data.get("category"),
        )


def report_form(*, user: User, params: Any) -> ReportForm:
    """The bound form for `params` (request.GET); refuses (403) someone who may see no report."""
    may_view_reports(user).require()
    return ReportForm(params, user=user)
