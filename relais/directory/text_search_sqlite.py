"""SQLite engine of the directory's free-text search (see text_search).

`directory_service_fts` is an FTS5 table (`unicode61 remove_diacritics 2`) whose rowid is the
service's id and whose text is `search_text` with every word stemmed (text_search_words.stem).
Triggers (migration 0005) keep it in sync with every insert, update of `search_text` and delete,
the import's executemany batches included; they call the SQL function `relais_search_terms`,
registered here on every SQLite connection Django opens (a bare `sqlite3` shell cannot write
services). `directory_search_word` (migration 0008, triggers calling `relais_search_words`) lists
the indexed terms: the vocabulary typos are corrected against, read by range on its primary key
(`fts5vocab` would count each listed term's documents, reading the doclists of frequent words).
"""

from __future__ import annotations

import json
import re
from functools import lru_cache

from django.db import connection, connections
from django.db.backends.signals import connection_created
from django.db.models.signals import post_migrate
from django.dispatch import receiver

from relais.directory.text_search_words import MIN_PREFIX_LENGTH, Term, close_words, stem, stem_text, typo_budget

FTS_TABLE = "directory_service_fts"
WORDS_TABLE = "directory_search_word"
#: a word's start listed as its indexed terms in the FTS5 query (each read by seeking) up to this many
#: terms; beyond, FTS5's prefix query (which merges the doclists of all of them for all France)
MAX_LISTED_TERMS = 40


def cell_term(cell: int | None) -> str:
    return f"c{cell}" if cell is not None else ""


@lru_cache(maxsize=16)
def _stemmed(search_text: str) -> str:
    # the insert trigger asks for the FTS row then the vocabulary words of the same text: stemmed once
    return stem_text(search_text)


def index_terms(search_text: str, cell: int | None) -> str:
    """What the FTS table holds for a service: its stemmed words and its grid cell."""
    return f"{_stemmed(search_text or '')} {cell_term(cell)}"


def index_words(search_text: str) -> str:
    """The words of the vocabulary table for a service (a JSON list, read with `json_each`)."""
    return json.dumps(sorted(set(_stemmed(search_text or "").split())))


@receiver(connection_created)
def _register_functions(sender, connection, **kwargs) -> None:
    if connection.vendor == "sqlite":
        connection.connection.create_function("relais_search_terms", 2, index_terms, deterministic=True)
        connection.connection.create_function("relais_search_words", 1, index_words, deterministic=True)


TRIGGERS = {
    "directory_service_fts_insert": """CREATE TRIGGER IF NOT EXISTS directory_service_fts_insert
        AFTER INSERT ON directory_service BEGIN
        INSERT INTO directory_service_fts (rowid, terms)
        VALUES (new.id, relais_search_terms(new.search_text, new.cell));
    END""",
    "directory_service_fts_update": """CREATE TRIGGER IF NOT EXISTS directory_service_fts_update
        AFTER UPDATE OF search_text, cell ON directory_service
        WHEN old.search_text IS NOT new.search_text OR old.cell IS NOT new.cell BEGIN
        DELETE FROM directory_service_fts WHERE rowid = old.id;
        INSERT INTO directory_service_fts (rowid, terms)
        VALUES (new.id, relais_search_terms(new.search_text, new.cell));
    END""",
    "directory_service_fts_delete": """CREATE TRIGGER IF NOT EXISTS directory_service_fts_delete
        AFTER DELETE ON directory_service BEGIN
        DELETE FROM directory_service_fts WHERE rowid = old.id;
    END""",
}
WORD_TRIGGERS = {
    "directory_search_word_insert": """CREATE TRIGGER IF NOT EXISTS directory_search_word_insert
        AFTER INSERT ON directory_service BEGIN
        INSERT OR IGNORE INTO directory_search_word (word)
        SELECT value FROM json_each(relais_search_words(new.search_text));
    END""",
    "directory_search_word_update": """CREATE TRIGGER IF NOT EXISTS directory_search_word_update
        AFTER UPDATE OF search_text ON directory_service
        WHEN old.search_text IS NOT new.search_text BEGIN
        INSERT OR IGNORE INTO directory_search_word (word)
        SELECT value FROM json_each(relais_search_words(new.search_text));
    END""",
}


def ensure_index(using: str = "default") -> bool:
    """Recreate the triggers (and the index rows) when a table rebuild of `directory_service` by a
    later migration dropped them. True when something was repaired."""
    db = connections[using]
    if db.vendor != "sqlite":
        return False
    with db.cursor() as cursor:
        cursor.execute(
            "SELECT name FROM sqlite_master WHERE type IN ('table', 'trigger') AND (name LIKE %s OR name LIKE %s)",
            [f"{FTS_TABLE}%", f"{WORDS_TABLE}%"],
        )
        present = {row[0] for row in cursor.fetchall()}
        repaired = False
        if FTS_TABLE in present and not set(TRIGGERS) <= present:
            for sql in TRIGGERS.values():
                cursor.execute(sql)
            cursor.execute(f"DELETE FROM {FTS_TABLE}")
            cursor.execute(
                f"INSERT INTO {FTS_TABLE} (rowid, terms) "
                "SELECT id, relais_search_terms(search_text, cell) FROM directory_service"
            )
            repaired = True
        if WORDS_TABLE in present and not set(WORD_TRIGGERS) <= present:
            for sql in WORD_TRIGGERS.values():
                cursor.execute(sql)
            cursor.execute(
                f"INSERT OR IGNORE INTO {WORDS_TABLE} (word) SELECT value FROM directory_service, "
                "json_each(relais_search_words(directory_service.search_text))"
            )
            repaired = True
    return repaired


