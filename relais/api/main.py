"""The JSON API (django-ninja) under /api/v1/. Each feature owns a router module here.

Every error is answered in one place below, with one body `{"detail": "<plain French>"}` (the shape
each operation declares, relais/api/errors.py): domain errors (`relais.core.errors.DomainError`, with
`Retry-After` when they carry one), request validation (422), a missing or bad token (401), a page
that does not exist (404)."""

from django.http import Http404
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError

from relais.api import directory, feedback, observatory, procedures, rights, system, territory
from relais.core.errors import DomainError

api = NinjaAPI(
    title="Relais API",
    version="1.0.0",
    description="API de Relais : annuaire des lieux d'aide, démarches, simulateur de droits. "
    "Les routes partenaires demandent un jeton (`Authorization: Bearer …`) ayant le droit indiqué.",
    urls_namespace="api",
    docs_url="/docs",
)

FIELD_WORDS = {"body": "corps", "query": "paramètre", "path": "adresse"}


def _detail(request, status: int, message: str):
    return api.create_response(request, {"detail": message}, status=status)


@api.exception_handler(DomainError)
def domain_error(request, exc: DomainError):
    response = _detail(request, exc.status, exc.message)
    if exc.retry_after:
        response["Retry-After"] = str(exc.retry_after)
    return response


def _phrase(error: dict) -> str:
    """Pydantic's error, in plain French."""
    kind, ctx = error.get("type", ""), error.get("ctx") or {}
    phrases = {
        "missing": "manque",
        "greater_than_equal": f"doit être au moins {ctx.get('ge')}",
        "greater_than": f"doit être plus grand que {ctx.get('gt')}",
        "less_than_equal": f"doit être au plus {ctx.get('le')}",
        "less_than": f"doit être plus petit que {ctx.get('lt')}",
        "string_pattern_mismatch": "n'a pas la forme attendue (voir la documentation)",
        "string_too_short": "est vide ou trop court",
        "string_too_long": "est trop long",
        "too_long": "a trop d'éléments",
        "too_short": "n'a pas assez d'éléments",
        "extra_forbidden": "est un champ inconnu",
        "literal_error": "n'est pas l'un des choix permis",
        "enum": "n'est pas l'un des choix permis",
        "json_invalid": "n'est pas du JSON lisible",
        "finite_number": "doit être un nombre fini",
    }
    return phrases.get(kind, "n'est pas du type attendu (voir la documentation)")


@api.exception_handler(ValidationError)
def validation_error(request, exc: ValidationError):
    first = exc.errors[0] if exc.errors else {}
    parts = [str(part) for part in first.get("loc", ()) if str(part) not in FIELD_WORDS and str(part) != "payload"]
    where = " › ".join(parts) or FIELD_WORDS.get(str((first.get("loc") or ["body"])[0]), "corps")
    return _detail(request, 422, f"Requête invalide : « {where} » {_phrase(first)}.")


@api.exception_handler(AuthenticationError)
def authentication_error(request, exc: AuthenticationError):
    return _detail(request, 401, "Jeton absent ou invalide : envoyez « Authorization: Bearer <jeton> ».")


@api.exception_handler(HttpError)
def http_error(request, exc: HttpError):
    return _detail(request, exc.status_code, str(exc))


@api.exception_handler(Http404)
def not_found(request, exc: Http404):
    return _detail(request, 404, "Introuvable.")


api.add_router("/system", system.router)
api.add_router("/territory", territory.router)
api.add_router("/directory", directory.router)
api.add_router("/procedures", procedures.router)
api.add_router("/rights", rights.router)
api.add_router("/feedback", feedback.router)
api.add_router("/observatory", observatory.router)
