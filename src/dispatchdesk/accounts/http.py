"""The signed-in request: its type for mypy, and the guard of every staff page."""

from collections.abc import Callable
from functools import wraps
from typing import TYPE_CHECKING, Concatenate, ParamSpec, TypeVar, cast

from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpRequest
from django.http.response import HttpResponseBase

if TYPE_CHECKING:
    from django_htmx.middleware import HtmxDetails

    from dispatchdesk.accounts.models import User

P = ParamSpec("P")
R = TypeVar("R", bound=HttpResponseBase)


class AuthedRequest(HttpRequest):
    """A request from a signed-in user, so `request.user` is a User under mypy --strict."""

    user: "User"
    htmx: "HtmxDetails"


def staff_only(
    view: Callable[Concatenate[AuthedRequest, P], R],
) -> Callable[Concatenate[HttpRequest, P], R | HttpResponseBase]:
    """Sign-in required; to customers the staff pages do not exist (404)."""

    @wraps(view)
    def wrapper(request: HttpRequest, /, *args: P.args, **kwargs: P.kwargs) -> R | HttpResponseBase:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not request.user.is_staff_member:
            raise Http404
        return view(cast(AuthedRequest, request), *args, **kwargs)

    return wrapper
