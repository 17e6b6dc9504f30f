"""Directory API: search with the data·inclusion parameters plus `open_now` and `langue`, cursor
pagination, one structure or one service. Rows follow data·inclusion v1 (plus `extension_relais`)."""

from __future__ import annotations

import math
from typing import Any

from django.shortcuts import get_object_or_404
from ninja import Field, Query, Router, Schema
from ninja.errors import HttpError

from relais.directory import exporters, hours, selectors, taxonomy
from relais.directory.models import Place
from relais.territory import selectors as territory_selectors

router = Router(tags=["directory"])

_FRAIS = {v for v, _ in taxonomy.FRAIS_CHOICES}
_PUBLICS = {v for v, _ in taxonomy.PUBLIC_CHOICES}
_MODES = {v for v, _ in taxonomy.MODE_ACCUEIL_CHOICES}
_TYPES = {v for v, _ in taxonomy.TYPE_CHOICES}


class SearchParams(Schema):
    code_commune: str | None = Field(
        None,
        pattern=r"^[0-9A-Za-z]{2}[0-9]{3}$",
        description="Code INSEE de la commune (centre de la recherche ; celui d'un arrondissement de Paris, Lyon "
        "ou Marseille donne la ville ; un code postal d'une seule commune est accepté) ; sinon lat et lon. "
        "Une commune inconnue répond 404 avec des suggestions ; ni commune ni lat et lon : 400",
    )
    lat: float | None = Field(None, ge=-90, le=90, description="Latitude (avec lon, à la place de code_commune)")
    lon: float | None = Field(None, ge=-180, le=180, description="Longitude (avec lat)")
    distance: float = Field(10, gt=0, le=50, allow_inf_nan=False, description="Rayon en km (jusqu'à 50)")
    thematiques: list[str] = Field([], description="Thématiques ou catégories data·inclusion, ou extension hygiene--*")
    frais: list[str] = Field([], description="gratuit, payant")
    publics: list[str] = Field([])
    modes_accueil: list[str] = Field([], description="en-presentiel, a-distance")
    types: list[str] = Field([])
    q: str = Field(
        "", description="Texte libre (sans accents ni jargon : douche, manger, papiers, CAF…)", max_length=100
    )
    open_now: bool = Field(
        False, description="Seulement ce qui est ouvert maintenant (heure de Paris, jours fériés compris)"
    )
    langue: str = Field("", description="Code de langue parlée sur place (fr, en, ar…)")
    cursor: str | None = Field(None, description="Curseur opaque renvoyé par la page précédente")
    limit: int = Field(20, ge=1, le=100)


class ErrorOut(Schema):
    detail: str
    suggestions: list[dict] = []


class StatusOut(Schema):
    ouvert: bool | None
    change_a: str | None = Field(None, description="Ferme (si ouvert) ou ouvre (si fermé) à cette date-heure")
    message: str = ""


class ResultOut(Schema):
    distance: float | None = Field(None, description="km ; null pour un service à distance couvrant la commune")
    statut: StatusOut
    service: dict[str, Any]
    structure: dict[str, Any]


class SearchOut(Schema):
    total: int
    next_cursor: str | None
    items: list[ResultOut]


def _check_values(name: str, values: list[str], allowed: set[str]) -> None:
    unknown = [v for v in values if v not in allowed]
    if unknown:
        raise HttpError(400, f"Valeur inconnue pour {name} : {', '.join(unknown)}.")


def _split(values: list[str]) -> list[str]:
    return [v.strip() for value in values for v in value.split(",") if v.strip()]


def _status(status: hours.Status) -> dict:
    return {
        "ouvert": status.open,
        "change_a": status.until.isoformat() if status.until else None,
        "message": status.message,
    }


