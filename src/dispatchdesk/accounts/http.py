"""The signed-in request: its type for mypy, and the guard of every staff page."""

from collections.abc import Callable
from functools import wraps
from typing import TYPE_CHECKING, Concatenate, ParamSpec, cast

from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpRequest, HttpResponse

if TYPE_CHECKING:
    from django_htmx.middleware import HtmxDetails

    from dispatchdesk.accounts.models import User

P = ParamSpec("P")


class AuthedRequest(HttpRequest):
    """A request from a signed-in user, so `request.user` is a User under mypy --strict."""

    user: "User"
    htmx: "HtmxDetails"


def staff_only(
    view: Callable[Concatenate[AuthedRequest, P], HttpResponse],
) -> Callable[Concatenate[HttpRequest, P], HttpResponse]:
    """Sign-in required; to customers the staff pages do not exist (404)."""

    @wraps(view)
    def wrapper(request: HttpRequest, /, *args: P.args, **kwargs: P.kwargs) -> HttpResponse:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not request.user.is_staff_member:
            raise Http404
        return view(cast(AuthedRequest, request), *args, **kwargs)

    return wrapper
