"""The index of three real Rhône communes, computed by hand from the raw values of the open-data files.

Albigny-sur-Saône (69003), Bron (69029) and Vénissieux (69259), built alone: the reference area is these
three communes. The one France services of the folder is put at Albigny's centre, so Albigny's distance is 0
and the others' are the great-circle distances between centres (haversine, written out below). Default
weights (every indicator of the « tous âges » variant at 1; unemployment is absent for all three in the RP 2017
file, so it is left out, never counted as 0)."""

from __future__ import annotations

import math

import pytest

from relais.observatory.models import CommuneFigures
from relais.observatory.services import observatory_build
from tests.observatory.data import ALBIGNY, BRON, VENISSIEUX, few_communes_dir

pytestmark = pytest.mark.django_db

# Raw values, copied from the files (each line says where).
# communes_decoupage_administratif.csv: longitude, latitude
CENTRE = {ALBIGNY: (45.8666, 4.8284), BRON: (45.7355, 4.9116), VENISSIEUX: (45.7012, 4.8805)}
# insee_populations_communales_2017.csv: PMUN
POP = {ALBIGNY: 2880, BRON: 41543, VENISSIEUX: 65894}
# arcep_commune_debit_beta_2019.csv: nbr; elig_thd30; elig_thd100; elig_thd1g
ARCEP = {ALBIGNY: (1412, 0, 461, 662), BRON: (24437, 172, 17, 22114), VENISSIEUX: (47977, 1024, 12642, 15743)}
# ifn_rp2017_rates_communes.csv: TX_65ETPLUS, TX_NSCOL15P, TX_MENSEUL, TX_FAMMONO
SENIORS = {ALBIGNY: 33.47232130141884, BRON: 21.16922981550415, VENISSIEUX: 19.79910417446819}
LOW_DIPLOMA = {ALBIGNY: 48.58301927986922, BRON: 41.64620330842339, VENISSIEUX: 56.92339216451347}
SINGLE_PERSON = {ALBIGNY: 30.45581693426106, BRON: 40.84287890432967, VENISSIEUX: 36.176080786749765}
SINGLE_PARENT = {ALBIGNY: 8.17875464055562, BRON: 9.70707465487596, VENISSIEUX: 13.942731434325156}
# insee_filosofi_2021_communes.csv: TP6021 ("11,0" → 11.0)
POVERTY = {ALBIGNY: 11.0, BRON: 21.0, VENISSIEUX: 34.0}
CODES = [ALBIGNY, BRON, VENISSIEUX]


def haversine(a, b) -> float:
    (lat1, lon1), (lat2, lon2) = a, b
    p1, p2 = math.radians(lat1), math.radians(lat2)
    h = math.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    return 2 * 6371.0088 * math.asin(math.sqrt(h))


def by_hand() -> dict[str, tuple[float, float, float, float]]:
    """{code: (access, skills, social, total)} by the IFN method."""
    no_broadband = {c: 100 * (1 - (t30 + t100 + t1g) / n) for c, (n, t30, t100, t1g) in ARCEP.items()}
    # Albigny 100 × (1 − 1123 / 1412) = 20.47 ; Bron 100 × 2134 / 24437 = 8.73 ; Vénissieux 100 × 18568 / 47977 = 38.70
    distance = {c: haversine(CENTRE[ALBIGNY], CENTRE[c]) for c in CODES}  # 0 ; ≈ 15.6 ; ≈ 18.5 km
    total_pop = POP[ALBIGNY] + POP[BRON] + POP[VENISSIEUX]  # 110,317

    def index(values):
        reference = sum(values[c] * POP[c] for c in CODES) / total_pop  # the area's own rate
        return {c: values[c] / reference * 100 for c in CODES}

    i_bb, i_fs, i_sen, i_dip = index(no_broadband), index(distance), index(SENIORS), index(LOW_DIPLOMA)
    i_pov, i_alone, i_mono = index(POVERTY), index(SINGLE_PERSON), index(SINGLE_PARENT)
    out = {}
    for c in CODES:
        access = (i_bb[c] + i_fs[c]) / 2
        skills = (i_sen[c] + i_dip[c]) / 2
        social = (i_pov[c] + i_alone[c] + i_mono[c]) / 3
        out[c] = (access, skills, social, (access + skills + social) / 3)
    return out


def test_three_rhone_communes_match_the_hand_computation(tmp_path):
    directory = few_communes_dir(tmp_path, CODES, france_services=[CENTRE[ALBIGNY]])
    observatory_build(data_dir=directory)
    expected = by_hand()
    figures = {f.code: f for f in CommuneFigures.objects.filter(code__in=CODES)}
    assert set(figures) == set(CODES)
    for code, (access, skills, social, total) in expected.items():
        figure = figures[code]
        assert figure.axes["access"] == pytest.approx(access, abs=0.06), code
        assert figure.axes["skills"] == pytest.approx(skills, abs=0.06), code
        assert figure.axes["social"] == pytest.approx(social, abs=0.06), code
        assert figure.total_index == pytest.approx(total, abs=0.06), code
    # Score 1-10: 1 + 9 × (communes with a lower total) / (3 − 1): 1.0, 5.5 and 10.0 in the order of the totals.
    order = sorted(CODES, key=lambda c: expected[c][3])
    assert [figures[c].score for c in order] == [1.0, 5.5, 10.0]
    # Unemployment is empty for the three in the file: missing, not zero, and left out of the social axis.
    assert figures[BRON].indicators["values"]["unemployment"] == "absent"
    assert "unemployment" not in figures[BRON].indicators["index"]


def test_secret_values_are_kept_as_secret_not_zero(tmp_path):
    """Albigny's poverty rates by age are secret (`s`) in Filosofi 2021."""
    directory = few_communes_dir(tmp_path, CODES, france_services=[CENTRE[ALBIGNY]])
    observatory_build(data_dir=directory)
    albigny = CommuneFigures.objects.get(code=ALBIGNY)
    assert albigny.indicators["values"]["poverty_seniors"] == "secret"
    assert "poverty_seniors" not in albigny.indicators["index"]
    # the « personnes âgées » variant still has a score: its other indicators are known
    assert albigny.score_seniors is not None
    # headcounts (LabAccès style): poor people = people in tax households × poverty rate (2568 × 11 %)
    assert albigny.headcounts["poverty"] == round(2568 * 11.0 / 100)
    assert albigny.people_at_risk == max(albigny.headcounts.values())
