"""API tokens: shown once at creation, stored as SHA-256, sent as `Authorization: Bearer …`."""

import hashlib
import secrets
from datetime import timedelta

from django.http import HttpRequest
from ninja.security import HttpBearer

from dispatchdesk.accounts.middleware import activate_profile_language
from dispatchdesk.accounts.models import ApiToken, User
from dispatchdesk.common import clock

# "Last used" is kept to the minute, not written on every request: it tells an admin whether a
# token is still in use, and a write per API call would cost every call a query.
LAST_USE_STEP = timedelta(minutes=1)


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
        now = clock.now()
        if found.last_used_at is None or now - found.last_used_at >= LAST_USE_STEP:
            ApiToken.objects.filter(pk=found.pk).update(last_used_at=now)
        request.user = found.user
        # The middleware ran before the token was read: the profile's language wins here too.
        activate_profile_language(request, found.user.language)
        return found.user
