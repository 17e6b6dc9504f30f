"""The JSON API (django-ninja) under /api/v1/. Each feature owns a router module here."""

from ninja import NinjaAPI

api = NinjaAPI(
    title="Relais API",
    version="1.0.0",
    description="API de Relais : annuaire des lieux d'aide, démarches, simulateur de droits. "
    "Les routes partenaires demandent un jeton (`Authorization: Bearer …`).",
    urls_namespace="api",
    docs_url="/docs",
)


def _register_routers() -> None:
    from relais.api import directory, procedures, rights, system, territory

    api.add_router("/system", system.router)
    api.add_router("/territory", territory.router)
    api.add_router("/directory", directory.router)
    api.add_router("/procedures", procedures.router)
    api.add_router("/rights", rights.router)


_register_routers()
