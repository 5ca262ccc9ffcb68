"""Admin for dispatch configuration: weights, and routing rules published as new versions."""

from typing import Any

from django import forms
from django.contrib import admin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from dispatchdesk.common.errors import DomainError
from dispatchdesk.dispatch.models import DispatchDecision, DispatchSettings, RuleSetVersion
from dispatchdesk.dispatch.services.rules import rules_publish, rules_validate
from dispatchdesk.tickets.admin import ReadOnly


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


@admin.register(DispatchDecision)
class DispatchDecisionAdmin(ReadOnly, admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("ticket", "outcome", "mode", "agent", "actor", "rule_version", "created_at")
    list_filter = ("outcome", "mode")
    search_fields = ("ticket__number", "agent__username")
