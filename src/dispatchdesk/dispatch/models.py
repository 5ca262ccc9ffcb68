"""Dispatch configuration (weights, routing rules and their versions) and the decision log (D8, D9)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from dispatchdesk.accounts.models import DispatchPolicy
from dispatchdesk.common import clock
from dispatchdesk.dispatch.engine.policy import DEFAULT_POLICY, Policy


class DispatchSettings(models.Model):
    """The scoring weights an admin can tune; one row (pk=1)."""

    proficiency_weight = models.FloatField(_("proficiency weight"), default=DEFAULT_POLICY.proficiency_weight)
    spare_capacity_weight = models.FloatField(_("spare capacity weight"), default=DEFAULT_POLICY.spare_capacity_weight)
    fairness_weight = models.FloatField(_("fairness weight"), default=DEFAULT_POLICY.fairness_weight)
    region_bonus = models.FloatField(_("same region bonus"), default=DEFAULT_POLICY.region_bonus)
    language_bonus = models.FloatField(_("first language bonus"), default=DEFAULT_POLICY.language_bonus)
    affinity_bonus = models.FloatField(_("customer affinity bonus"), default=DEFAULT_POLICY.affinity_bonus)
    group_bonus = models.FloatField(_("group member bonus"), default=DEFAULT_POLICY.group_bonus)
    finish_weight = models.FloatField(_("expected finish weight"), default=DEFAULT_POLICY.finish_weight)
    aging_per_hour = models.FloatField(
        _("queue aging (priority levels per hour)"), default=DEFAULT_POLICY.aging_per_hour
    )
    acceptance_timeout_s = models.PositiveIntegerField(
        _("acceptance timeout (seconds)"), default=DEFAULT_POLICY.acceptance_timeout_s
    )

    class Meta:
        verbose_name = _("dispatch settings")
        verbose_name_plural = _("dispatch settings")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(
                    proficiency_weight__gte=0,
                    spare_capacity_weight__gte=0,
                    fairness_weight__gte=0,
                    finish_weight__gte=0,
                ),
                name="dispatch_weights_not_negative",
            )
        ]

    def __str__(self) -> str:
        return str(_("Dispatch settings"))

    def policy(self) -> Policy:
        fields = {f.name: getattr(self, f.name) for f in self._meta.concrete_fields if f.name != "id"}
        return Policy(**fields)


class RuleSetVersion(models.Model):
    """An immutable snapshot of the routing rules; every edit publishes a new number."""

    number = models.PositiveIntegerField(_("version"), unique=True)
    rules = models.JSONField(_("rules"), default=list)
    comment = models.CharField(_("comment"), max_length=200, blank=True, default="")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("published by"),
    )
    created_at = models.DateTimeField(_("published"), default=clock.now)

    class Meta:
        ordering = ["-number"]
        verbose_name = _("routing rule set version")
        verbose_name_plural = _("routing rule set versions")

    def __str__(self) -> str:
        return f"v{self.number}"


class PolicyChange(models.Model):
    """A group's dispatch policy switched (by a manager, often from the what-if page): who, when, from what, why."""

    group = models.ForeignKey(
        "accounts.SkillGroup", on_delete=models.CASCADE, related_name="policy_changes", verbose_name=_("group")
    )
    previous = models.CharField(_("previous policy"), max_length=32, choices=DispatchPolicy.choices)
    policy = models.CharField(pgettext_lazy("dispatch", "policy"), max_length=32, choices=DispatchPolicy.choices)
    comment = models.CharField(_("comment"), max_length=300, blank=True, default="")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("changed by"),
    )
    created_at = models.DateTimeField(_("changed"), default=clock.now)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("dispatch policy change")
        verbose_name_plural = _("dispatch policy changes")

    def __str__(self) -> str:
        return f"{self.group}: {self.previous} -> {self.policy}"


class Outcome(models.TextChoices):
    ASSIGNED = "assigned", _("Assigned automatically")
    PROPOSED = "proposed", _("Proposed for review")
    CONFIRMED = "confirmed", _("Confirmed by dispatcher")
    OVERRIDDEN = "overridden", _("Overridden by dispatcher")
    QUEUED = "queued", _("Waiting in the group queue")
    CLAIMED = "claimed", _("Claimed by a member")
    PULLED = "pulled", _("Pulled as next ticket")
    LEAD_ASSIGNED = "lead_assigned", _("Assigned by the lead")
    DECLINED = "declined", _("Declined")
    RETURNED = "returned", _("Returned to the queue")
    TIMED_OUT = "timed_out", _("Not accepted in time")


