"""Words for the directory's free-text search: the light French stemmer (SQLite side), typo
distances, and a typed word as an engine sees it (`Term`). Shared by text_search and its two
engines (text_search_pg, text_search_sqlite)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

WEIGHT_EXACT = 1.0  # the unit's words as whole words
WEIGHT_THEME = 0.9  # one of its lexicon categories (the words themselves are more specific)
WEIGHT_LOOSE = 0.75  # a word's start, a typo corrected, a misspelt lexicon word
WEIGHT_PARTIAL = 0.5  # one word of a lexicon phrase (« épicerie » for « épicerie solidaire »)
MIN_TYPO_LENGTH = 5  # shorter words are taken as typed
MIN_PREFIX_LENGTH = 3

# Light French stemmer (SQLite side): removes the commonest inflectional and derivational endings,
# keeping at least 4 letters. Applied alike to indexed words and query words, so « logements »,
# « logement » meet, and « imprimer » finds « imprimante » by its start.
_SUFFIXES = (
    "issements",
    "issement",
    "atrices",
    "ateurs",
    "ations",
    "atrice",
    "ateur",
    "ation",
    "ements",
    "ement",
    "ments",
    "ment",
    "euses",
    "euse",
    "eurs",
    "eur",
    "iques",
    "ique",
    "istes",
    "iste",
    "ables",
    "able",
    "ives",
    "ive",
    "ifs",
    "ions",
    "ion",
    "ees",
    "ee",
    "es",
    "er",
    "ez",
    "ir",
    "e",
    "s",
    "x",
)


@lru_cache(maxsize=100_000)
def stem(word: str) -> str:
    """« logements » → « loge », « imprimer » → « imprim », « alimentaire » → « alimentair »."""
    if len(word) <= 4 or not word.isalpha():
        return word
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[: -len(suffix)]
    return word


def stem_text(text: str) -> str:
    """What the SQLite index holds for a normalised text: each word's stem, and the word itself
    when it differs (so that a word's start, « numeri », still finds « numerique » → « numer »)."""
    terms = []
    for word in (text or "").split():
        stemmed = stem(word)
        terms.append(stemmed)
        if stemmed != word:
            terms.append(word)
    return " ".join(terms)


def typo_budget(word: str) -> int:
    """Letters that may be wrong: none under 5 letters, 1 up to 6, 2 from 7."""
    if len(word) < MIN_TYPO_LENGTH or not word.isalpha():
        return 0
    return 1 if len(word) <= 6 else 2


def distance(a: str, b: str, limit: int) -> int:
    """Levenshtein distance, or `limit + 1` as soon as it is known to exceed `limit`."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, start=1):
        current = [i]
        for j, cb in enumerate(b, start=1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        if min(current) > limit:
            return limit + 1
        previous = current
    return previous[-1]


def close_words(word: str, vocabulary, limit: int, *, keep: int = 3) -> list[str]:
    """The `keep` words of `vocabulary` nearest `word` within `limit` edits (nearest first)."""
    found = []
    for candidate in vocabulary:
        if candidate != word:
            d = distance(word, candidate, limit)
            if d <= limit:
                found.append((d, candidate))
    return [w for _d, w in sorted(found)[:keep]]


@dataclass
class Term:
    """A typed word as an engine sees it."""

    word: str  # normalised, as typed
    term: str  # the engine's form (stem, lexeme); "" when the engine ignores the word
    known: bool = False  # the engine's vocabulary holds exactly this term
    corrections: tuple[str, ...] = ()  # vocabulary terms 1–2 letters away (unknown words only)
    #: every indexed term a loose match accepts (the term, the words it starts, its corrections),
    #: for engines that read per-unit matches in Python (SQLite)
    loose_terms: frozenset[str] = frozenset()
