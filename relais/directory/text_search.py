"""Free-text search of the directory with the databases' own engines (docs/adr/0012).

One interface, two engines chosen by `connection.vendor`:
- PostgreSQL (`text_search_pg`): a generated `tsvector` column over `Service.search_text` with an
  unaccented French configuration (French stemmer), a GIN index, and a vocabulary table of the
  indexed lexemes with a `pg_trgm` index for typos;
- SQLite (`text_search_sqlite`): an FTS5 table (unicode61, diacritics removed) holding the words
  of `search_text` reduced by `stem` below (the same light French stemmer is applied to the query),
  kept in sync by triggers; its `fts5vocab` table is the vocabulary for typos.

What people type becomes a `Plan`: a few *units* (one word, or a phrase of the lexicon such as
« carte grise »), each with the SQL telling whether a service matches it exactly (every word, as
whole words) or loosely (as a word's start, or a word 1–2 letters away for words of 5+ letters),
and the categories the lexicon gives it (relais/directory/data/lexicon.toml). A service is a
candidate when it matches at least one unit; the share of units it matches is its text relevance,
so an unknown word lowers the rank instead of emptying the results. Words are never matched
inside another word (« abri » does not find « Gabriel »).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from typing import Protocol

from django.db import connection
from django.db.models import BooleanField, Q
from django.db.models.expressions import RawSQL

from relais.directory import taxonomy, text_search_pg, text_search_sqlite
from relais.directory.text_search_words import (
    WEIGHT_EXACT,
    WEIGHT_LOOSE,
    WEIGHT_PARTIAL,
    WEIGHT_THEME,
    Term,
    close_words,
    typo_budget,
)
from relais.territory.text import normalize

MAX_UNITS = 6


class Engine(Protocol):
    """What the search asks a database's full-text engine. `units` are the query's units' terms
    (one list per unit); `cells` the grid cells searched (ADR 0006), which an engine may use to
    narrow its index lookup (None for services reachable remotely, wherever they are)."""

    def terms(self, words: list[str]) -> dict[str, Term]:
        """Each word's term, whether the index knows it, and its corrections."""

    def candidates(self, units: list[list[Term]], cells: list[int] | None) -> tuple[str, list] | None:
        """SQL (and params) true for services matching at least one unit, loosely; ("", []) for
        no narrowing in SQL (every row is read, `matches` decides)."""

    def columns(self, units: list[list[Term]]) -> list[tuple[str, list]]:
        """SQL columns to select, read back by `matches` (may be none)."""

    fields: tuple[str, ...]  # Service fields to select, read back by `matches`

    def matches(self, units: list[list[Term]], values: tuple) -> list[tuple[bool, bool]]:
        """(exact, loose) per unit for one service, from its `fields` then `columns` values."""

    def matcher(self, units: list[list[Term]]) -> Callable[[tuple], list[tuple[bool, bool]]]:
        """`matches` for these units, prepared once per search (it is called for every candidate)."""


@dataclass
class Unit:
    """A word or a lexicon phrase of the query: each counts the same in the relevance."""

    words: tuple[str, ...]
    themes: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    also: tuple[str, ...] = ()
    theme_weight: float = WEIGHT_THEME
    terms: tuple[Term, ...] = ()  # the words the engine indexes (none: lexicon categories only)

    @property
    def loose_weight(self) -> float:
        return WEIGHT_LOOSE if len(self.terms) == 1 else WEIGHT_PARTIAL

    def theme_weight_for(self, themes_text: str) -> float:
        """The weight this unit's lexicon categories give a service (0 when none applies; half
        for a related category)."""
        if not self.themes or any(f" {code} " in themes_text for code in self.exclude):
            return 0.0
        if any(f" {code} " in themes_text for code in self.themes):
            return self.theme_weight
        return self.theme_weight * WEIGHT_PARTIAL if any(f" {code} " in themes_text for code in self.also) else 0.0


