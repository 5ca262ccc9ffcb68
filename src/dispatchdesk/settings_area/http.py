"""The guard of every settings page: signed in, and allowed to configure (accounts.permissions)."""

from collections.abc import Callable
from functools import wraps
from typing import Concatenate, ParamSpec, TypeVar, cast

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.http.response import HttpResponseBase

from dispatchdesk.accounts.http import AuthedRequest
from dispatchdesk.tickets.permissions import may_configure

P = ParamSpec("P")
R = TypeVar("R", bound=HttpResponseBase)  # a page, or a download streamed as it is made


def configurers_only(
    view: Callable[Concatenate[AuthedRequest, P], R],
) -> Callable[Concatenate[HttpRequest, P], R | HttpResponseBase]:
    """Anonymous visitors sign in first; everyone but managers and admins is refused (403).

    A 403, not the agent pages' 404: the settings area is no secret, only not theirs to change.
    """

    @wraps(view)
    def wrapper(request: HttpRequest, /, *args: P.args, **kwargs: P.kwargs) -> R | HttpResponseBase:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        answer = may_configure(cast(AuthedRequest, request).user)
        if not answer:
            raise PermissionDenied(answer.message)
        return view(cast(AuthedRequest, request), *args, **kwargs)

    return wrapper
