"""The one place where the screens turn an uncaught domain error into a page.

A service raises a `relais.core.errors.DomainError` (plain-French `message`, HTTP `status`); a view
that can do better (show the message next to a field, redirect) catches it by class. Any other
reaches `DomainErrorMiddleware`, which renders templates/errors/domain_error.html with the message
and the status, instead of a server error."""

from __future__ import annotations

from django.shortcuts import render
from django.utils.translation import gettext as _

from relais.core.errors import DomainError


def _title(status: int) -> str:
    if status == 403:
        return _("Accès refusé")
    if status == 404:
        return _("Page introuvable")
    if status == 429:
        return _("Trop de demandes")
    if status == 503:
        return _("Service momentanément occupé")
    return _("Demande incorrecte")


def domain_error_response(request, exc: DomainError):
    response = render(
        request,
        "errors/domain_error.html",
        {"title": _title(exc.status), "message": exc.message, "status": exc.status},
        status=exc.status,
    )
    if exc.retry_after:
        response["Retry-After"] = str(exc.retry_after)
        response["Cache-Control"] = "no-store"
    return response


class DomainErrorMiddleware:
    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, DomainError):
            return domain_error_response(request, exception)
        return None
