"""The settings area's forms: they parse what was typed; the services decide and write."""

from __future__ import annotations

import json
from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from dispatchdesk.accounts.models import (
    STAFF_ROLES,
    AgentProfile,
    DispatchMode,
    DispatchPolicy,
    Region,
    Skill,
    SkillGroup,
    Tier,
    User,
    Weekday,
)
from dispatchdesk.common.forms import DomainErrorForm
from dispatchdesk.integrations.models import Format, WebhookEvent
from dispatchdesk.settings_area.fields import DayExceptionsField, MinutesField, WindowsField
from dispatchdesk.sla.models import Calendar
from dispatchdesk.tickets.models import Priority

CHECKBOXES = forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"})
PROFICIENCY = [(level, str(level)) for level in range(1, 6)]


def staff() -> Any:
    return User.objects.filter(role__in=STAFF_ROLES, is_active=True).order_by("first_name", "last_name", "username")


def agents() -> Any:
    return AgentProfile.objects.select_related("user").order_by("user__first_name", "user__last_name")


class RegionChoice(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.name} ({obj.time_zone})"


class AgentForm(DomainErrorForm):
    tier = forms.ChoiceField(label=_("Tier"), choices=Tier.choices)
    region = RegionChoice(
        label=_("Region and time zone"),
        queryset=Region.objects.all(),
        required=False,
        empty_label=_("None (UTC)"),
        help_text=_("Shifts are in this region's time zone."),
    )
    capacity = forms.IntegerField(label=_("Capacity"), help_text=_("Maximum open tickets at once"))
    may_work_overtime = forms.BooleanField(
        label=_("May work overtime"),
        required=False,
        help_text=_("Online outside their shifts, the agent still takes work."),
    )
    groups = forms.ModelMultipleChoiceField(
        label=_("Skill groups"), queryset=SkillGroup.objects.all(), required=False, widget=CHECKBOXES
    )

    error_fields = {
        "invalid_capacity": "capacity",
        "capacity_below_load": "capacity",
        "invalid_tier": "tier",
        "unknown_group": "groups",
    }


class SkillForm(DomainErrorForm):
    skill = forms.ModelChoiceField(label=_("Skill"), queryset=Skill.objects.all())
    proficiency = forms.TypedChoiceField(label=_("Proficiency"), choices=PROFICIENCY, coerce=int, initial=3)

    error_fields = {"invalid_proficiency": "proficiency", "skill_not_held": "skill"}