class DispatchDecision(models.Model):
    """One dispatch decision with everything needed to explain it later ("why this agent")."""

    ticket = models.ForeignKey(
        "tickets.Ticket", on_delete=models.CASCADE, related_name="decisions", verbose_name=_("ticket")
    )
    created_at = models.DateTimeField(_("at"), default=clock.now, db_index=True)
    mode = models.CharField(_("mode"), max_length=16)
    policy = models.CharField(
        pgettext_lazy("dispatch", "policy"), max_length=32, blank=True, default="", choices=DispatchPolicy.choices
    )
    outcome = models.CharField(_("outcome"), max_length=16, choices=Outcome.choices)
    agent = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("agent"),
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("by"),
    )
    rule_version = models.PositiveIntegerField(_("rule set version"), null=True, blank=True)
    classifier_version = models.PositiveIntegerField(_("classifier version"), null=True, blank=True)
    rules_matched = models.JSONField(_("matched rules"), default=list, blank=True)
    candidates = models.JSONField(_("candidates"), default=list, blank=True)
    refusals = models.JSONField(_("left out"), default=dict, blank=True)
    reason = models.CharField(_("reason"), max_length=500, blank=True, default="")

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("dispatch decision")
        verbose_name_plural = _("dispatch decisions")

    def __str__(self) -> str:
        return f"{self.get_outcome_display()} #{self.ticket_id}"

    @property
    def top_candidates(self) -> list[dict[str, Any]]:
        return list(self.candidates[:5])


class ClassifierSettings(models.Model):
    """Whether the learned classifier routes new tickets, and how sure it must be; one row (pk=1)."""

    enabled = models.BooleanField(_("use the learned classifier"), default=True)
    threshold = models.FloatField(
        _("confidence threshold"),
        default=0.6,
        help_text=_("Below this confidence a ticket goes to review or the group queue instead of being assigned."),
    )

    class Meta:
        verbose_name = _("classifier settings")
        verbose_name_plural = _("classifier settings")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(threshold__gte=0, threshold__lte=1), name="classifier_threshold_0_to_1"
            )
        ]

    def __str__(self) -> str:
        return str(_("Classifier settings"))


class ClassifierVersion(models.Model):
    """One training run on the desk's worked tickets: the model (an .npz archive read without pickle,
    docs/decisions/0044) with its held-out accuracy, or the reason there is none."""

    number = models.PositiveIntegerField(_("version"), unique=True)
    created_at = models.DateTimeField(_("trained"), default=clock.now)
    model = models.BinaryField(_("model"), null=True, blank=True, editable=False)
    reason = models.CharField(_("why not switched on"), max_length=300, blank=True, default="")
    accuracy = models.JSONField(_("held-out accuracy"), default=dict, blank=True)
    trained_on = models.PositiveIntegerField(_("tickets trained on"), default=0)
    held_out = models.PositiveIntegerField(_("recent tickets held out"), default=0)
    corrections = models.PositiveIntegerField(_("agents' corrections used"), default=0)

    class Meta:
        ordering = ["-number"]
        verbose_name = _("classifier version")
        verbose_name_plural = _("classifier versions")

    def __str__(self) -> str:
        return f"v{self.number}"

    @property
    def usable(self) -> bool:
        return self.model is not None and not self.reason


class TicketPrediction(models.Model):
    """What the classifier said of a ticket when it was routed, and what an agent changed afterwards."""

    ticket = models.OneToOneField(
        "tickets.Ticket", on_delete=models.CASCADE, related_name="prediction", verbose_name=_("ticket")
    )
    version = models.PositiveIntegerField(_("classifier version"))
    # target -> {"label": key, "confidence": 0..1, "applied": bool}
    predicted = models.JSONField(_("predicted"), default=dict)
    # target -> {"from": key, "to": key, "by": user id}: the agent's corrections, used in the next training
    corrected = models.JSONField(_("corrected"), default=dict, blank=True)
    confident = models.BooleanField(_("confident enough to assign"), default=True)
    created_at = models.DateTimeField(_("at"), default=clock.now)

    class Meta:
        verbose_name = _("ticket prediction")
        verbose_name_plural = _("ticket predictions")

    def __str__(self) -> str:
        return f"#{self.ticket_id} v{self.version}"
