"""The classifier learned from the desk's own worked tickets (A2): training, settings, live prediction.

Training reads resolved tickets with their final category, single required skill and
priority (an agent's correction is the final value, and counts double); the newest fifth is
held out to measure accuracy. Routing asks `ticket_classify` after the rules: each field nobody
set by hand or by rule takes its prediction when that is sure enough (the threshold); when the
skill, which decides who gets the ticket, is not, the ticket goes to review (or stays in its
group's queue) instead of being assigned.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.db import transaction
from django.db.models import Count, Max
from django.utils.html import strip_tags
from django.utils.translation import gettext as _

from dispatchdesk.accounts.models import DispatchMode, Skill, SkillGroup, User
from dispatchdesk.accounts.permissions import may_configure
from dispatchdesk.common import clock
from dispatchdesk.common.errors import DomainError
from dispatchdesk.dispatch.engine.learn import MIN_EXAMPLES, TARGETS, Assessment, Example, Prediction, assess
from dispatchdesk.dispatch.models import ClassifierSettings, ClassifierVersion, TicketPrediction
from dispatchdesk.dispatch.selectors import current_classifier
from dispatchdesk.tickets.events import TimelineRecorded
from dispatchdesk.tickets.models import Category, EventKind, Status, Ticket

MAX_HISTORY = 20_000  # the most recent worked tickets a training reads
CORRECTED_WEIGHT = 2.0  # a label an agent fixed by hand says more than one nobody looked at
RETRAIN_EVERY = timedelta(hours=24)
# Ticket field behind each target (what a routing rule or an agent sets by hand).
FIELD_OF = {"category": "category", "skill": "required_skills", "priority": "priority"}


def ticket_text(subject: str, description: str) -> str:
    return f"{subject}\n{strip_tags(description)}"


def desk_examples(limit: int = MAX_HISTORY) -> list[Example]:
    """The most recent resolved tickets, oldest first, labelled with their final fields."""
    rows = list(
        Ticket.objects.filter(resolved_at__isnull=False)
        .annotate(skills=Count("required_skills", distinct=True), skill=Max("required_skills__slug"))
        .order_by("-resolved_at", "-id")
        .values_list("id", "subject", "description", "category__slug", "priority", "skills", "skill")[:limit]
    )
    corrected = set(
        TicketPrediction.objects.filter(ticket_id__in=[r[0] for r in rows])
        .exclude(corrected={})
        .values_list("ticket_id", flat=True)
    )
    examples = []
    for pk, subject, description, category, priority, skills, skill in reversed(rows):
        labels = {"priority": str(priority)}
        if category:
            labels["category"] = category
        if skills == 1:
            labels["skill"] = skill
        weight = CORRECTED_WEIGHT if pk in corrected else 1.0
        examples.append(Example(ticket_text(subject, description), labels, weight))
    return examples


@transaction.atomic
def classifier_train(*, actor: User | None = None) -> ClassifierVersion:
    """Train on the desk's history and store the result as the next version (the refusal too, with why)."""
    if actor is not None:
        may_configure(actor).require()
    ClassifierSettings.objects.select_for_update().get_or_create(pk=1)  # one training at a time
    examples = desk_examples()
    result = assess(examples)
    last = ClassifierVersion.objects.aggregate(n=Max("number"))["n"] or 0
    return ClassifierVersion.objects.create(
        number=last + 1,
        model=result.model.to_bytes() if result.model else None,
        reason=_refusal(result, len(examples)),
        accuracy={t: round(a, 4) for t, a in result.accuracy.items()},
        trained_on=result.trained_on,
        held_out=result.held_out,
        corrections=sum(e.weight > 1 for e in examples),
    )


def _refusal(result: Assessment, count: int) -> str:
    """Why the model is not switched on, in a sentence a manager reads ("" when it is)."""
    if result.model is not None:
        return ""
    if result.held_out == 0:
        return _("Too little history: %(count)d resolved tickets, at least %(needed)d are needed.") % {
            "count": count,
            "needed": MIN_EXAMPLES,
        }
    return _("Too little variety: no field has two values with at least three resolved tickets each.")


@transaction.atomic
def classifier_retrain_due() -> ClassifierVersion | None:
    """The scheduled retrain: train when the newest version is older than a day. Idempotent: workers
    that enqueue it at once wait on the settings row, and the later ones find a fresh version."""
    ClassifierSettings.objects.select_for_update().get_or_create(pk=1)
    newest = ClassifierVersion.objects.order_by("-number").first()
    if newest is not None and clock.now() - newest.created_at < RETRAIN_EVERY:
        return None
    return classifier_train()


@transaction.atomic
def classifier_configure(*, actor: User, enabled: bool, threshold: float) -> ClassifierSettings:
    """Switch the learned classifier on or off and set how sure it must be to assign without review."""
    may_configure(actor).require()
    if not 0.0 <= threshold <= 1.0:
        raise DomainError(
            _("The confidence threshold is a share between 0 and 1 (0.6 is 60%)."),
            code="invalid_threshold",
            status=422,
        )
    row, _created = ClassifierSettings.objects.select_for_update().get_or_create(pk=1)
    row.enabled, row.threshold = enabled, threshold
    row.save(update_fields=["enabled", "threshold"])
    return row