class WeeklyForm(DomainErrorForm):
    """Hours for each weekday, several windows a day if need be: an agent's shifts or a calendar's hours."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for day in Weekday:
            self.fields[f"day_{day.value}"] = WindowsField(label=day.label)
        self.order_fields([*(f for f in self.fields if not f.startswith("day_")), *self.day_names()])

    @staticmethod
    def day_names() -> list[str]:
        return [f"day_{day.value}" for day in Weekday]

    def weekly(self) -> dict[int, list[Any]]:
        return {day.value: self.cleaned_data[f"day_{day.value}"] for day in Weekday}

    def day_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in self.day_names()]

    # The services' refusals of hours (invalid_shift, invalid_hours) concern several days: shown above them.


class GroupForm(DomainErrorForm):
    name = forms.CharField(label=_("Name"), max_length=100)
    tier = forms.ChoiceField(label=_("Tier"), choices=Tier.choices)
    mode = forms.ChoiceField(label=_("Dispatch mode"), choices=DispatchMode.choices, widget=forms.RadioSelect)
    policy = forms.ChoiceField(
        label=_("Dispatch policy"),
        choices=DispatchPolicy.choices,
        help_text=_("How automatic dispatch chooses; compare policies on the what-if page first."),
    )
    lead = forms.ModelChoiceField(label=_("Lead"), queryset=staff(), required=False, empty_label=_("No lead"))
    members = forms.ModelMultipleChoiceField(label=_("Members"), queryset=agents(), required=False, widget=CHECKBOXES)

    error_fields = {
        "invalid_name": "name",
        "duplicate_name": "name",
        "invalid_mode": "mode",
        "unknown_policy": "policy",
        "unknown_agent": "members",
    }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["mode"].widget.attrs["class"] = "form-check-input"


class RuleForm(DomainErrorForm):
    """One routing rule: its conditions and actions in the rule set's own JSON (docs/features.md, D9)."""

    name = forms.CharField(label=_("Name"), max_length=100)
    when = forms.CharField(
        label=_("When"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "class": "form-control form-control-sm font-monospace"}),
    )
    then = forms.CharField(
        label=_("Then"),
        widget=forms.Textarea(attrs={"rows": 3, "class": "form-control form-control-sm font-monospace"}),
    )
    stop = forms.BooleanField(label=_("Stop"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():  # the table's column headings are the only visible labels
            field.widget.attrs["aria-label"] = field.label

    def clean_when(self) -> dict[str, Any]:
        return _json_object(self.cleaned_data["when"] or "{}")

    def clean_then(self) -> dict[str, Any]:
        return _json_object(self.cleaned_data["then"])

    def rule(self) -> dict[str, Any]:
        data = self.cleaned_data
        rule = {"name": data["name"], "when": data["when"], "then": data["then"]}
        return rule | ({"stop": True} if data["stop"] else {})


def _json_object(text: str) -> dict[str, Any]:
    try:
        value = json.loads(text)
    except json.JSONDecodeError as error:
        raise forms.ValidationError(_("Not valid JSON: %(error)s"), params={"error": error.msg}) from None
    if not isinstance(value, dict):
        raise forms.ValidationError(_('Write an object, e.g. {"keywords": ["vpn"]}.'))
    return value


class BaseRuleFormSet(forms.BaseFormSet):  # type: ignore[type-arg]
    def add_fields(self, form: forms.Form, index: int | None) -> None:
        super().add_fields(form, index)
        # Added after the form's own fields got their Bootstrap classes.
        form.fields["ORDER"].widget.attrs.update({"class": "form-control form-control-sm", "aria-label": _("Order")})
        form.fields["DELETE"].widget.attrs.update({"class": "form-check-input", "aria-label": _("Remove")})


RuleFormSet = forms.formset_factory(RuleForm, formset=BaseRuleFormSet, extra=1, can_delete=True, can_order=True)


class PublishForm(DomainErrorForm):
    comment = forms.CharField(label=_("What changed, and why"), max_length=200, required=False)

    # invalid_rules names the rule at fault and is shown above the list.


class PolicyForm(DomainErrorForm):
    name = forms.CharField(label=_("Name"), max_length=100)
    calendar = forms.ModelChoiceField(label=_("Business hours"), queryset=Calendar.objects.order_by("name"))
    warning_percent = forms.IntegerField(label=_("At risk from (percent of the target used)"), initial=75)
    active = forms.BooleanField(label=_("Active"), required=False, initial=True)

    error_fields = {
        "invalid_name": "name",
        "duplicate_name": "name",
        "invalid_warning": "warning_percent",
    }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for priority in Priority:
            required = priority == Priority.URGENT  # every policy sets at least the urgent targets
            self.fields[f"p{priority.value}_first"] = MinutesField(label=_("First response"), required=required)
            self.fields[f"p{priority.value}_next"] = MinutesField(label=_("Next response"), required=False)
            self.fields[f"p{priority.value}_resolution"] = MinutesField(label=_("Resolution"), required=required)

    def target_rows(self) -> list[tuple[str, list[forms.BoundField]]]:
        return [
            (str(priority.label), [self[f"p{priority.value}_{kind}"] for kind in ("first", "next", "resolution")])
            for priority in Priority
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for priority in Priority:
            first, resolution = data.get(f"p{priority.value}_first"), data.get(f"p{priority.value}_resolution")
            if (first is None) != (resolution is None):
                self.add_error(
                    f"p{priority.value}_resolution" if resolution is None else f"p{priority.value}_first",
                    _("Give both the first response and the resolution, or neither."),
                )
        return data


class CalendarForm(WeeklyForm):
    name = forms.CharField(label=_("Name"), max_length=100)
    time_zone = forms.CharField(label=_("Time zone"), max_length=64, initial=settings.TIME_ZONE)
    always_open = forms.BooleanField(label=_("Open 24/7"), required=False)
    holiday_country = forms.CharField(
        label=_("Public holidays of country"), max_length=2, required=False, help_text=_("ISO code, e.g. DE")
    )
    holiday_subdivision = forms.CharField(
        label=_("… and region"), max_length=10, required=False, help_text=_("e.g. BE for Berlin")
    )
    exceptions = DayExceptionsField(
        label=_("Company holidays and other hours"),
        help_text=_("One date a line: “2026-12-24 Christmas Eve” is closed; “2026-12-31 09:00-13:00” opens then."),
    )

    error_fields = {
        "invalid_name": "name",
        "duplicate_name": "name",
        "invalid_time_zone": "time_zone",
        "invalid_country": "holiday_country",
    }


class MacroForm(DomainErrorForm):
    name = forms.CharField(label=_("Name"), max_length=100)
    language = forms.ChoiceField(label=_("Language"), choices=settings.LANGUAGES)
    owner = forms.ModelChoiceField(
        label=_("Who uses it"), queryset=staff(), required=False, empty_label=_("Shared with every agent")
    )
    body = forms.CharField(
        label=_("Text"),
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("Placeholders: {{customer_name}}, {{ticket_number}}, {{ticket_subject}}, {{agent_name}}"),
    )

    error_fields = {"invalid_macro": "body", "unknown_placeholder": "body", "invalid_language": "language"}


class ContactImportForm(DomainErrorForm):
    """A CSV of contacts (customers.csv_import decides what is in it)."""

    MAX_BYTES = 2 * 1024 * 1024  # a thousand contacts take well under 200 kB

    file = forms.FileField(
        label=_("CSV file"),
        help_text=_("UTF-8, with the header line name,email,phone,organisation,external_id,language."),
    )
    dry_run = forms.BooleanField(label=_("Dry run: check every row and save nothing"), required=False, initial=True)
    error_fields = {"invalid_file": "file", "invalid_columns": "file", "too_many_rows": "file"}

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > self.MAX_BYTES:
            raise forms.ValidationError(_("The file is larger than 2 MB."))
        return upload


class SubscriptionForm(DomainErrorForm):
    """A webhook subscription or a group's chat channel; only an administrator may tick the private network."""

    url = forms.URLField(label=_("Target URL"), max_length=500, assume_scheme="https")
    events = forms.MultipleChoiceField(label=_("Events"), choices=WebhookEvent.choices, widget=CHECKBOXES)
    group = forms.ModelChoiceField(
        label=_("Skill group"),
        queryset=SkillGroup.objects.all(),
        required=False,
        empty_label=_("None (webhooks)"),
        help_text=_("Slack and WeChat Work channels hear of this group's tickets only."),
    )
    language = forms.ChoiceField(label=_("Language"), choices=settings.LANGUAGES)
    unassigned_minutes = forms.IntegerField(
        label=_("Unassigned too long after"),
        min_value=1,
        max_value=7 * 24 * 60,
        initial=30,
        help_text=_("Business minutes a ticket may wait in the queue without an agent before it is announced."),
    )
    allow_private_network = forms.BooleanField(
        label=_("Allow a private network target"),
        required=False,
        help_text=_("Only administrators may allow a target in a private or loopback network."),
    )

    error_fields = {
        "webhook_bad_url": "url",
        "webhook_private_target": "url",
        "webhook_unresolvable": "url",
        "webhook_bad_events": "events",
        "webhook_bad_group": "group",
        "webhook_bad_language": "language",
        "webhook_bad_unassigned": "unassigned_minutes",
        "forbidden": "allow_private_network",
    }

    def __init__(self, *args: Any, administrator: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # A disabled field keeps its initial value whatever is posted: a manager cannot tick it.
        self.fields["allow_private_network"].disabled = not administrator
        self.fields["allow_private_network"].widget.attrs["class"] = "form-check-input"


class NewSubscriptionForm(SubscriptionForm):
    format = forms.ChoiceField(label=_("Kind"), choices=Format.choices, initial=Format.WEBHOOK)

    field_order = ["format", "url", "events", "group", "language", "unassigned_minutes", "allow_private_network"]


class ClassifierForm(DomainErrorForm):
    enabled = forms.BooleanField(label=_("Route new tickets by the learned classifier"), required=False)
    threshold_percent = forms.IntegerField(
        label=_("Confidence needed to assign without review (percent)"),
        min_value=0,
        max_value=100,
        help_text=_("Less sure predictions send the ticket to review, or leave it in its group's queue."),
    )

    error_fields = {"invalid_threshold": "threshold_percent"}


class PortalSettingsForm(DomainErrorForm):
    """The customer portal's rules (customers.portal_settings); the service checks the bounds."""

    reopen_window_days = forms.IntegerField(
        label=_("Reopen window (days)"),
        help_text=_(
            "A customer's answer within this many days of the resolution reopens the request; a later one opens a linked follow-up."
        ),
    )
    sign_in_link_minutes = forms.IntegerField(
        label=_("Sign-in link lifetime (minutes)"),
        help_text=_("How long the link the portal emails to sign in works (once)."),
    )
    error_fields = {"invalid_reopen_window": "reopen_window_days", "invalid_link_lifetime": "sign_in_link_minutes"}
