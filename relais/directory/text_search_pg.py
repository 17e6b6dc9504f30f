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
                    # trigram-similar words with the same first letters (three from 8 letters): both
                    # conditions read the trigram index, so few words are compared
                    start = lexeme[: 3 if len(word) >= 8 else 2]
                    cursor.execute(
                        f"SELECT word FROM {WORDS_TABLE} WHERE word LIKE %s AND word %% %s", [f"{start}%", lexeme]
                    )
                    corrections = close_words(lexeme, [row[0] for row in cursor.fetchall()], budget)
                found[word] = Term(word, lexeme, bool(known), tuple(corrections))
        return found

    # Candidates and per-unit matches are read on the tsvector of the candidate rows (the grid
    # cells narrow them first), so `cells` is not needed.
    fields = ()

    def candidates(self, units: list[list[Term]], cells: list[int] | None) -> tuple[str, list] | None:
        loose = [q for terms in units if terms for q in [_loose(terms, " | ")]]
        if not loose:
            return None
        return ('"directory_service"."search_vector" @@ %s::tsquery', [" | ".join(f"({q})" for q in loose)])

    def columns(self, units: list[list[Term]]) -> list[tuple[str, list]]:
        columns = []
        for terms in units:
            if terms:
                exact = " & ".join(_quote(t.term) for t in terms)
                loose = _loose(terms, " & " if len(terms) == 1 else " | ")
                columns += [(_MATCH, [exact]), (_MATCH, [loose])]
        return columns

    def matcher(self, units: list[list[Term]]):
        return lambda values: self.matches(units, values)

    def matches(self, units: list[list[Term]], values: tuple) -> list[tuple[bool, bool]]:
        found, i = [], 0
        for terms in units:
            if terms:
                found.append((bool(values[i]), bool(values[i + 1])))
                i += 2
            else:
                found.append((False, False))
        return found


_MATCH = '"directory_service"."search_vector" @@ %s::tsquery'


def _loose(terms: list[Term], joiner: str) -> str:
    parts = []
    for t in terms:
        options = [_quote(t.term) + (":*" if len(t.term) >= MIN_PREFIX_LENGTH else "")]
        options += [_quote(c) for c in t.corrections]
        parts.append(f"({' | '.join(options)})")
    return joiner.join(parts)


ENGINE = PostgresEngine()