@dataclass(frozen=True, slots=True)
class Classified:
    """What routing applies from the classifier (field -> value) and the version that said it."""

    version: int | None
    changes: Mapping[str, Any]


NOTHING = Classified(None, {})


def ticket_classify(ticket: Ticket, *, fixed: set[str], group: SkillGroup | None) -> Classified:
    """Predict a new ticket's fields; record the prediction; say which of the free ones to set.

    `fixed` are fields set by hand or by a routing rule: they stay; `group` is the one routing chose so
    far. An unsure prediction changes no field; an unsure skill asks for review (unless the group's
    members claim from a queue anyway).
    """
    live = current_classifier()
    if live is None:
        return NOTHING
    predicted = live.model.predict(ticket_text(ticket.subject, ticket.description))
    sure = {t: p for t, p in predicted.items() if p.confidence >= live.threshold}
    confident = _deciding(predicted) in sure
    changes = _values(ticket, sure, fixed)
    mode_free = "dispatch_mode" not in fixed
    group = changes.get("group", group)
    if not confident and mode_free and (group is None or group.mode != DispatchMode.QUEUE):
        changes["dispatch_mode"] = DispatchMode.REVIEW
    TicketPrediction.objects.create(
        ticket=ticket,
        version=live.version,
        predicted=_shown(predicted, set(changes)),
        confident=confident,
    )
    return Classified(live.version, changes)


@transaction.atomic
def classifier_predict_waiting(*, limit: int = 200) -> int:
    """Record predictions for tickets waiting unassigned that have none (after a first training): shown on
    their pages, their fields left as they are. Returns how many were predicted."""
    live = current_classifier()
    if live is None:
        return 0
    waiting = list(Ticket.objects.filter(status=Status.NEW, prediction__isnull=True).order_by("-created_at")[:limit])
    TicketPrediction.objects.bulk_create(
        TicketPrediction(
            ticket=ticket,
            version=live.version,
            predicted=_shown(predicted, set()),
            confident=predicted.get(_deciding(predicted), Prediction("", 0.0)).confidence >= live.threshold,
        )
        for ticket, predicted in (
            (ticket, live.model.predict(ticket_text(ticket.subject, ticket.description))) for ticket in waiting
        )
    )
    return len(waiting)


def _shown(predicted: Mapping[str, Prediction], applied: set[str]) -> dict[str, Any]:
    return {
        t: {"label": p.label, "confidence": round(p.confidence, 4), "applied": FIELD_OF[t] in applied}
        for t, p in predicted.items()
    }


def _deciding(predicted: Mapping[str, Prediction]) -> str:
    """The target that decides who gets the ticket: its skill, else (a desk without skills) its category."""
    return "skill" if "skill" in predicted else "category"


def _values(ticket: Ticket, predicted: Mapping[str, Prediction], fixed: set[str]) -> dict[str, Any]:
    """Sure predictions as field values, for fields not fixed; labels the desk no longer has are left out.

    A predicted priority only ever raises the urgency: what the customer or channel chose is not lowered.
    """
    out: dict[str, Any] = {}
    if "category" in predicted and "category" not in fixed:
        category = Category.objects.filter(slug=predicted["category"].label).first()
        if category is not None:
            out["category"] = category
    if "skill" in predicted and "required_skills" not in fixed:
        skill = Skill.objects.filter(slug=predicted["skill"].label).first()
        if skill is not None:
            out["required_skills"] = [skill]
            if "group" not in fixed:
                group = SkillGroup.objects.filter(skills=skill).order_by("tier", "name").first()
                if group is not None:
                    out["group"] = group
    if "priority" in predicted and "priority" not in fixed and int(predicted["priority"].label) < ticket.priority:
        out["priority"] = int(predicted["priority"].label)
    return out


def record_correction(recorded: TimelineRecorded) -> None:
    """A person changed a predicted field: keep what they chose (the next training weighs it double)."""
    event = recorded.event
    if event.actor_id is None or event.kind not in (EventKind.FIELDS, EventKind.PRIORITY):
        return
    prediction = TicketPrediction.objects.filter(ticket_id=event.ticket_id).first()
    if prediction is None:
        return
    ticket = event.ticket
    now_values = {
        "category": lambda: ticket.category.slug if ticket.category else "",
        "skill": lambda: ",".join(sorted(s.slug for s in ticket.required_skills.all())),
        "priority": lambda: str(ticket.priority),
    }
    touched = {"priority"} if event.kind == EventKind.PRIORITY else set(event.data)
    for target in TARGETS:
        if FIELD_OF[target] in touched and target in prediction.predicted:
            value = now_values[target]()
            if value != prediction.predicted[target]["label"]:
                prediction.corrected[target] = {
                    "from": prediction.predicted[target]["label"],
                    "to": value,
                    "by": event.actor_id,
                    "at": event.created_at.isoformat(),
                }
            else:
                prediction.corrected.pop(target, None)
    prediction.save(update_fields=["corrected"])
