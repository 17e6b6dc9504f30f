"""Exports of a département's commune figures for the dashboard: CSV (semicolon, for a spreadsheet) and
GeoJSON (one point per commune at its centre, the figures as properties). Figures only, no person."""

from __future__ import annotations

import csv
import json

from django.http import Http404, HttpResponse

from relais import policy
from relais.observatory import indicators, selectors
from relais.observatory.coverage import KINDS
from relais.observatory.flags import sentences
from relais.observatory.layers import LAYERS
from relais.www.decorators import allowed

KEYS = [indicator.key for indicator in indicators.INDICATORS]


def _rows(request, code: str):
    policy.require(request.user, "observatory.dashboard", code)
    build = selectors.latest_build()
    if build is None:
        raise Http404
    return build, selectors.communes_table(build=build, departement_code=code, sort="code", direction="asc")


def _flat(figure) -> dict:
    values = figure.indicators.get("values", {})
    row = {
        "code": figure.code,
        "nom": figure.name,
        "population": figure.population,
        "indice": figure.score,
        "indice_seniors": figure.score_seniors,
        "indice_jeunes": figure.score_young,
        "personnes_a_aider": figure.people_at_risk,
        "signalee": "oui" if figure.flagged else "non",
        "raisons": sentences(figure.reasons),
    }
    row.update({key: values.get(key, "absent") for key in KEYS})
    row.update({f"{kind}_km": figure.coverage.get(f"{kind}_km") for kind in KINDS})
    row.update({key: figure.coverage.get(key) for key in ("places_per_10k", "hours_per_10k")})
    row.update({layer.key: figure.coverage.get(layer.key) for layer in LAYERS})
    return row


@allowed("observatory.dashboard")
def communes_csv(request, code: str):
    build, figures = _rows(request, code)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="observatoire-{code}.csv"'
    response.write("\ufeff")
    rows = [_flat(f) for f in figures]
    fields = list(rows[0]) if rows else ["code", "nom"]
    writer = csv.DictWriter(response, fieldnames=fields, delimiter=";")
    writer.writeheader()
    for row in rows:
        writer.writerow({k: "" if v is None else v for k, v in row.items()})
    return response


@allowed("observatory.dashboard")
def communes_geojson(request, code: str):
    build, figures = _rows(request, code)
    features = [
        {
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": [f.longitude, f.latitude]} if f.latitude is not None else None,
            "properties": _flat(f),
        }
        for f in figures
    ]
    data = {"type": "FeatureCollection", "features": features, "sources": build.sources, "weights": build.weights}
    response = HttpResponse(json.dumps(data, ensure_ascii=False), content_type="application/geo+json")
    response["Content-Disposition"] = f'attachment; filename="observatoire-{code}.geojson"'
    return response
