"""PostgreSQL engine of the directory's free-text search (see text_search).

Migration 0005 creates the `unaccent` and `pg_trgm` extensions, the text search configuration
`relais_french` (French stemmer after `unaccent`), the generated column
`directory_service.search_vector = to_tsvector('relais_french', search_text)` with a GIN index,
and `directory_search_word`: every lexeme ever indexed (statement-level triggers on insert and
update, so the import's COPY batches add theirs in one statement), with a trigram index that finds
the corrections of a misspelt word.
"""

from __future__ import annotations

from django.db import connection

from relais.directory.text_search_words import MIN_PREFIX_LENGTH, Term, close_words, typo_budget

CONFIG = "relais_french"
WORDS_TABLE = "directory_search_word"


def _quote(lexeme: str) -> str:
    return "'" + lexeme.replace("'", "''") + "'"


class PostgresEngine:
    def terms(self, words: list[str]) -> dict[str, Term]:
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT w, coalesce((SELECT min(lexeme) FROM unnest(to_tsvector('{CONFIG}', w))), ''), "
                f"EXISTS (SELECT 1 FROM {WORDS_TABLE} v WHERE v.word = "
                f"(SELECT min(lexeme) FROM unnest(to_tsvector('{CONFIG}', w)))) "
                "FROM unnest(%s::text[]) AS w",
                [list(words)],
            )
            rows = cursor.fetchall()
            found = {}
            for word, lexeme, known in rows:
                corrections: list[str] = []
                budget = typo_budget(word)
                if lexeme and not known and budget:
                    cursor.execute(f"SELECT word FROM {WORDS_TABLE} WHERE word %% %s", [lexeme])
                    corrections = close_words(lexeme, [row[0] for row in cursor.fetchall()], budget)
                found[word] = Term(word, lexeme, bool(known), tuple(corrections))
        return found

    def _match(self, tsquery: str) -> tuple[str, list]:
        return ('"directory_service"."search_vector" @@ %s::tsquery', [tsquery])

    def exact(self, terms: list[Term]) -> tuple[str, list] | None:
        return self._match(" & ".join(_quote(t.term) for t in terms))

    def loose(self, terms: list[Term]) -> tuple[str, list] | None:
        return self._loose(terms, " & ")

    def any(self, terms: list[Term]) -> tuple[str, list] | None:
        return self._loose(terms, " | ")

    def _loose(self, terms: list[Term], joiner: str) -> tuple[str, list] | None:
        if joiner == " & " and all(len(t.term) < MIN_PREFIX_LENGTH and not t.corrections for t in terms):
            return None
        parts = []
        for t in terms:
            options = [_quote(t.term) + (":*" if len(t.term) >= MIN_PREFIX_LENGTH else "")]
            options += [_quote(c) for c in t.corrections]
            parts.append(f"({' | '.join(options)})")
        return self._match(joiner.join(parts))


ENGINE = PostgresEngine()
