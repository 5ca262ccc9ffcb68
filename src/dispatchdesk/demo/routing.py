"""The demo's routing rules: a category sends a ticket to its group with its skills; words in the
text pick the category when the customer did not."""

from typing import Any

from dispatchdesk.demo import catalogue
from dispatchdesk.dispatch.models import RuleSetVersion
from dispatchdesk.dispatch.services.rules import rules_publish


def routing_rules() -> list[dict[str, Any]]:
    rules: list[dict[str, Any]] = []
    for spec in catalogue.CATEGORIES:
        route = {"group": spec.group, "required_skills": list(spec.skills)}
        rules.append(
            {
                "name": f"{spec.slug}: words",
                "when": {"keywords": list(catalogue.ROUTING_KEYWORDS[spec.slug])},
                "then": {"category": spec.slug, **route},
            }
        )
    # Last, so a category the customer chose wins over words in the text.
    rules += [
        {"name": f"{spec.slug}: category", "when": {"categories": [spec.slug]}, "then": {"group": spec.group}}
        for spec in catalogue.CATEGORIES
    ]
    return rules


def routing_publish() -> RuleSetVersion:
    return rules_publish(rules=routing_rules(), actor=None, comment="Demo routing")
