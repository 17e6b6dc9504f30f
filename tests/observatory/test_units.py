"""Parsing, nearest place, simplification, flags: the pieces of the build, alone."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from relais.observatory import index, sources
from relais.observatory.flags import flag, sentences
from relais.observatory.geometry import Frame, douglas_peucker, path_of
from relais.observatory.maps import bin_of
from relais.observatory.spatial import haversine_km, nearest_km


@given(st.floats(min_value=-1e6, max_value=1e6, allow_nan=False).map(lambda v: round(v, 3)))
def test_french_decimal_numbers_are_read(value):
    assert sources.number(f"{value}".replace(".", ",")) == pytest.approx(value)


@pytest.mark.parametrize(("text", "reason"), [("s", sources.SECRET), ("nd", sources.ABSENT), ("", sources.ABSENT)])
def test_secret_and_missing_cells_are_not_numbers(text, reason):
    value = sources.number(text)
    assert isinstance(value, sources.Missing) and value == reason and not isinstance(value, float)


def test_nearest_matches_a_brute_force_haversine():
    rng = np.random.default_rng(7)
    points = np.column_stack([rng.uniform(42, 51, 300), rng.uniform(-4, 8, 300)])
    targets = np.column_stack([rng.uniform(42, 51, 80), rng.uniform(-4, 8, 80)])
    distance, which = nearest_km(points[:, 0], points[:, 1], targets[:, 0], targets[:, 1])
    for n, (lat, lon) in enumerate(points):
        brute = [haversine_km(lat, lon, t_lat, t_lon) for t_lat, t_lon in targets]
        assert distance[n] == pytest.approx(min(brute), rel=1e-6)
        assert which[n] == int(np.argmin(brute))


def test_nearest_without_targets_is_missing_not_zero():
    distance, which = nearest_km([45.0], [4.0], [], [])
    assert math.isnan(distance[0]) and which[0] == -1


def test_douglas_peucker_drops_points_on_a_line_and_keeps_corners():
    square = np.array([[0, 0], [5, 0.01], [10, 0], [10, 10], [0, 10], [0, 0]], dtype=float)
    kept = douglas_peucker(square, 0.5)
    assert [tuple(p) for p in kept] == [(0, 0), (10, 0), (10, 10), (0, 10), (0, 0)]


def test_a_polygon_becomes_an_svg_path_in_the_frame():
    frame = Frame(west=0.0, south=0.0, east=1.0, north=1.0, width=100.0)
    path = path_of({"type": "Polygon", "coordinates": [[[0, 0], [1, 0], [1, 1], [0, 1], [0, 0]]]}, frame, 0.1)
    assert path.startswith("M0 100") and path.endswith("Z")


def test_score_ranks_totals_and_leaves_missing_ones_missing():
    scores = index.scores(np.array([120.0, np.nan, 80.0, 100.0]))
    assert scores[2] == 1.0 and scores[3] == 5.5 and scores[0] == 10.0 and math.isnan(scores[1])


def test_a_fragile_commune_far_from_help_is_flagged_with_its_reasons():
    coverage = {"france_services_km": 24.2, "digital_km": 3.0, "digital_saturday_km": None, "places_per_10k": 4}
    flagged, reasons = flag(8.4, coverage, 900)
    assert flagged
    assert sentences(reasons) == (
        "indice 8,4 ; France services la plus proche à 24 km ; "
        "aucun lieu d'aide numérique ouvert le samedi à moins de 15 km"
    )
    assert flag(6.0, coverage, 900) == (False, [])  # not fragile enough
    covered = {"france_services_km": 2.0, "digital_km": 1.0, "digital_saturday_km": 2.0, "places_per_10k": 4}
    assert flag(9.5, covered, 900) == (False, [])  # fragile but well covered


def test_colour_bins():
    assert [bin_of(s) for s in (None, 1.0, 2.8, 5.5, 8.2, 10.0)] == [0, 1, 2, 3, 5, 5]
