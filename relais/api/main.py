"""The JSON API (django-ninja) under /api/v1/. Each feature owns a router module here.

Uncaught domain errors (`relais.core.errors.DomainError`) are answered in one place below:
JSON `{"detail": message}` with the error's status."""

from ninja import NinjaAPI

from relais.api import directory, procedures, rights, system, territory
from relais.core.errors import DomainError

api = NinjaAPI(
    title="Relais API",
    version="1.0.0",
    description="API de Relais : annuaire des lieux d'aide, démarches, simulateur de droits. "
    "Les routes partenaires demandent un jeton (`Authorization: Bearer …`).",
    urls_namespace="api",
    docs_url="/docs",
)


@api.exception_handler(DomainError)
def domain_error(request, exc: DomainError):
    response = api.create_response(request, {"detail": exc.message}, status=exc.status)
    if exc.retry_after:
        response["Retry-After"] = str(exc.retry_after)
    return response


api.add_router("/system", system.router)
api.add_router("/territory", territory.router)
api.add_router("/directory", directory.router)
api.add_router("/procedures", procedures.router)
api.add_router("/rights", rights.router)
