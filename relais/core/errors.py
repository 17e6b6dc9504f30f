"""Domain errors: every error a service raises on purpose for a person to read.

A service raises a subclass of `DomainError` with a message in plain French (through gettext);
the screens (`relais.www.errors.DomainErrorMiddleware`) and the API (`relais.api.main`) map it to
a response in one place, so no view matches exception classes by name."""

from __future__ import annotations


class DomainError(Exception):
    """Base of every domain error. `message` is for the person; `status` the HTTP status."""

    status: int = 400
    default_message: str = "Cette action n'a pas pu être faite."
    #: seconds after which trying again makes sense (sent as `Retry-After`), for 429 and 503
    retry_after: int | None = None

    def __init__(self, message: str | None = None, *, status: int | None = None) -> None:
        self.message = str(message) if message else self.default_message
        if status is not None:
            self.status = status
        super().__init__(self.message)

    def __str__(self) -> str:
        return self.message


class Conflict(DomainError):
    """Someone else changed the same thing meanwhile (optimistic locking)."""

    status = 409
    default_message = "Quelqu'un d'autre a modifié ces informations entre-temps."


class NotFound(DomainError):
    status = 404
    default_message = "Cette page n'existe pas ou plus."
