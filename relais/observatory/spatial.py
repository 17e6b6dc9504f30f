"""Nearest place for every commune with a KD-tree (scipy.spatial.cKDTree) on unit-sphere vectors: the
straight-line (chord) distance orders points like the great-circle one, converted back to km exactly.
No Python loop over communes × places: one tree per kind of place, one vectorised query (docs/adr/0019)."""

from __future__ import annotations

import numpy as np
from scipy.spatial import cKDTree

EARTH_KM = 6371.0088


def unit_vectors(latitudes, longitudes) -> np.ndarray:
    lat = np.radians(np.asarray(latitudes, dtype=float))
    lon = np.radians(np.asarray(longitudes, dtype=float))
    return np.column_stack([np.cos(lat) * np.cos(lon), np.cos(lat) * np.sin(lon), np.sin(lat)])


def nearest_km(points_lat, points_lon, targets_lat, targets_lon) -> tuple[np.ndarray, np.ndarray]:
    """(distance in km, index of the nearest target) for every point; NaN / -1 where nothing to compare."""
    points_lat = np.asarray(points_lat, dtype=float)
    n = points_lat.shape[0]
    if n == 0 or len(targets_lat) == 0:
        return np.full(n, np.nan), np.full(n, -1)
    tree = cKDTree(unit_vectors(targets_lat, targets_lon))
    known = ~np.isnan(points_lat) & ~np.isnan(np.asarray(points_lon, dtype=float))
    distance = np.full(n, np.nan)
    which = np.full(n, -1)
    chord, index = tree.query(unit_vectors(points_lat[known], np.asarray(points_lon, dtype=float)[known]), k=1)
    distance[known] = 2 * EARTH_KM * np.arcsin(np.clip(chord / 2, 0, 1))
    which[known] = index
    return distance, which


def haversine_km(lat1, lon1, lat2, lon2) -> float:
    """One distance, for tests and display."""
    p1, p2 = np.radians(lat1), np.radians(lat2)
    dp, dl = p2 - p1, np.radians(lon2 - lon1)
    a = np.sin(dp / 2) ** 2 + np.cos(p1) * np.cos(p2) * np.sin(dl / 2) ** 2
    return float(2 * EARTH_KM * np.arcsin(np.sqrt(a)))
