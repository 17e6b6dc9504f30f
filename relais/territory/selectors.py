"""Reads of the territory domain: finding communes by name or postcode."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from relais.territory import arrondissements
from relais.territory.matching import DIGITS as _DIGITS
from relais.territory.matching import postcode_filter as _postcode_filter
from relais.territory.matching import ranked_by_name as _ranked_by_name
from relais.territory.matching import split_postcode
from relais.territory.models import Commune, Departement

DEFAULT_LIMIT = 10
MAX_LIMIT = 50
MAX_CHOICES = 10
SIMILARITY_THRESHOLD = 0.3

_INSEE_CODE = re.compile(r"^(\d{5}|2[ABab]\d{3})$")


def _communes() -> QuerySet[Commune]:
    return Commune.objects.select_related("departement")


def commune_by_code(code: str) -> Commune | None:
    """The commune of an INSEE code; an arrondissement's code (69388) gives its city (Lyon)."""
    code = (code or "").strip().upper()
    found = _communes().filter(code=code).first()
    if found is None and (city := arrondissements.city_of_code(code)):
        found = _communes().filter(code=city).first()
    return found


def commune_for_code(code: str) -> Commune | None:
    """An INSEE code, an arrondissement's code, or else a postcode naming one commune (the API's
    `code_commune`: 69100 is no INSEE code, it is Villeurbanne's postcode). An INSEE code wins when
    the value is both (69008 is Ancy's INSEE code, and Lyon 8e's postcode)."""
    found = commune_by_code(code)
    code = (code or "").strip()
    if found is not None or not _DIGITS.match(code) or len(code) != 5:
        return found
    if city := arrondissements.city_of_postcode(code):
        return _communes().filter(code=city).first()
    matches = list(_communes().filter(_postcode_filter(code)).order_by("-population", "code")[:2])
    return matches[0] if len(matches) == 1 else None


def loaded_departements() -> list[Departement]:
    """The départements whose communes are loaded (Relais may hold only part of France)."""
    return list(Departement.objects.filter(communes__isnull=False).distinct().order_by("code"))


FRANCE_DEPARTEMENTS = 101


def not_loaded_message(text: str) -> str:
    """Why a real commune may not be found: its département is not loaded yet (plain French), or ""."""
    loaded = loaded_departements()
    if len(loaded) >= FRANCE_DEPARTEMENTS:
        return ""
    text = (text or "").strip()
    if _DIGITS.match(text) and len(text) >= 2:
        prefix = text[:3] if text.startswith("97") else text[:2]
        if not any(d.code.startswith(prefix) for d in loaded):
            return _("Les communes du département %(code)s ne sont pas encore chargées dans Relais.") % {"code": prefix}
        return ""
    names = ", ".join(d.name for d in loaded[:6]) + ("…" if len(loaded) > 6 else "")
    return ngettext(
        "Relais ne connaît pour l'instant que les communes de %(count)d département (%(names)s) : si le nom est "
        "bien écrit, votre commune n'est peut-être pas encore chargée.",
        "Relais ne connaît pour l'instant que les communes de %(count)d départements (%(names)s) : si le nom est "
        "bien écrit, votre commune n'est peut-être pas encore chargée.",
        len(loaded),
    ) % {"count": len(loaded), "names": names}


def communes_like(text: str, limit: int = 5) -> list[Commune]:
    """Communes whose code or name is like `text` (the API's "did you mean" for an unknown code)."""
    return list(Commune.objects.search(text)[:limit])


def _clamp(limit: int | None) -> int:
    if limit is None:
        return DEFAULT_LIMIT
    return max(1, min(int(limit), MAX_LIMIT))


def commune_search(text: str, limit: int | None = DEFAULT_LIMIT) -> list[Commune]:
    """Communes matching a name, a postcode (or its first digits) or an INSEE code, best first.

    Accent-, case- and punctuation-insensitive; `Saint`/`St`, `Sainte`/`Ste` alike."""
    limit = _clamp(limit)
    text = (text or "").strip()
    if not text:
        return []
    if _DIGITS.match(text):
        found = list(_communes().filter(_postcode_filter(text)).order_by("-population", "name", "code")[:limit])
        if len(text) == 5 and len(found) < limit and not any(c.code == text for c in found):
            found += list(_communes().filter(code=text))
        return found[:limit]
    if _INSEE_CODE.match(text):
        return list(_communes().filter(code=text.upper()))
    if city := arrondissements.city_of_name(text):
        return list(_communes().filter(code=city))
    key, postcode = split_postcode(text)
    queryset = _communes()
    if postcode:
        with_postcode = queryset.filter(_postcode_filter(postcode))
        if not key:
            return list(with_postcode.order_by("-population", "name", "code")[:limit])
        found = list(_ranked_by_name(key, with_postcode)[:limit])
        if found:
            return found
    if not key:
        return []
    return list(_ranked_by_name(key, queryset)[:limit])


