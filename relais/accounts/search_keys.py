"""Search keys of a person: the indexed tokens that make the person search accent-, case- and typo-tolerant.

Each name word (first name, last name, birth name) gives
- `w:<word>`: the word without accents, lower case (« Bénali » → `w:benali`), for exact matches;
- `x:<beginning>`: its beginnings of 3 to 8 letters (`x:ben`, `x:bena`…), for prefix matches;
- `p:<key>`: a phonetic key for French names (« Benaly », « Bénali » → `p:bnl`);
- `d:<word minus one letter>`, one per position, for words of 4 letters or more: a typed word and a
  stored word one or two letters apart share a `d:` key (or a `w:` key), without any scan.
The phone number gives `t:<E.164 number>`. The final ranking (exact, prefix, typo) is done in Python on
the few persons these keys return (relais/casefile/search.py)."""

from __future__ import annotations

import re
import unicodedata

MIN_DELETION_LENGTH = 4  # shorter words only give their exact and phonetic keys
MIN_PHONETIC_LENGTH = 3
MIN_PREFIX_LENGTH = 3
MAX_PREFIX_LENGTH = 8
MAX_WORD_LENGTH = 40
_SPLIT = re.compile(r"[^a-z0-9]+")
_PHONETIC_RULES = (
    ("ph", "f"),
    ("sch", "ch"),
    ("qu", "k"),
    ("ck", "k"),
    ("gu", "g"),
    ("ge", "je"),
    ("gi", "ji"),
    ("ce", "se"),
    ("ci", "si"),
    ("cy", "si"),
    ("ch", "$"),
    ("sh", "$"),
    ("c", "k"),
    ("q", "k"),
    ("x", "ks"),
    ("z", "s"),
    ("w", "v"),
    ("h", ""),
)
_VOWELS = set("aeiouy")


def fold(text: str) -> str:
    """Lower case, without accents, ligatures spelt out (« Œ » → « oe »)."""
    text = (text or "").lower().replace("œ", "oe").replace("æ", "ae").replace("ß", "ss")
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def words(text: str) -> list[str]:
    """The name words of a text: folded, split on spaces, hyphens and apostrophes (« Le Gall-Bénali » →
    le, gall, benali)."""
    return [word[:MAX_WORD_LENGTH] for word in _SPLIT.split(fold(text)) if word]


def phonetic(word: str) -> str:
    """A phonetic key for a French name: sounds alike, same key (« Benaly », « Bénali » → « bnl »;
    « Philippe », « Filipe » → « flp »). First letter kept when it is a vowel, then the consonants, doubled
    ones once, a final silent letter (s, t, d, x, e) dropped."""
    word = fold(word)
    if not word.isalpha():
        return word
    for before, after in _PHONETIC_RULES:
        word = word.replace(before, after)
    if len(word) > 2 and word[-1] in "stdx" and word[-2] not in "stdx":
        word = word[:-1]
    out: list[str] = []
    for index, ch in enumerate(word):
        if ch in _VOWELS and index > 0:
            continue
        if ch in _VOWELS:
            ch = "a"  # any initial vowel sounds alike enough (Ahmed / Ehmed)
        if out and out[-1] == ch:
            continue
        out.append(ch)
    return "".join(out) or word[:1]


def deletions(word: str) -> set[str]:
    """The word with one letter removed, at each position."""
    return {word[:i] + word[i + 1 :] for i in range(len(word))}


def _phonetic_keys(word: str) -> set[str]:
    """The phonetic key, when it says enough (« mr » for Marie, Maury, Moreau... would match too many)."""
    key = phonetic(word)
    return {f"p:{key}"} if len(key) >= MIN_PHONETIC_LENGTH else set()


def prefix_keys(word: str) -> set[str]:
    """`x:` keys: the word's beginnings of 3 to 8 letters (« ben », « bena », « benal » for Benali), so that a
    prefix is found by equality on an index, whatever the database's collation."""
    return {f"x:{word[:n]}" for n in range(MIN_PREFIX_LENGTH, min(len(word) - 1, MAX_PREFIX_LENGTH) + 1)}


def word_keys(word: str) -> set[str]:
    """The stored keys of one name word."""
    keys = {f"w:{word}"} | _phonetic_keys(word) | prefix_keys(word)
    if len(word) >= MIN_DELETION_LENGTH and word.isalpha():
        keys |= {f"d:{variant}" for variant in deletions(word)}
    return keys


def query_keys(word: str) -> set[str]:
    """The keys a typed word is looked up by: itself, its phonetic key, and the keys of words one or two
    letters apart (a letter missing, added or wrong on either side)."""
    keys = {f"w:{word}"} | _phonetic_keys(word)
    if word.isalpha() and len(word) >= MIN_DELETION_LENGTH - 1:
        keys.add(f"d:{word}")  # the stored word has one more letter
        for variant in deletions(word):
            keys.add(f"d:{variant}")  # one letter wrong (substitution), or swapped
            keys.add(f"w:{variant}")  # one letter too many in what was typed
    return keys


def phone_key(phone: str) -> str:
    return f"t:{phone}" if phone else ""


def person_keys(*, first_name: str, last_name: str, birth_name: str = "", phone: str = "") -> set[str]:
    """Every key of a person (none for an erased person: the caller passes nothing)."""
    keys: set[str] = set()
    for text in (first_name, last_name, birth_name):
        for word in words(text):
            keys |= word_keys(word)
    if phone:
        keys.add(phone_key(phone))
    return keys


def name_words(*, first_name: str, last_name: str, birth_name: str = "") -> list[str]:
    found: list[str] = []
    for text in (first_name, last_name, birth_name):
        for word in words(text):
            if word not in found:
                found.append(word)
    return found


def edit_distance(a: str, b: str, *, limit: int = 3) -> int:
    """Damerau-Levenshtein distance (adjacent swaps count once), capped at `limit`."""
    if abs(len(a) - len(b)) >= limit:
        return limit
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            cost = 0 if ca == cb else 1
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                current[j] = min(current[j], previous2[j - 2] + 1)
        previous2, previous = previous, current
    return min(previous[-1], limit)
