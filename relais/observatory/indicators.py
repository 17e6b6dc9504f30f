"""The indicators of the vulnerability index, their axes, sources and default weights (docs/adr/0019).

IFN method (older published one): each indicator divided by the reference area's value × 100 (100 = like the
reference area), an axis = the weighted mean of its indicators, the total = the mean of the axes, then a
1-10 score (10 = the most fragile). The weights are explicit: settings.OBSERVATORY_WEIGHTS replaces any of
these defaults, and every page shows the ones used."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from relais.observatory import sources


@dataclass(frozen=True)
class Indicator:
    key: str
    label: str
    axis: str
    source: sources.Source
    unit: str = "%"


AXES = {
    "access": _("Accès aux services et à internet"),
    "skills": _("Compétences numériques et administratives"),
    "social": _("Fragilité sociale"),
}

INDICATORS = [
    Indicator("no_broadband", _("Locaux sans très haut débit (30 Mbit/s)"), "access", sources.ARCEP),
    Indicator(
        "fs_distance", _("Distance à la France services la plus proche"), "access", sources.FRANCE_SERVICES, "km"
    ),
    Indicator("seniors", _("Personnes de 65 ans et plus (parmi les 15 ans et plus)"), "skills", sources.CENSUS),
    Indicator("low_diploma", _("Personnes sans diplôme ou peu diplômées (15 ans et plus)"), "skills", sources.CENSUS),
    Indicator("young", _("Jeunes de 25 ans et moins"), "skills", sources.CENSUS),
    Indicator("poverty", _("Taux de pauvreté (seuil à 60 %)"), "social", sources.FILOSOFI),
    Indicator("poverty_seniors", _("Taux de pauvreté des 60 ans et plus"), "social", sources.FILOSOFI),
    Indicator("poverty_young", _("Taux de pauvreté des moins de 30 ans"), "social", sources.FILOSOFI),
    Indicator("single_person", _("Ménages d'une seule personne"), "social", sources.CENSUS),
    Indicator("single_parent", _("Familles monoparentales (parmi les ménages)"), "social", sources.CENSUS),
    Indicator("unemployment", _("Demandeurs d'emploi"), "social", sources.CENSUS),
]
BY_KEY = {indicator.key: indicator for indicator in INDICATORS}

VARIANTS = {"all": _("Tous âges"), "seniors": _("Personnes âgées"), "young": _("Jeunes")}

DEFAULT_WEIGHTS = {
    "all": {
        "no_broadband": 1,
        "fs_distance": 1,
        "seniors": 1,
        "low_diploma": 1,
        "poverty": 1,
        "single_person": 1,
        "single_parent": 1,
        "unemployment": 1,
    },
    "seniors": {
        "no_broadband": 1,
        "fs_distance": 2,
        "seniors": 2,
        "low_diploma": 1,
        "poverty_seniors": 1,
        "single_person": 2,
    },
    "young": {
        "no_broadband": 1,
        "fs_distance": 1,
        "young": 2,
        "low_diploma": 1,
        "poverty_young": 2,
        "single_parent": 1,
        "unemployment": 1,
    },
}

#: headcount of people concerned, LabAccès style: {key: (label, indicator giving the share, base)}
HEADCOUNTS = {
    "seniors": _("personnes de 65 ans et plus"),
    "low_diploma": _("personnes sans diplôme ou peu diplômées"),
    "poverty": _("personnes sous le seuil de pauvreté"),
    "no_broadband": _("personnes sans très haut débit"),
}


def weights() -> dict[str, dict[str, float]]:
    """The weights used, per variant (settings.OBSERVATORY_WEIGHTS overrides a whole variant)."""
    configured = getattr(settings, "OBSERVATORY_WEIGHTS", None) or {}
    out = {}
    for variant, default in DEFAULT_WEIGHTS.items():
        chosen = configured.get(variant, default)
        out[variant] = {key: float(value) for key, value in chosen.items() if key in BY_KEY and float(value) > 0}
    return out


def weight_rows(used: dict[str, dict[str, float]]) -> list[dict]:
    """For the page: one row per indicator, its axis, source, year and weight in each variant."""
    return [
        {
            "indicator": indicator,
            "axis": AXES[indicator.axis],
            "weights": [used.get(variant, {}).get(indicator.key) for variant in VARIANTS],
        }
        for indicator in INDICATORS
    ]