def _trigrams(text: str) -> set[str]:
    """Trigrams as PostgreSQL's pg_trgm makes them: each word padded with two spaces in front, one behind."""
    grams: set[str] = set()
    for word in text.split():
        padded = f"  {word} "
        grams.update(padded[i : i + 3] for i in range(len(padded) - 2))
    return grams


def similarity(a: str, b: str) -> float:
    """pg_trgm-like similarity (shared trigrams / all trigrams) between two normalised texts."""
    ta, tb = _trigrams(a), _trigrams(b)
    if not ta or not tb:
        return 0.0
    return len(ta & tb) / len(ta | tb)


def commune_suggestions(text: str, limit: int = 5) -> list[Commune]:
    """Close names for a text that matches no commune (spelling mistakes), most similar first.

    Candidates share the first two letters, or (for a mistake in the first letters) a piece of
    the middle or the end of the name; they are then scored by trigram similarity in Python."""
    key, postcode = split_postcode(text or "")
    if len(key) < 2:
        return []
    words = key.split()
    # "st"/"ste" start thousands of names: take the first letter of the next word too.
    prefix = f"{words[0]} {words[1][0]}" if words[0] in {"st", "ste"} and len(words) > 1 else key[:2]
    query = Q(search_name__startswith=prefix)
    longest = max(words, key=len)
    if len(longest) >= 5:
        query |= Q(search_name__contains=longest[1:4]) | Q(search_name__contains=longest[-3:])
    if postcode:
        query |= Q(postcodes__startswith=postcode[:2])
    candidates = Commune.objects.filter(query).values_list("pk", "search_name", "population")
    key_grams = _trigrams(key)
    # With n trigrams in common out of |a|+|b|-n, similarity ≥ t needs len(b) within a ratio of len(a).
    low, high = len(key) * SIMILARITY_THRESHOLD, len(key) / SIMILARITY_THRESHOLD
    scored = []
    for pk, name, population in candidates:
        if not low <= len(name) <= high:
            continue
        grams = _trigrams(name)
        shared = len(key_grams & grams)
        score = shared / (len(key_grams) + len(grams) - shared) if shared else 0.0
        if score >= SIMILARITY_THRESHOLD:
            scored.append((-score, -population, name, pk))
    scored.sort()
    best = [pk for *_, pk in scored[:limit]]
    by_pk = _communes().in_bulk(best)
    return [by_pk[pk] for pk in best if pk in by_pk]


@dataclass
class Resolution:
    """What a typed text designates: exactly one commune, several (to choose from), or none."""

    text: str
    commune: Commune | None = None
    candidates: list[Commune] = field(default_factory=list)
    more: bool = False  # more candidates exist than those listed
    suggestions: list[Commune] = field(default_factory=list)

    @property
    def status(self) -> str:
        if not self.text.strip():
            return "empty"
        if self.commune is not None:
            return "found"
        return "ambiguous" if self.candidates else "unknown"


def commune_resolve(text: str) -> Resolution:
    """Resolve a typed commune name or postcode for a form.

    - a postcode: its communes (one → found, several → to choose); else an INSEE code;
    - a name (optionally with a postcode, as in "Vénissieux (69200)"): the communes bearing
      exactly that name; if none, the communes whose name starts with or contains it;
    - nothing: close names as suggestions."""
    text = (text or "").strip()
    resolution = Resolution(text=text)
    if not text:
        return resolution
    if _DIGITS.match(text):
        # A postcode (or its first digits); an INSEE code only when no postcode matches.
        matches = list(
            _communes().filter(_postcode_filter(text)).order_by("-population", "name", "code")[: MAX_CHOICES + 1]
        )
        if not matches and len(text) == 5:
            matches = list(_communes().filter(code=text))
            if not matches and (city := arrondissements.city_of_code(text)):
                matches = list(_communes().filter(code=city))
        _fill(resolution, matches)
        return resolution
    if _INSEE_CODE.match(text):
        _fill(resolution, list(_communes().filter(code=text.upper())))
        return resolution
    if city := arrondissements.city_of_name(text):
        _fill(resolution, list(_communes().filter(code=city)))
        return resolution
    key, postcode = split_postcode(text)
    if not key:
        _fill(resolution, commune_search(postcode, limit=MAX_CHOICES + 1))
        return resolution
    base = _communes()
    if postcode:
        with_postcode = base.filter(_postcode_filter(postcode))
        if with_postcode.filter(search_name__contains=key).exists():
            base = with_postcode
    exact = list(base.filter(search_name=key).order_by("-population", "name", "code")[: MAX_CHOICES + 1])
    if exact:
        _fill(resolution, exact)
        return resolution
    matches = list(_ranked_by_name(key, base)[: MAX_CHOICES + 1])
    if matches:
        _fill(resolution, matches)
    else:
        resolution.suggestions = commune_suggestions(text)
    return resolution


def _fill(resolution: Resolution, matches: list[Commune]) -> None:
    if len(matches) == 1:
        resolution.commune = matches[0]
    else:
        resolution.candidates = matches[:MAX_CHOICES]
        resolution.more = len(matches) > MAX_CHOICES
