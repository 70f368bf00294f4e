"""The one error a request can cause: what is wrong with it, and the HTTP status that says so."""

from __future__ import annotations

from toponym.errors import InputError


class RequestError(InputError):
    """A request the service cannot answer: malformed JSON, a batch over the limit, an unknown type or
    property (400), a body over the size limit (413). The message is sent back as ``{"error": …}``."""

    def __init__(self, message: str, status: int = 400) -> None:
        super().__init__(message)
        self.status = status
