"""Flags: communes with a high index and a low coverage, with the reasons in plain French (docs/adr/0019).

A commune is flagged when its score is at least HIGH_SCORE and at least one coverage reason holds. The
reasons are stored as codes with numbers and put into words when shown (so they follow the language)."""

from __future__ import annotations

from django.utils.formats import number_format
from django.utils.translation import gettext as _

HIGH_SCORE = 8.0
FAR_KM = 10.0  # France services / digital help farther than this
SATURDAY_KM = 15.0  # no digital help open on Saturday within this distance
FEW_PLACES = 1.0  # places per 10,000 inhabitants…
FEW_PLACES_FROM = 5000  # …counted as a reason from this population on (a village has no place of its own)


def coverage_reasons(coverage: dict, population: int | None) -> list[dict]:
    reasons = []
    fs = coverage.get("france_services_km")
    if fs is not None and fs > FAR_KM:
        reasons.append({"code": "fs_far", "km": fs})
    elif fs is None:
        reasons.append({"code": "fs_none"})
    digital = coverage.get("digital_km")
    if digital is None or digital > FAR_KM:
        reasons.append({"code": "digital_far", "km": digital})
    saturday = coverage.get("digital_saturday_km")
    if saturday is None or saturday > SATURDAY_KM:
        reasons.append({"code": "no_saturday"})
    per_10k = coverage.get("places_per_10k")
    if population and population >= FEW_PLACES_FROM and (per_10k or 0) < FEW_PLACES:
        reasons.append({"code": "few_places", "value": per_10k or 0})
    return reasons


def flag(score: float | None, coverage: dict, population: int | None) -> tuple[bool, list[dict]]:
    if score is None or score < HIGH_SCORE:
        return False, []
    reasons = coverage_reasons(coverage, population)
    if not reasons:
        return False, []
    return True, [{"code": "score", "value": score}, *reasons]


def _n(value, digits: int = 1) -> str:
    return number_format(round(value, digits), decimal_pos=digits)


def sentence(reason: dict) -> str:
    code = reason.get("code")
    if code == "score":
        return _("indice %(value)s") % {"value": _n(reason["value"])}
    if code == "fs_far":
        return _("France services la plus proche à %(km)s km") % {"km": _n(reason["km"], 0)}
    if code == "fs_none":
        return _("aucune France services connue")
    if code == "digital_far":
        if reason.get("km") is None:
            return _("aucun lieu d'aide numérique dans l'annuaire")
        return _("lieu d'aide numérique le plus proche à %(km)s km") % {"km": _n(reason["km"], 0)}
    if code == "no_saturday":
        return _("aucun lieu d'aide numérique ouvert le samedi à moins de %(km)s km") % {"km": _n(SATURDAY_KM, 0)}
    if code == "few_places":
        return _("%(value)s lieu d'aide pour 10 000 habitants") % {"value": _n(reason["value"])}
    return str(code)


def sentences(reasons: list[dict]) -> str:
    return " ; ".join(sentence(r) for r in reasons)
