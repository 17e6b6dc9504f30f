"""Text normalisation for searching French place names."""

import re
import unicodedata

_SAINT = re.compile(r"\b(saint|sainte|st|ste)\b")
_NON_ALNUM = re.compile(r"[^a-z0-9]+")


def strip_accents(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def normalize(text: str) -> str:
    """Lower case, no accents, punctuation as spaces, Saint/Sainte/St/Ste as `st`/`ste`.

    >>> normalize("Saint-Étienne") == normalize("st etienne")
    True
    """
    text = strip_accents(text or "").lower().replace("œ", "oe").replace("æ", "ae")
    text = _NON_ALNUM.sub(" ", text).strip()
    text = _SAINT.sub(lambda m: "ste" if m.group(1) in {"sainte", "ste"} else "st", text)
    return " ".join(text.split())
