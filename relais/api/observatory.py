"""Observatory API: the public figures (no personal data) of the latest build, per département and per commune
of a département. Missing or secret values are `null` with the reason in `missing` (never 0)."""

from ninja import Router, Schema
from ninja.errors import HttpError
from pydantic import Field

from relais import policy
from relais.api.errors import ErrorOut
from relais.observatory import selectors
from relais.observatory.coverage import KINDS
from relais.observatory.layers import LAYERS

router = Router(tags=["observatory"])
PUBLIC_LAYERS = [layer.key for layer in LAYERS if layer.public]


class ObservatoryIndicatorOut(Schema):
    value: float | None
    missing: str | None = Field(None, description="« secret » (secret statistique) ou « absent » (donnée manquante)")
    index: float | None = Field(None, description="valeur / valeur de la zone de référence × 100")
    source: str
    year: int


class ObservatoryDepartementOut(Schema):
    """Named apart from the territory API's schemas: OpenAPI components are named after the class."""

    code: str
    name: str
    population: int | None
    score: float | None = Field(description="indice de fragilité de 1 (le moins fragile) à 10")
    score_seniors: float | None
    score_young: float | None
    people_at_risk: int | None = Field(description="personnes à aider, estimation « au moins »")
    flagged_communes: int


class ObservatoryCommuneOut(ObservatoryDepartementOut):
    latitude: float | None
    longitude: float | None
    flagged: bool
    indicators: dict[str, ObservatoryIndicatorOut]
    coverage: dict[str, float | None] = Field(description="distances en km au lieu le plus proche de chaque type…")


def _build():
    if not policy.allows(None, "observatory.view"):
        raise HttpError(403, "Accès refusé.")
    build = selectors.latest_build()
    if build is None:
        raise HttpError(404, "Pas encore calculé : l'observatoire n'a pas été calculé sur ce site.")
    return build


def _indicators(figure, sources: dict) -> dict:
    values, index = figure.indicators.get("values", {}), figure.indicators.get("index", {})
    out = {}
    for key, value in values.items():
        number = value if isinstance(value, int | float) else None
        source = sources.get(key, {})
        out[key] = ObservatoryIndicatorOut(
            value=number,
            missing=None if number is not None else str(value),
            index=index.get(key),
            source=source.get("label", ""),
            year=source.get("year", 0),
        )
    return out


def _coverage(figure) -> dict:
    keys = [f"{kind}_km" for kind in KINDS] + ["places_per_10k", "hours_per_10k", *PUBLIC_LAYERS]
    return {key: figure.coverage.get(key) for key in keys}


@router.get(
    "/departements", response={200: list[ObservatoryDepartementOut], 404: ErrorOut}, summary="Indice par département"
)
def departements(request):
    build = _build()
    return [
        ObservatoryDepartementOut(
            code=d.code,
            name=d.name,
            population=d.population,
            score=d.score,
            score_seniors=d.score_seniors,
            score_young=d.score_young,
            people_at_risk=d.people_at_risk,
            flagged_communes=d.flagged_communes,
        )
        for d in selectors.departements_table(build=build, sort="code", direction="asc")
    ]


@router.get(
    "/departements/{code}/communes",
    response={200: list[ObservatoryCommuneOut], 404: ErrorOut},
    summary="Indice et couverture des communes d'un département",
)
def communes(request, code: str):
    build = _build()
    if selectors.departement_figures(build=build, code=code) is None:
        raise HttpError(404, f"Aucun département calculé n'a le code « {code} ».")
    return [
        ObservatoryCommuneOut(
            code=c.code,
            name=c.name,
            population=c.population,
            score=c.score,
            score_seniors=c.score_seniors,
            score_young=c.score_young,
            people_at_risk=c.people_at_risk,
            flagged_communes=int(c.flagged),
            latitude=c.latitude,
            longitude=c.longitude,
            flagged=c.flagged,
            indicators=_indicators(c, build.sources),
            coverage=_coverage(c),
        )
        for c in selectors.communes_table(build=build, departement_code=code, sort="code", direction="asc")
    ]
