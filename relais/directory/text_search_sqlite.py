"""SQLite engine of the directory's free-text search (see text_search).

`directory_service_fts` is an FTS5 table (`unicode61 remove_diacritics 2`) whose rowid is the
service's id and whose text is `search_text` with every word stemmed (text_search_words.stem).
Triggers (migration 0005) keep it in sync with every insert, update of `search_text` and delete,
the import's executemany batches included; they call the SQL function `relais_search_terms`,
registered here on every SQLite connection Django opens (a bare `sqlite3` shell cannot write
services). `directory_service_fts_vocab` (fts5vocab) lists the indexed terms: the vocabulary
typos are corrected against.
"""

from __future__ import annotations

from functools import lru_cache

from django.db import connection, connections
from django.db.backends.signals import connection_created
from django.db.models.signals import post_migrate
from django.dispatch import receiver

from relais.directory.text_search_words import MIN_PREFIX_LENGTH, Term, close_words, stem, stem_text, typo_budget

FTS_TABLE = "directory_service_fts"
VOCAB_TABLE = "directory_service_fts_vocab"


def cell_term(cell: int | None) -> str:
    return f"c{cell}" if cell is not None else ""


def index_terms(search_text: str, cell: int | None) -> str:
    """What the FTS table holds for a service: its stemmed words and its grid cell."""
    return f"{stem_text(search_text)} {cell_term(cell)}"


@receiver(connection_created)
def _register_functions(sender, connection, **kwargs) -> None:
    if connection.vendor == "sqlite":
        connection.connection.create_function("relais_search_terms", 2, index_terms, deterministic=True)


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


def ensure_index(using: str = "default") -> bool:
    """Recreate the triggers (and the index rows) when a table rebuild of `directory_service` by a
    later migration dropped them. True when something was repaired."""
    db = connections[using]
    if db.vendor != "sqlite":
        return False
    with db.cursor() as cursor:
        cursor.execute(
            "SELECT name FROM sqlite_master WHERE type IN ('table', 'trigger') AND name LIKE %s", [f"{FTS_TABLE}%"]
        )
        present = {row[0] for row in cursor.fetchall()}
        if FTS_TABLE not in present or set(TRIGGERS) <= present:
            return False
        for sql in TRIGGERS.values():
            cursor.execute(sql)
        cursor.execute(f"DELETE FROM {FTS_TABLE}")
        cursor.execute(
            f"INSERT INTO {FTS_TABLE} (rowid, terms) "
            "SELECT id, relais_search_terms(search_text, cell) FROM directory_service"
        )
    return True


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
                cursor.execute(f"SELECT term FROM {VOCAB_TABLE} WHERE term >= %s AND term < %s", [term, _upper(term)])
                starting = {row[0] for row in cursor.fetchall()}
                known = term in starting
                corrections: list[str] = []
                budget = typo_budget(word)
                if not known and budget:
                    # same first letters (three from 8 letters): the vocabulary is read by range
                    start = term[: 3 if len(word) >= 8 else 2]
                    cursor.execute(
                        f"SELECT term FROM {VOCAB_TABLE} WHERE term >= %s AND term < %s", [start, _upper(start)]
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
        options = [f'"{t.term}"*' if len(t.term) >= MIN_PREFIX_LENGTH else f'"{t.term}"' for t in every]
        options += [f'"{c}"' for t in every for c in t.corrections]
        if not options:
            return None
        # the grid cells are words of the index too: FTS5 intersects the few documents of the
        # searched cells with the words' documents instead of listing those of all France
        expression = f"({' OR '.join(dict.fromkeys(options))}) AND ({' OR '.join(cell_term(c) for c in cells)})"
        return (f'"directory_service"."id" IN (SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s)', [expression])

    def columns(self, units: list[list[Term]]) -> list[tuple[str, list]]:
        return []

    def matches(self, units: list[list[Term]], values: tuple) -> list[tuple[bool, bool]]:
        words = _indexed_words(values[0])
        found = []
        for terms in units:
            exact = bool(terms) and all(t.term in words for t in terms)
            if len(terms) == 1:
                loose = not words.isdisjoint(terms[0].loose_terms)
            else:
                loose = any(not words.isdisjoint(t.loose_terms) for t in terms)
            found.append((exact, loose))
        return found


@lru_cache(maxsize=50_000)
def _indexed_words(search_text: str) -> frozenset[str]:
    """The words FTS5 holds for a text, its cell aside (many services share a text)."""
    return frozenset(stem_text(search_text).split())


ENGINE = SqliteEngine()
