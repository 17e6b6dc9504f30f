"""Territory API: the commune picker as JSON (public reference data, no token needed)."""

from ninja import Query, Router, Schema
from ninja.errors import HttpError
from pydantic import Field

from relais import policy
from relais.api.errors import ErrorOut
from relais.territory import selectors
from relais.territory.models import Commune

router = Router(tags=["territory"])


class DepartementOut(Schema):
    code: str
    name: str


class CommuneOut(Schema):
    code: str = Field(description="code INSEE de la commune")
    name: str
    postcodes: list[str]
    departement: DepartementOut
    lat: float | None
    lon: float | None
    population: int = Field(description="population municipale (INSEE)")


class SearchParams(Schema):
    q: str = Field(
        min_length=1,
        max_length=100,
        pattern=r"\S",
        description="nom (sans accents ni majuscules requis, « St » = « Saint ») ou code postal ; obligatoire",
    )
    limit: int = Field(selectors.DEFAULT_LIMIT, ge=1, le=selectors.MAX_LIMIT)


def _out(commune: Commune) -> CommuneOut:
    return CommuneOut(
        code=commune.code,
        name=commune.name,
        postcodes=commune.postcode_list,
        departement=DepartementOut(code=commune.departement.code, name=commune.departement.name),
        lat=commune.latitude,
        lon=commune.longitude,
        population=commune.population,
    )


def _check(request) -> None:
    if not policy.allows(request.user, "territory.search"):
        raise HttpError(403, "Accès refusé.")


@router.get(
    "/communes",
    response={200: list[CommuneOut], 422: ErrorOut},
    summary="Chercher des communes par nom ou code postal",
)
def communes(request, params: Query[SearchParams]):
    _check(request)
    return [_out(c) for c in selectors.commune_search(params.q, limit=params.limit)]


@router.get("/communes/{code}", response={200: CommuneOut, 404: ErrorOut}, summary="Une commune par son code INSEE")
def commune(request, code: str):
    _check(request)
    found = selectors.commune_by_code(code)
    if found is None:
        raise HttpError(404, f"Aucune commune n'a le code INSEE « {code} ».")
    return _out(found)
