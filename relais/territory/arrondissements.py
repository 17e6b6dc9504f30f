"""The municipal arrondissements of Paris, Lyon and Marseille.

The commune lists Relais imports hold the three cities as single communes (Paris 75056, Lyon 69123,
Marseille 13055), while people and other files name arrondissements: the INSEE codes 75101–75120,
69381–69389 and 13201–13216, the postcodes 75001–75020 (and 75116), 69001–69009 and 13001–13016,
and the names « Lyon 8e », « Paris 15ème », « Marseille 1er arrondissement ». This module turns each
of them into the city's commune code, so that a search or an import finds the city."""

from __future__ import annotations

import re

from relais.territory.text import normalize

# city → (commune code, INSEE code of the 1st arrondissement, first postcode, number of arrondissements)
CITIES = {
    "paris": ("75056", 75101, 75001, 20),
    "lyon": ("69123", 69381, 69001, 9),
    "marseille": ("13055", 13201, 13001, 16),
}
_NAME = re.compile(
    r"^(paris|lyon|marseille)\s*(\d{1,2})\s*"
    r"(?:e|er|eme|ieme|eme arrondissement|e arrondissement|er arrondissement|arrondissement)?$"
)


def city_of_code(code: str) -> str | None:
    """The city's commune code for an arrondissement INSEE code (69388 → 69123), else None."""
    if not (code or "").isdigit():
        return None
    value = int(code)
    for city_code, first_insee, _postcode, count in CITIES.values():
        if first_insee <= value < first_insee + count:
            return city_code
    return None


def city_of_postcode(postcode: str) -> str | None:
    """The city's commune code for an arrondissement postcode (69008 → 69123; 75116 → 75056), else None."""
    if not (postcode or "").isdigit() or len(postcode) != 5:
        return None
    value = int(postcode)
    if value == 75116:
        return "75056"
    for city_code, _insee, first_postcode, count in CITIES.values():
        if first_postcode <= value < first_postcode + count:
            return city_code
    return None


def city_of_name(text: str) -> str | None:
    """« Lyon 8e », « Paris 15ème », « Marseille 1er arrondissement » → the city's commune code."""
    key = normalize(text or "").replace("-", " ").strip()
    key = re.sub(r"\s+", " ", key)
    match = _NAME.match(key)
    if not match:
        return None
    city_code, _insee, _postcode, count = CITIES[match.group(1)]
    return city_code if 1 <= int(match.group(2)) <= count else None