@receiver(post_migrate)
def _after_migrate(sender, using="default", **kwargs) -> None:
    if getattr(sender, "label", "") == "directory":
        ensure_index(using)


def _upper(prefix: str) -> str:
    return prefix + "{"  # terms are [a-z0-9]: "{" sorts after all of them


class SqliteEngine:
    def terms(self, words: list[str]) -> dict[str, Term]:
        found: dict[str, Term] = {}
        with connection.cursor() as cursor:
            for word in words:
                term = stem(word)
                # the indexed terms the word's term starts (itself included when known): one range read
                cursor.execute(f"SELECT word FROM {WORDS_TABLE} WHERE word >= %s AND word < %s", [term, _upper(term)])
                starting = {row[0] for row in cursor.fetchall()}
                known = term in starting
                corrections: list[str] = []
                budget = typo_budget(word)
                if not known and budget:
                    # same first letters (three from 8 letters): the vocabulary is read by range
                    start = term[: 3 if len(word) >= 8 else 2]
                    cursor.execute(
                        f"SELECT word FROM {WORDS_TABLE} WHERE word >= %s AND word < %s", [start, _upper(start)]
                    )
                    vocabulary = [row[0] for row in cursor.fetchall() if abs(len(row[0]) - len(term)) <= budget]
                    corrections = close_words(term, vocabulary, budget)
                loose = {term, *corrections, *(starting if len(term) >= MIN_PREFIX_LENGTH else ())}
                found[word] = Term(word, term, known, tuple(corrections), frozenset(loose))
        return found

    # One FTS5 lookup per search, for the candidates; which units each candidate matches is then
    # read from its indexed words in Python (the same words FTS5 holds: `index_terms`), since one
    # `IN (SELECT rowid ... MATCH)` column per unit would list the matches of all France each time.
    fields = ("search_text",)

    def candidates(self, units: list[list[Term]], cells: list[int] | None) -> tuple[str, list] | None:
        if not cells:
            # services reachable remotely are few: reading them beats listing a word's documents
            # in all France
            return ("", [])
        every = [t for terms in units for t in terms]
        options = []
        for t in every:
            if len(t.loose_terms) <= MAX_LISTED_TERMS:
                # the indexed terms themselves (the term, the words it starts, its corrections): FTS5
                # seeks in each one's doclist to the searched cells' documents
                options += [f'"{term}"' for term in sorted(t.loose_terms)]
            else:
                options.append(f'"{t.term}"*' if len(t.term) >= MIN_PREFIX_LENGTH else f'"{t.term}"')
                options += [f'"{c}"' for c in t.corrections]
        if not options:
            return None
        # the grid cells are words of the index too: FTS5 intersects the few documents of the
        # searched cells with the words' documents instead of listing those of all France
        expression = f"({' OR '.join(dict.fromkeys(options))}) AND ({' OR '.join(cell_term(c) for c in cells)})"
        return (f'"directory_service"."id" IN (SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s)', [expression])

    def columns(self, units: list[list[Term]]) -> list[tuple[str, list]]:
        return []

    def matches(self, units: list[list[Term]], values: tuple) -> list[tuple[bool, bool]]:
        return self.matcher(units)(values)

    def matcher(self, units: list[list[Term]]):
        match = _matcher(_units_key(units))
        return lambda values: match(values[0])


def _units_key(units: list[list[Term]]) -> tuple:
    return tuple(tuple((t.term, t.loose_terms) for t in terms) for terms in units)


@lru_cache(maxsize=256)
def _matcher(key: tuple):
    """(exact, loose) per unit for a service's `search_text`, as FTS5 would answer on its indexed
    words (`stem_text`: each word's stem and the word) — without stemming the whole text: an indexed
    word equal to a term is a word of the text starting with that term (a stem is a word's start),
    so one regular expression finds the few words to stem. Memoised per plan (a search calls it
    for every candidate)."""
    wanted = {term for terms in key for term, loose in terms for term in (term, *loose)}
    if not wanted:
        return lambda text: [(False, False) for _terms in key]
    starts = re.compile(r"\b(?:" + "|".join(sorted(map(re.escape, wanted), key=len, reverse=True)) + r")[a-z0-9]*")

    def match(text: str) -> list[tuple[bool, bool]]:
        words: set[str] = set()
        for found in starts.findall(text or ""):
            words.add(found)
            words.add(stem(found))
        result = []
        for terms in key:
            exact = bool(terms) and all(term in words for term, _loose in terms)
            if len(terms) == 1:
                loose = not words.isdisjoint(terms[0][1])
            else:
                loose = any(not words.isdisjoint(loose_terms) for _term, loose_terms in terms)
            result.append((exact, loose))
        return result

    return match


ENGINE = SqliteEngine()
