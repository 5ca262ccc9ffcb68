"""Admin for dispatch configuration: weights, routing rules published as new versions, policy switches on record."""

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from dispatchdesk.common.errors import DomainError
from dispatchdesk.dispatch.models import DispatchDecision, DispatchSettings, PolicyChange, RuleSetVersion
from dispatchdesk.dispatch.services.policy import policy_publish
from dispatchdesk.dispatch.services.rules import rules_publish, rules_validate
from dispatchdesk.tickets.admin import ReadOnly
from dispatchdesk.tickets.permissions import may_manage_policies


@admin.register(DispatchSettings)
class DispatchSettingsAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("__str__", "proficiency_weight", "spare_capacity_weight", "fairness_weight", "acceptance_timeout_s")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return not DispatchSettings.objects.exists()  # one row


class RuleSetForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = RuleSetVersion
        fields = ("rules", "comment")
        help_texts = {
            "rules": _(
                'A list of rules, tried in order: {"name": …, "when": {"keywords": […], "channels": […], '
                '"pattern": …, "customer_tiers": […], "priorities": […], "languages": […]}, "then": {"category": …, '
                '"tags": […], "priority": 1-4, "required_skills": […], "group": …, "tier": …, "mode": …}, "stop": false}'
            )
        }

    def clean_rules(self) -> Any:
        try:
            return rules_validate(self.cleaned_data["rules"])
        except DomainError as error:
            raise forms.ValidationError(error.message) from None


@admin.register(RuleSetVersion)
class RuleSetVersionAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    """Versions are immutable: "add" publishes the edited rules as the next version."""

    form = RuleSetForm
    list_display = ("number", "comment", "created_by", "created_at")
    readonly_fields = ("number", "created_by", "created_at")

    def get_changeform_initial_data(self, request: HttpRequest) -> dict[str, Any]:
        latest = RuleSetVersion.objects.order_by("-number").first()
        return {"rules": latest.rules if latest else []}

    def has_change_permission(self, request: HttpRequest, obj: RuleSetVersion | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: RuleSetVersion | None = None) -> bool:
        return False

    def save_model(self, request: HttpRequest, obj: RuleSetVersion, form: Any, change: bool) -> None:
        published = rules_publish(rules=obj.rules, actor=request.user, comment=obj.comment)  # type: ignore[arg-type]
        obj.pk, obj.number = published.pk, published.number


@admin.register(PolicyChange)
class PolicyChangeAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    """Switching a group's dispatch policy: "add" switches it through policy_publish; the record stays as it is."""

    fields = ("group", "policy", "comment")
    list_display = ("created_at", "group", "previous", "policy", "actor", "comment")
    list_filter = ("policy",)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return bool(may_manage_policies(request.user))  # type: ignore[arg-type]

    def has_change_permission(self, request: HttpRequest, obj: PolicyChange | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: PolicyChange | None = None) -> bool:
        return False

    def save_model(self, request: HttpRequest, obj: PolicyChange, form: Any, change: bool) -> None:
        made = policy_publish(actor=request.user, policy=obj.policy, group_ids=[obj.group_id], comment=obj.comment)  # type: ignore[arg-type]
        if not made:
            messages.info(request, _("The group already uses that policy; nothing changed."))

    def response_add(
        self, request: HttpRequest, obj: PolicyChange, post_url_continue: str | None = None
    ) -> HttpResponse:
        return HttpResponseRedirect(reverse("admin:dispatch_policychange_changelist"))


@admin.register(DispatchDecision)
class DispatchDecisionAdmin(ReadOnly, admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("ticket", "outcome", "mode", "policy", "agent", "actor", "rule_version", "created_at")
    list_filter = ("outcome", "mode", "policy")
    search_fields = ("ticket__number", "agent__username")
