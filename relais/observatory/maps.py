"""What a server-rendered choropleth needs: one shape per area with its colour class and its text, the
legend, and the places as points (projected with the frame stored by the build)."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.formats import number_format
from django.utils.translation import gettext as _

from relais.observatory.geometry import Frame

BINS = [(1.0, 2.8), (2.8, 4.6), (4.6, 6.4), (6.4, 8.2), (8.2, 10.01)]


@dataclass
class Shape:
    code: str
    name: str
    path: str
    css: str
    label: str
    link: str = ""


@dataclass
class Point:
    x: float
    y: float
    label: str


def bin_of(score: float | None) -> int:
    if score is None:
        return 0
    for number, (low, high) in enumerate(BINS, start=1):
        if low <= score < high:
            return number
    return len(BINS)


def legend() -> list[dict]:
    rows = [
        {
            "css": f"obs-bin-{n}",
            "label": _("de %(low)s à %(high)s")
            % {"low": number_format(low, 1), "high": number_format(min(high, 10), 1)},
        }
        for n, (low, high) in enumerate(BINS, start=1)
    ]
    rows.append({"css": "obs-bin-0", "label": _("pas de donnée")})
    return rows


def shapes(figures, *, link=None) -> list[Shape]:
    out = []
    for figure in figures:
        if not figure.shape:
            continue
        score = (
            _("indice %(score)s sur 10") % {"score": number_format(figure.score, 1)}
            if figure.score is not None
            else _("indice non calculé (données manquantes)")
        )
        out.append(
            Shape(
                code=figure.code,
                name=figure.name,
                path=figure.shape,
                css=f"obs-bin-{bin_of(figure.score)}",
                label=f"{figure.name} ({figure.code}) : {score}",
                link=link(figure) if link else "",
            )
        )
    return out


def frame(frames: dict, key: str) -> Frame | None:
    data = frames.get(key)
    return Frame(**data) if data else None


def points(places, map_frame: Frame | None) -> list[Point]:
    if map_frame is None:
        return []
    out = []
    for place in places:
        x, y = map_frame.project(place.longitude, place.latitude)
        if 0 <= x <= map_frame.width and 0 <= y <= map_frame.height:
            out.append(Point(round(float(x), 1), round(float(y), 1), f"{place.name} — {place.commune_name}"))
    return out
