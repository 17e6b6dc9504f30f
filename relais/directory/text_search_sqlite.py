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

from django.db import connection
from django.db.backends.signals import connection_created
from django.dispatch import receiver

from relais.directory.text_search_words import MIN_PREFIX_LENGTH, Term, close_words, stem, stem_text, typo_budget

FTS_TABLE = "directory_service_fts"
VOCAB_TABLE = "directory_service_fts_vocab"


@receiver(connection_created)
def _register_functions(sender, connection, **kwargs) -> None:
    if connection.vendor == "sqlite":
        connection.connection.create_function("relais_search_terms", 1, stem_text, deterministic=True)


def _upper(prefix: str) -> str:
    return prefix + "{"  # terms are [a-z0-9]: "{" sorts after all of them


class SqliteEngine:
    def terms(self, words: list[str]) -> dict[str, Term]:
        found: dict[str, Term] = {}
        with connection.cursor() as cursor:
            for word in words:
                term = stem(word)
                cursor.execute(f"SELECT 1 FROM {VOCAB_TABLE} WHERE term = %s", [term])
                known = cursor.fetchone() is not None
                corrections: list[str] = []
                budget = typo_budget(word)
                if not known and budget:
                    # same first two letters: the vocabulary is read by range, not scanned
                    cursor.execute(
                        f"SELECT term FROM {VOCAB_TABLE} WHERE term >= %s AND term < %s",
                        [term[:2], _upper(term[:2])],
                    )
                    vocabulary = [row[0] for row in cursor.fetchall() if abs(len(row[0]) - len(term)) <= budget]
                    corrections = close_words(term, vocabulary, budget)
                found[word] = Term(word, term, known, tuple(corrections))
        return found

    def _match(self, expression: str) -> tuple[str, list]:
        return (f'"directory_service"."id" IN (SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s)', [expression])

    def exact(self, terms: list[Term]) -> tuple[str, list] | None:
        return self._match(" AND ".join(f'"{t.term}"' for t in terms))

    def loose(self, terms: list[Term]) -> tuple[str, list] | None:
        return self._loose(terms, " AND ")

    def any(self, terms: list[Term]) -> tuple[str, list] | None:
        return self._loose(terms, " OR ")

    def _loose(self, terms: list[Term], joiner: str) -> tuple[str, list] | None:
        if joiner == " AND " and all(len(t.term) < MIN_PREFIX_LENGTH and not t.corrections for t in terms):
            return None  # nothing looser than the exact match
        parts = []
        for t in terms:
            options = [f'"{t.term}"*' if len(t.term) >= MIN_PREFIX_LENGTH else f'"{t.term}"']
            if t.word != t.term and len(t.word) >= MIN_PREFIX_LENGTH:
                options.append(f'"{t.word}"*')
            options += [f'"{c}"' for c in t.corrections]
            parts.append(f"({' OR '.join(options)})")
        return self._match(joiner.join(parts))


ENGINE = SqliteEngine()
