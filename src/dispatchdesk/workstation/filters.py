"""The inbox's filters: one form for the URL, the built-in views and saved views alike.

A view, built in or saved, is nothing but a query of this form (name -> values), so the list,
its count and the URL always agree. A filter naming a group, tag, agent, category, customer or
organisation that no longer exists is reported as void and ignored, never a 500.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from typing import Any

from django import forms
from django.http import QueryDict
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from dispatchdesk.accounts.models import SkillGroup, User
from dispatchdesk.customers.models import Contact, Organisation
from dispatchdesk.tickets.models import Category, Channel, Status, Tag
from dispatchdesk.tickets.selectors import TicketFilters
from dispatchdesk.tickets.sla_state import AT_RISK
from dispatchdesk.workstation.forms import ORDER_CHOICES, TicketFilterForm

PRIORITY_THEN_DUE = "priority_due"
# Fields that name a row: when the row is gone, the filter is void (shown, then ignored).
REFERENCES = ("group", "category", "tag", "assignee", "customer", "organisation")
# Query keys that are not filters (the page, the chosen saved view).
NOT_FILTERS = ("page", "view")
PAGE_SIZES = (25, 100, 500)


def _date() -> forms.DateInput:
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class InboxFilterForm(TicketFilterForm):
    channel = forms.ChoiceField(
        label=gettext_lazy("Channel"), required=False, choices=[("", gettext_lazy("Any channel")), *Channel.choices]
    )
    category = forms.ModelChoiceField(
        label=gettext_lazy("Category"),
        required=False,
        queryset=Category.objects.order_by("name"),
        empty_label=gettext_lazy("Any category"),
    )
    tag = forms.ModelChoiceField(
        label=gettext_lazy("Tag"),
        required=False,
        queryset=Tag.objects.order_by("name"),
        to_field_name="name",
        empty_label=gettext_lazy("Any tag"),
    )
    # Set from a link on a customer's or organisation's name in the list, shown as a removable chip.
    customer = forms.ModelChoiceField(
        label=gettext_lazy("Customer"), required=False, queryset=Contact.objects.all(), widget=forms.HiddenInput
    )
    organisation = forms.ModelChoiceField(
        label=gettext_lazy("Organisation"),
        required=False,
        queryset=Organisation.objects.all(),
        widget=forms.HiddenInput,
    )
    # Set by the dashboard's links (reports): first answered or resolved on a day in the desk's time zone.
    answered = forms.DateField(label=gettext_lazy("First answered on"), required=False, widget=forms.HiddenInput)
    resolved = forms.DateField(label=gettext_lazy("Resolved on"), required=False, widget=forms.HiddenInput)
    mygroups = forms.BooleanField(label=gettext_lazy("My groups only"), required=False)
    created_from = forms.DateField(label=gettext_lazy("Created from"), required=False, widget=_date())
    created_to = forms.DateField(label=gettext_lazy("Created until"), required=False, widget=_date())
    updated_from = forms.DateField(label=gettext_lazy("Updated from"), required=False, widget=_date())
    updated_to = forms.DateField(label=gettext_lazy("Updated until"), required=False, widget=_date())
    per = forms.TypedChoiceField(
        label=gettext_lazy("Per page"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=[(size, str(size)) for size in PAGE_SIZES],
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        order: Any = self.fields["order"]
        order.choices = [*ORDER_CHOICES, (PRIORITY_THEN_DUE, _("Priority, then next deadline"))]
        assignee: Any = self.fields["assignee"]
        agents = (
            User.objects.filter(agent__isnull=False, is_active=True)
            .only("pk", "username", "first_name", "last_name")
            .order_by("first_name", "last_name")
        )
        assignee.choices = [*assignee.choices, *((str(agent.pk), str(agent)) for agent in agents)]
        self.void: list[str] = []

    def to_filters(self, user: User) -> TicketFilters:
        """The valid filters; a void reference is noted in `void` and dropped, other bad values shown as errors."""
        base = super().to_filters(user)
        self._set_aside_void()
        data = self.cleaned_data
        assignee = data.get("assignee", "")
        return replace(
            base,
            assignee_id=int(assignee) if assignee.isdigit() else base.assignee_id,
            by_priority_then_due=data.get("order") == PRIORITY_THEN_DUE,
            channel=data.get("channel", ""),
            category_id=_pk(data.get("category")),
            tag_id=_pk(data.get("tag")),
            customer_id=_pk(data.get("customer")),
            organisation_id=_pk(data.get("organisation")),
            group_ids=_my_group_ids(user) if data.get("mygroups") else None,
            created_from=data.get("created_from"),
            created_to=data.get("created_to"),
            updated_from=data.get("updated_from"),
            updated_to=data.get("updated_to"),
            answered_on=data.get("answered"),
            resolved_on=data.get("resolved"),
        )

    def _set_aside_void(self) -> None:
        for name in REFERENCES:
            errors = self.errors.as_data().get(name, [])
            if any(error.code == "invalid_choice" for error in errors):
                del self.errors[name]
                self.void.append(_("%(filter)s no longer exists — filter ignored.") % {"filter": self[name].label})

    def page_size(self) -> int:
        size: int = self.cleaned_data.get("per") or PAGE_SIZES[0]
        return size


def _pk(row: Any) -> int | None:
    return row.pk if row is not None else None


def _my_group_ids(user: User) -> tuple[int, ...] | None:
    """An agent's groups and the groups they lead; None (every group) for dispatchers and managers."""
    if user.oversees_all:
        return None
    member = SkillGroup.objects.filter(members__user=user).values_list("pk", flat=True)
    led = SkillGroup.objects.filter(lead=user).values_list("pk", flat=True)
    return tuple(sorted({*member, *led}))


def filter_params(query: Mapping[str, Any]) -> dict[str, list[str]]:
    """The filters of a query (what a saved view keeps): known names, non-empty values, no page."""
    lists = query.lists() if isinstance(query, QueryDict) else ((k, _as_list(v)) for k, v in query.items())
    known = set(InboxFilterForm.base_fields) - set(NOT_FILTERS)
    return {key: [str(v) for v in values if str(v)] for key, values in lists if key in known and any(values)}


def _as_list(value: Any) -> list[Any]:
    return list(value) if isinstance(value, list | tuple) else [value]


def as_query(params: Mapping[str, list[str]]) -> QueryDict:
    query = QueryDict(mutable=True)
    for key, values in params.items():
        query.setlist(key, values)
    return query


# The built-in views: (key, label, filters). Shown first, each with its count.
BUILTIN_VIEWS: tuple[tuple[str, Any, dict[str, list[str]]], ...] = (
    ("mine", gettext_lazy("My tickets"), {"assignee": ["me"], "open": ["on"], "order": [PRIORITY_THEN_DUE]}),
    ("queue", gettext_lazy("My groups' queue"), {"mygroups": ["on"], "status": [Status.NEW.value]}),
    ("unassigned", gettext_lazy("Unassigned"), {"assignee": ["unassigned"], "open": ["on"]}),
    ("waiting", gettext_lazy("Awaiting customer"), {"status": [Status.AWAITING_CUSTOMER.value]}),
    ("at_risk", gettext_lazy("At risk"), {"sla": [AT_RISK], "open": ["on"], "order": ["due"]}),
)
