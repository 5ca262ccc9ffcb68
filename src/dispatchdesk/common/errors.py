"""The one error type services raise for refused requests; API and pages map it to 4xx."""

from django.utils.functional import Promise


class DomainError(Exception):
    """A request the domain refuses; nothing was changed.

    `status` is the HTTP status the API answers with: 409 for a conflict with the
    current state, 422 for input that can never be valid, 403 for a forbidden action.
    """

    def __init__(self, message: str | Promise, *, code: str, status: int = 409) -> None:
        super().__init__(str(message))
        self.message = str(message)
        self.code = code
        self.status = status