@dataclass
class Plan:
    units: list[Unit] = field(default_factory=list)
    search: Engine | None = None

    def __bool__(self) -> bool:
        return bool(self.units)

    @property
    def words(self) -> list[str]:
        return [w for unit in self.units for w in unit.words]

    @cached_property
    def _terms(self) -> list[list[Term]]:
        return [list(unit.terms) for unit in self.units]

    @cached_property
    def _match(self) -> Callable[[tuple], list[tuple[bool, bool]]]:
        return self.search.matcher(self._terms)

    @property
    def fields(self) -> tuple[str, ...]:
        """Service fields (then annotations `text_match_<i>`) the ranking reads."""
        if not self:
            return ()
        return (*self.search.fields, *(f"text_match_{i}" for i in range(len(self.search.columns(self._terms)))))

    def narrow(self, qs, cells: list[int] | None):
        """Services matching at least one unit (text, or a lexicon category), with `fields`."""
        if not self:
            return qs
        condition = Q()
        text = self.search.candidates(self._terms, cells)
        if text == ("", []):  # no narrowing in SQL: `relevance` leaves out the rows matching nothing
            return self._annotated(qs)
        if text is not None:
            condition |= Q(RawSQL(text[0], text[1], output_field=BooleanField()))
        for unit in self.units:
            for theme in (*unit.themes, *unit.also):
                condition |= Q(themes_text__contains=f" {theme} ")
        return self._annotated(qs.filter(condition) if condition else qs.none())

    def _annotated(self, qs):
        for i, (sql, params) in enumerate(self.search.columns(self._terms)):
            qs = qs.annotate(**{f"text_match_{i}": RawSQL(sql, params, output_field=BooleanField())})
        return qs

    def relevance(self, themes_text: str, values: tuple) -> float:
        """Share of the query's units a service matches (exact words 1, a lexicon category 0.9,
        loose 0.75, one word of a phrase or a related category 0.5); 1 without text."""
        if not self:
            return 1.0
        total = 0.0
        matches = self._match(values)
        for unit, (exact, loose) in zip(self.units, matches, strict=True):
            total += max(
                WEIGHT_EXACT if exact else 0.0,
                unit.loose_weight if loose else 0.0,
                unit.theme_weight_for(themes_text),
            )
        return total / len(self.units)


def engine() -> Engine:
    """The engine of the default database."""
    return text_search_pg.ENGINE if connection.vendor == "postgresql" else text_search_sqlite.ENGINE


def query_words(text: str) -> list[str]:
    """Normalised words of a query, small words left aside."""
    return [w for w in normalize(text).split() if w not in taxonomy.STOP_WORDS]


def _group(words: list[str]) -> list[tuple[str, ...]]:
    """Words grouped into lexicon phrases, longest first (« laver linge » is one unit)."""
    groups, i = [], 0
    while i < len(words):
        for size in range(min(taxonomy.LEXICON_MAX_WORDS, len(words) - i), 1, -1):
            if taxonomy.meaning_of(" ".join(words[i : i + size])) is not None:
                groups.append(tuple(words[i : i + size]))
                i += size
                break
        else:
            groups.append((words[i],))
            i += 1
    return groups


_KEYS_BY_LETTER: dict[str, list[str]] = {}
for _key in taxonomy.LEXICON:
    if " " not in _key:
        _KEYS_BY_LETTER.setdefault(_key[0], []).append(_key)


def _lexicon_meaning(words: tuple[str, ...], terms: dict[str, Term]) -> tuple[taxonomy.Meaning | None, float]:
    meaning = taxonomy.meaning_of(" ".join(words))
    if meaning is not None:
        return meaning, WEIGHT_THEME
    word = words[0]
    if len(words) > 1 or terms[word].known or not typo_budget(word):
        return None, 0.0
    # same first letter: a typo rarely starts the word, and the lexicon is compared key by key
    keys = close_words(word, _KEYS_BY_LETTER.get(word[0], ()), typo_budget(word), keep=2)
    if not keys:
        return None, 0.0
    meanings = [taxonomy.LEXICON[key] for key in keys]
    themes = tuple(dict.fromkeys(t for m in meanings for t in m.themes))
    exclude = tuple(dict.fromkeys(t for m in meanings for t in m.exclude))
    also = tuple(dict.fromkeys(t for m in meanings for t in m.also))
    return taxonomy.Meaning(themes, exclude, also), WEIGHT_LOOSE


def plan(text: str) -> Plan:
    """What to look for (a few queries to the engine's vocabulary; none for an empty text)."""
    groups = _group(query_words(text))[:MAX_UNITS]
    if not groups:
        return Plan()
    search = engine()
    terms = search.terms(sorted({w for group in groups for w in group}))
    units = []
    for group in groups:
        meaning, weight = _lexicon_meaning(group, terms)
        group_terms = [terms[w] for w in group if terms[w].term]
        units.append(
            Unit(
                words=group,
                themes=meaning.themes if meaning else (),
                exclude=meaning.exclude if meaning else (),
                also=meaning.also if meaning else (),
                theme_weight=weight,
                terms=tuple(group_terms),
            )
        )
    return Plan(units, search)
