"""Shared pieces of the observatory screens: sorting links without JavaScript, the map context."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from relais.observatory import indicators, maps
from relais.observatory.layers import LAYERS

COMMUNE_COLUMNS = [
    ("nom", _("Commune")),
    ("population", _("Population")),
    ("indice", _("Indice (1 à 10)")),
    ("seniors", _("Indice personnes âgées")),
    ("jeunes", _("Indice jeunes")),
    ("personnes", _("Personnes à aider (estimation)")),
]
DEPARTEMENT_COLUMNS = [
    ("nom", _("Département")),
    ("population", _("Population")),
    ("indice", _("Indice (1 à 10)")),
    ("seniors", _("Indice personnes âgées")),
    ("jeunes", _("Indice jeunes")),
    ("personnes", _("Personnes à aider (estimation)")),
    ("communes_signalees", _("Communes signalées")),
]


def sort_params(request, allowed) -> tuple[str, str]:
    sort = request.GET.get("sort", "indice")
    sort = sort if sort in allowed else "indice"
    direction = "asc" if request.GET.get("dir") == "asc" else "desc"
    return sort, direction


def header_links(columns, sort: str, direction: str) -> list[dict]:
    """Each column header: a link sorting by it (descending first, the other way when already sorted)."""
    out = []
    for key, label in columns:
        current = key == sort
        next_direction = "asc" if current and direction == "desc" else "desc"
        aria = ("descending" if direction == "desc" else "ascending") if current else ""
        out.append({"key": key, "label": label, "query": f"?sort={key}&dir={next_direction}", "aria": aria})
    return out


def map_context(build, *, figures, frame_key: str, link, places=None) -> dict:
    frame = maps.frame(build.frames, frame_key)
    return {
        "shapes": maps.shapes(figures, link=link),
        "points": maps.points(places or [], frame),
        "width": frame.width if frame else 600,
        "height": frame.height if frame else 0,
        "legend": maps.legend(),
    }


def weights_context(build) -> dict:
    return {
        "weight_rows": indicators.weight_rows(build.weights),
        "variants": list(indicators.VARIANTS.values()),
        "axes": indicators.AXES,
        "sources": build.sources,
    }


def departement_link(figure) -> str:
    return reverse("observatory:departement", args=[figure.code])


def commune_link(figure) -> str:
    return reverse("observatory:commune", args=[figure.code])


def layers(public_only: bool) -> list:
    return [layer for layer in LAYERS if layer.public or not public_only]
