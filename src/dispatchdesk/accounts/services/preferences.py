"""Writing a user's own settings: the language they read and whether notifications come by email."""

from __future__ import annotations

from django.conf import settings
from django.utils.translation import gettext as _

from dispatchdesk.accounts.models import User
from dispatchdesk.common.errors import DomainError


def user_set_preferences(*, user: User, language: str, email_notifications: bool) -> User:
    """`language` "" follows the browser; otherwise it wins over the browser on every page and email."""
    if language and language not in dict(settings.LANGUAGES):
        raise DomainError(_("Unknown language."), code="invalid_language", status=422)
    user.language, user.email_notifications = language, email_notifications
    user.save(update_fields=["language", "email_notifications"])
    return user


def user_set_language(*, user: User, language: str) -> None:
    """The navbar's language switch, remembered for a signed-in user."""
    if language in dict(settings.LANGUAGES) and language != user.language:
        user.language = language
        user.save(update_fields=["language"])
