"""The guard of every settings page: signed in, and allowed to configure (accounts.permissions)."""

from collections.abc import Callable
from functools import wraps
from typing import Concatenate, ParamSpec, cast

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse

from dispatchdesk.accounts.http import AuthedRequest
from dispatchdesk.tickets.permissions import may_configure

P = ParamSpec("P")


def configurers_only(
    view: Callable[Concatenate[AuthedRequest, P], HttpResponse],
) -> Callable[Concatenate[HttpRequest, P], HttpResponse]:
    """Anonymous visitors sign in first; everyone but managers and admins is refused (403).

    A 403, not the agent pages' 404: the settings area is no secret, only not theirs to change.
    """

    @wraps(view)
    def wrapper(request: HttpRequest, /, *args: P.args, **kwargs: P.kwargs) -> HttpResponse:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        answer = may_configure(cast(AuthedRequest, request).user)
        if not answer:
            raise PermissionDenied(answer.message)
        return view(cast(AuthedRequest, request), *args, **kwargs)

    return wrapper