@router.get(
    "/search",
    response={200: SearchOut, 400: ErrorOut, 404: ErrorOut, 422: ErrorOut},
    summary="Chercher des services autour d'un point",
    description="Le centre de la recherche est `code_commune`, ou `lat` et `lon` ensemble : sans l'un ni "
    "l'autre, la réponse est 400 (cette règle « l'un ou l'autre » ne s'écrit pas en paramètres OpenAPI).",
)
def search(request, params: Query[SearchParams]):
    thematiques = _split(params.thematiques)
    unknown = [t for t in thematiques if not taxonomy.is_known_theme(t)]
    if unknown:
        return 400, {"detail": f"Thématique inconnue : {', '.join(unknown)}."}
    frais, publics, modes, types = (
        _split(params.frais),
        _split(params.publics),
        _split(params.modes_accueil),
        _split(params.types),
    )
    _check_values("frais", frais, _FRAIS)
    _check_values("publics", publics, _PUBLICS)
    _check_values("modes_accueil", modes, _MODES)
    _check_values("types", types, _TYPES)
    if params.langue and params.langue not in taxonomy.LANGUAGES:
        return 400, {"detail": f"Langue inconnue : {params.langue}."}
    if params.distance > selectors.MAX_RADIUS_KM or params.distance <= 0 or math.isnan(params.distance):
        return 400, {"detail": f"distance doit être comprise entre 1 et {selectors.MAX_RADIUS_KM} km."}
    commune = None
    if params.code_commune:
        commune = territory_selectors.commune_for_code(params.code_commune)
        if commune is None:
            suggestions = [
                {"code": c.code, "nom": c.name, "codes_postaux": c.postcode_list}
                for c in territory_selectors.communes_like(params.code_commune)
            ]
            return 404, {
                "detail": " ".join(
                    filter(
                        None,
                        [
                            f"Commune inconnue : {params.code_commune} "
                            "(code INSEE, ou code postal d'une seule commune).",
                            territory_selectors.not_loaded_message(params.code_commune),
                        ],
                    )
                ),
                "suggestions": suggestions,
            }
        lat, lon = commune.latitude, commune.longitude
        if lat is None or lon is None:
            return 400, {"detail": "Cette commune n'a pas de position connue : donnez lat et lon."}
    elif params.lat is not None and params.lon is not None:
        lat, lon = params.lat, params.lon
    else:
        return 400, {"detail": "Donnez code_commune, ou lat et lon."}
    query = selectors.Query(
        latitude=lat,
        longitude=lon,
        radius_km=params.distance,
        themes=thematiques,
        text=params.q,
        open_now=params.open_now,
        frais=frais,
        publics=publics,
        language=params.langue,
        modes_accueil=modes,
        types=types,
        commune_code=commune.code if commune else "",
        departement_code=commune.departement.code if commune else "",
    )
    try:
        page = selectors.search_services(query, cursor=params.cursor, limit=params.limit)
    except selectors.SearchError as exc:
        return 400, {"detail": str(exc)}
    items = [
        {
            "distance": hit.distance_km,
            "statut": _status(hit.status),
            "service": exporters.service_row(hit.service),
            "structure": exporters.structure_row(hit.service.place),
        }
        for hit in page.hits
    ]
    return 200, {"total": page.total, "next_cursor": page.next_cursor, "items": items}


@router.get("/structures/{structure_id}", response={200: dict[str, Any], 404: ErrorOut}, summary="Une structure (lieu)")
def structure(request, structure_id: str):
    """`structure_id`: the numeric Relais id, or the data·inclusion id `source--id`."""
    place = _place(structure_id)
    row = exporters.structure_row(place)
    row["services"] = [exporters.service_row(s) for s in selectors.visible_services(place=place)]
    row["statut"] = _status(hours.place_status(place))
    return row


@router.get("/services/{service_id}", response={200: dict[str, Any], 404: ErrorOut}, summary="Un service")
def service(request, service_id: str):
    qs = selectors.public_services()
    if service_id.isdigit():
        obj = get_object_or_404(qs, pk=int(service_id))
    else:
        source, _sep, source_id = service_id.partition("--")
        obj = get_object_or_404(qs, source=source, source_id=source_id)
    row = exporters.service_row(obj)
    row["statut"] = _status(hours.place_status(obj.place, obj.hours))
    return row


def _place(structure_id: str) -> Place:
    qs = selectors.public_places()
    if structure_id.isdigit():
        return get_object_or_404(qs, pk=int(structure_id))
    source, _sep, source_id = structure_id.partition("--")
    return get_object_or_404(qs, source=source, source_id=source_id)
