"""Publishing routing rules (D9): each edit becomes a new, immutable, numbered version."""

from __future__ import annotations

import re
from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from dispatchdesk.accounts.models import User
from dispatchdesk.common.errors import DomainError
from dispatchdesk.dispatch.engine.rules import rule_from_dict
from dispatchdesk.dispatch.models import RuleSetVersion

RULE_KEYS = {"name", "when", "then", "stop"}


def rules_validate(rules: Any) -> list[dict[str, Any]]:
    """Refuse anything the engine could not evaluate, naming the rule at fault."""
    if not isinstance(rules, list):
        raise DomainError(_("Rules must be a list."), code="invalid_rules", status=422)
    for position, rule in enumerate(rules, start=1):
        if not isinstance(rule, dict) or not rule.keys() <= RULE_KEYS or not str(rule.get("name", "")).strip():
            raise DomainError(
                _("Rule %(n)d needs a name and may only have name, when, then and stop.") % {"n": position},
                code="invalid_rules",
                status=422,
            )
        try:
            rule_from_dict(rule)
        except (re.error, TypeError, ValueError, AttributeError) as error:
            raise DomainError(
                _("Rule %(n)d (%(name)s) is invalid: %(error)s")
                % {"n": position, "name": rule["name"], "error": error},
                code="invalid_rules",
                status=422,
            ) from None
    return rules


@transaction.atomic
def rules_publish(*, rules: Any, actor: User | None, comment: str = "") -> RuleSetVersion:
    valid = rules_validate(rules)
    latest = RuleSetVersion.objects.select_for_update().aggregate(top=Max("number"))["top"] or 0
    return RuleSetVersion.objects.create(number=latest + 1, rules=valid, comment=comment[:200], created_by=actor)
