"""Routing rules: the published rule set as an editable list; publishing makes a new version."""

import json
from typing import Any

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from dispatchdesk.accounts.http import AuthedRequest
from dispatchdesk.common.errors import DomainError
from dispatchdesk.dispatch.services.rules import rules_publish
from dispatchdesk.settings_area.forms import PublishForm, RuleFormSet
from dispatchdesk.settings_area.http import configurers_only
from dispatchdesk.settings_area.selectors import rule_versions


@configurers_only
@require_http_methods(["GET", "POST"])
def rules(request: AuthedRequest) -> HttpResponse:
    """The rules in order; rows marked for removal go, blank new rows are ignored, then one new version."""
    versions = rule_versions()
    current = versions[0] if versions else None
    rows = RuleFormSet(request.POST or None, prefix="rules", initial=_initial(current.rules if current else []))
    publish = PublishForm(request.POST or None, prefix="publish")
    if request.method == "POST" and rows.is_valid() and publish.is_valid():
        try:
            # ordered_forms leaves out the rows marked for removal and the blank new row.
            version = rules_publish(
                rules=[form.rule() for form in rows.ordered_forms],
                actor=request.user,
                comment=publish.cleaned_data["comment"],
            )
        except DomainError as error:
            publish.add_domain_error(error)
        else:
            messages.success(request, _("Routing rules version %(number)d published.") % {"number": version.number})
            return redirect("settings_area:rules")
    context = {"rows": rows, "publish": publish, "current": current, "versions": versions, "section": "rules"}
    return render(request, "settings_area/rules.html", context)


def _initial(rules: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [
        {
            "name": rule.get("name", ""),
            "when": json.dumps(rule.get("when", {}), ensure_ascii=False),
            "then": json.dumps(rule.get("then", {}), ensure_ascii=False),
            "stop": bool(rule.get("stop", False)),
            "ORDER": position,
        }
        for position, rule in enumerate(rules, start=1)
    ]
