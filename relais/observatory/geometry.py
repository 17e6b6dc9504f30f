"""Boundaries → SVG paths, drawn once at build time and stored (the pages never read a file).

Projection: equirectangular scaled by cos(mean latitude) (fine at the scale of France), fitted into a
`width`-wide box; each ring simplified by Douglas-Peucker in pixels (tolerance `tolerance` px) and written
with one decimal. Rings shorter than 3 points after simplification are dropped."""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from relais.observatory import sources

VENDORED = Path(__file__).resolve().parent / "data" / "geo"
NATIONAL_FILE = "departements-version-simplifiee.geojson"


@dataclass
class Frame:
    west: float
    south: float
    east: float
    north: float
    width: float = 600.0

    @property
    def kx(self) -> float:
        return math.cos(math.radians((self.south + self.north) / 2))

    @property
    def scale(self) -> float:
        return self.width / max((self.east - self.west) * self.kx, 1e-9)

    @property
    def height(self) -> float:
        return round((self.north - self.south) * self.scale, 1)

    def project(self, lon, lat):
        x = (np.asarray(lon) - self.west) * self.kx * self.scale
        y = (self.north - np.asarray(lat)) * self.scale
        return x, y

    def as_dict(self) -> dict:
        return {"west": self.west, "south": self.south, "east": self.east, "north": self.north, "width": self.width}


def _rings(geometry: dict) -> list[list]:
    if geometry["type"] == "Polygon":
        return list(geometry["coordinates"])
    if geometry["type"] == "MultiPolygon":
        return [ring for polygon in geometry["coordinates"] for ring in polygon]
    return []


def frame_of(features: list[dict], width: float = 600.0) -> Frame:
    lons, lats = [], []
    for feature in features:
        for ring in _rings(feature["geometry"]):
            for lon, lat, *_ in ring:
                lons.append(lon)
                lats.append(lat)
    return Frame(min(lons), min(lats), max(lons), max(lats), width)


def douglas_peucker(points: np.ndarray, tolerance: float) -> np.ndarray:
    """Iterative Douglas-Peucker on an (n × 2) array (a stack of segments, no recursion)."""
    n = len(points)
    if n < 3:
        return points
    keep = np.zeros(n, dtype=bool)
    keep[0] = keep[-1] = True
    stack = [(0, n - 1)]
    while stack:
        first, last = stack.pop()
        if last - first < 2:
            continue
        a, b = points[first], points[last]
        segment = points[first + 1 : last]
        ab = b - a
        length = math.hypot(*ab)
        if length == 0:
            distances = np.hypot(*(segment - a).T)
        else:
            distances = np.abs(ab[0] * (segment[:, 1] - a[1]) - ab[1] * (segment[:, 0] - a[0])) / length
        worst = int(np.argmax(distances))
        if distances[worst] > tolerance:
            middle = first + 1 + worst
            keep[middle] = True
            stack.extend([(first, middle), (middle, last)])
    return points[keep]


def path_of(geometry: dict, frame: Frame, tolerance: float) -> str:
    parts = []
    for ring in _rings(geometry):
        coordinates = np.asarray([point[:2] for point in ring], dtype=float)
        x, y = frame.project(coordinates[:, 0], coordinates[:, 1])
        simplified = douglas_peucker(np.column_stack([x, y]), tolerance)
        if len(simplified) < 4:
            continue
        text = " ".join(f"{round(px, 1):g} {round(py, 1):g}" for px, py in simplified[:-1])
        parts.append(f"M{text}Z")
    return "".join(parts)


def shapes(features: list[dict], *, tolerance: float, width: float = 600.0) -> tuple[dict[str, str], Frame]:
    """{code: SVG path} and the frame (for placing points) of a set of features."""
    frame = frame_of(features, width)
    return {str(f["properties"]["code"]): path_of(f["geometry"], frame, tolerance) for f in features}, frame


def boundary_file(data_dir: Path | None, name: str) -> Path | None:
    """The file in DIR/geo when there, else the vendored copy (relais/observatory/data/geo), else None."""
    for directory in ([data_dir / "geo"] if data_dir else []) + [VENDORED]:
        path = directory / name
        if path.exists():
            return path
    return None


def commune_files(data_dir: Path | None) -> dict[str, Path]:
    """{département code: communes boundary file} found in DIR/geo and the vendored folder."""
    found: dict[str, Path] = {}
    for directory in [VENDORED] + ([data_dir / "geo"] if data_dir else []):
        if directory.exists():
            for path in sorted(directory.glob("communes-*.geojson")):
                found[path.name.split("-")[1]] = path
    return found


def load_features(path: Path) -> list[dict]:
    return sources.geojson(path)["features"]
