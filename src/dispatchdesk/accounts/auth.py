"""API tokens: shown once at creation, stored as SHA-256, sent as `Authorization: Bearer …`."""

import hashlib
import secrets

from django.http import HttpRequest
from ninja.security import HttpBearer

from dispatchdesk.accounts.models import ApiToken, User
from dispatchdesk.common import clock


def token_digest(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def api_token_create(*, user: User, name: str) -> tuple[ApiToken, str]:
    """Create a token and return it with its only clear-text copy."""
    raw = "dd_" + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(user=user, name=name, prefix=raw[:8], digest=token_digest(raw))
    return token, raw


class TokenAuth(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> User | None:
        found = ApiToken.objects.select_related("user").filter(digest=token_digest(token)).first()
        if found is None or not found.user.is_active:
            return None
        ApiToken.objects.filter(pk=found.pk).update(last_used_at=clock.now())
        request.user = found.user
        return found.user
