"""The inbox (P3): built-in and saved views with their counts, combinable filters in the URL, bulk actions.

`inbox_rows` serves the list body alone and `inbox_counts` the views with their counts: the hooks
live updates refresh (htmx), so a full page and a refresh render the same markup.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import formats
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST
from django.views.decorators.vary import vary_on_headers

from dispatchdesk.accounts.http import AuthedRequest, staff_only
from dispatchdesk.accounts.models import User
from dispatchdesk.common.counts import COUNT_CAP, PartsPaginator
from dispatchdesk.common.errors import DomainError
from dispatchdesk.tickets.permissions import may_share_views
from dispatchdesk.tickets.selectors import tickets_filtered, visibility_parts
from dispatchdesk.workstation.bulk import BulkForm, bulk_apply, selected_ids
from dispatchdesk.workstation.filters import BUILTIN_VIEWS, InboxFilterForm, as_query, filter_params
from dispatchdesk.workstation.models import SavedView
from dispatchdesk.workstation.saved_views import saved_view_delete, saved_view_save, saved_views_for

INBOX = "workstation/inbox.html"
ROW_RELATED = ("customer", "organisation", "assignee")  # what a row of the list shows


@dataclass(frozen=True)
class Chosen:
    """The view the page shows: a built-in one (key), a saved one, or the filters in the URL."""

    key: str
    label: str
    params: dict[str, list[str]]
    saved: SavedView | None = None


def chosen_view(user: User, query: QueryDict) -> Chosen:
    key = query.get("view", "")
    for builtin, label, params in BUILTIN_VIEWS:
        if key == builtin:
            return Chosen(key, str(label), params)
    if key.isdigit():
        saved = saved_views_for(user).filter(pk=int(key)).first()
        if saved is None:
            raise Http404
        return Chosen(key, saved.name, saved.params, saved)
    return Chosen("", _("Filtered tickets"), filter_params(query))


def inbox_paginator(user: User, form: InboxFilterForm) -> PartsPaginator:
    """The list of a view's tickets, joined only to what a row shows: each further join costs
    PostgreSQL more time planning than reading a page (docs/decisions/0040); read part by part of
    what the user sees (docs/decisions/0049)."""
    filters = form.to_filters(user)
    rows = tickets_filtered(user=user, filters=filters).select_related(None).select_related(*ROW_RELATED)
    return PartsPaginator(rows, form.page_size(), parts=visibility_parts(user, filters))


def listing(request: AuthedRequest) -> dict[str, Any]:
    """The inbox's list for the request's view or filters: the bound filter form and the page."""
    chosen = chosen_view(request.user, request.GET)
    form = InboxFilterForm(as_query(chosen.params))
    page = inbox_paginator(request.user, form).get_page(request.GET.get("page"))
    return {
        "form": form,
        "page": page,
        "chosen": chosen,
        "query": request.GET.urlencode(),
        "filters_query": as_query(chosen.params).urlencode(),
        "chips": _chips(form, chosen.params),
    }


def _chips(form: InboxFilterForm, params: dict[str, list[str]]) -> list[tuple[str, str]]:
    """The filters without a field on the form (customer, organisation, the dashboard's days) as
    (label, query without it)."""
    chips = []
    for name in ("customer", "organisation", "answered", "resolved"):
        value = form.cleaned_data.get(name)
        if value is not None:
            rest = as_query({key: values for key, values in params.items() if key != name}).urlencode()
            shown = formats.date_format(value) if isinstance(value, date) else value.name
            chips.append((f"{form[name].label}: {shown}", rest))
    return chips


def page_context(request: AuthedRequest, **extra: Any) -> dict[str, Any]:
    return {
        **listing(request),
        "bulk_form": BulkForm(actor=request.user),
        "may_share": may_share_views(request.user),
        "selected": set(),
        **extra,
    }


@staff_only
@require_GET
def inbox(request: AuthedRequest) -> HttpResponse:
    return render(request, INBOX, page_context(request))


@staff_only
@require_GET
def inbox_rows(request: AuthedRequest) -> HttpResponse:
    """The list body alone, for the same query: what a live refresh swaps in."""
    return render(request, f"{INBOX}#results", {**listing(request), "selected": set()})


@staff_only
@require_GET
def inbox_counts(request: AuthedRequest) -> HttpResponse:
    """Every view the user has, each with its count (built in first, then saved)."""
    return render(
        request, f"{INBOX}#views", {"views": view_counts(request.user), "chosen_key": request.GET.get("view", "")}
    )


@dataclass(frozen=True)
class ViewCount:
    key: str
    label: str
    count: int
    saved: SavedView | None = None

    @property
    def capped(self) -> bool:
        return self.count > COUNT_CAP


def view_counts(user: User) -> list[ViewCount]:
    views: list[tuple[str, str, dict[str, list[str]], SavedView | None]]
    views = [(key, str(label), params, None) for key, label, params in BUILTIN_VIEWS]
    views += [(str(saved.pk), saved.name, saved.params, saved) for saved in saved_views_for(user)]
    counted = []
    for key, label, params, saved in views:
        filters = InboxFilterForm(as_query(params)).to_filters(user)
        tickets = tickets_filtered(user=user, filters=filters)
        count = PartsPaginator(tickets, 1, parts=visibility_parts(user, filters)).count
        counted.append(ViewCount(key, label, count, saved))
    return counted


@staff_only
@require_POST
def view_save(request: AuthedRequest) -> HttpResponse:
    """Save the filters the page shows (`query`) under a name, for oneself or, if allowed, for everyone."""
    query = QueryDict(request.POST.get("query", ""))
    try:
        saved = saved_view_save(
            actor=request.user,
            name=request.POST.get("name", ""),
            params=filter_params(query),
            shared=request.POST.get("shared") == "on",
        )
    except DomainError as error:
        request.GET = query
        context = page_context(request, save_error=error.message, save_name=request.POST.get("name", ""))
        return render(request, INBOX, context)
    messages.success(request, _("The view “%(name)s” was saved.") % {"name": saved.name})
    return redirect(f"{reverse('workstation:inbox')}?view={saved.pk}")


@staff_only
@require_POST
def view_delete(request: AuthedRequest, view_id: int) -> HttpResponse:
    try:
        saved_view_delete(actor=request.user, view_id=view_id)
    except SavedView.DoesNotExist:
        raise Http404 from None
    except DomainError as error:
        messages.error(request, error.message)
        return redirect(f"{reverse('workstation:inbox')}?view={view_id}")
    messages.success(request, _("The view was deleted."))
    return redirect("workstation:inbox")


@staff_only
@vary_on_headers("HX-Request")
@require_POST
def bulk(request: AuthedRequest) -> HttpResponse:
    """Apply one action to the ticked tickets; the result lists what was done and each refusal with its reason."""
    ids = selected_ids(request.POST.getlist("ticket"))
    form = BulkForm(request.POST, actor=request.user)
    back = QueryDict(request.POST.get("query", ""))
    if not ids:
        form.add_error(None, _("Tick at least one ticket first."))
    if form.is_valid():
        try:
            outcomes = bulk_apply(actor=request.user, ticket_ids=ids, form=form)
        except DomainError as error:
            form.add_domain_error(error)
        else:
            done = [o for o in outcomes if not o.refusal]
            refused = [o for o in outcomes if o.refusal]
            context = {
                "done": done,
                "refused": refused,
                "action": form.cleaned_data["action"],
                "back": back.urlencode(),
            }
            return render(request, "workstation/bulk_result.html", context)
    request.GET = back
    return render(request, INBOX, page_context(request, bulk_form=form, selected=set(ids)))
