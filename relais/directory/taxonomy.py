"""Value lists: data·inclusion v1 enums (from the `data-inclusion-schema` package) plus Relais'
extension (the hygiene category), languages, and the lexicon of everyday words used by free-text
search (relais/directory/data/lexicon.toml).

Extension themes are written like data·inclusion ones (`categorie--sous-theme`) but are not part
of the schema: the export moves them to the `extension_relais` object (docs/adr/0006).
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from data_inclusion.schema import v1
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from relais.directory import plain_labels
from relais.territory.text import normalize

EXTENSION_CATEGORIES = {"hygiene": _("Hygiène")}
EXTENSION_THEMES = {
    "hygiene--douches": _("Douches"),
    "hygiene--laverie": _("Laver son linge"),
    "hygiene--toilettes": _("Toilettes"),
    "hygiene--bagagerie": _("Bagagerie (laisser ses affaires)"),
    "hygiene--recharger-telephone": _("Recharger son téléphone"),
}

SCHEMA_THEMES = {t.value: t.label for t in v1.Thematique}
SCHEMA_CATEGORIES = {c.value: c.label for c in v1.Categorie}
ALL_THEMES = {**SCHEMA_THEMES, **EXTENSION_THEMES}
ALL_CATEGORIES = {**EXTENSION_CATEGORIES, **SCHEMA_CATEGORIES}

TYPE_CHOICES = [(t.value, t.label) for t in v1.TypeService]
FRAIS_CHOICES = [(f.value, f.label) for f in v1.Frais]
PUBLIC_CHOICES = [(p.value, p.label) for p in v1.Public]
MODE_ACCUEIL_CHOICES = [(m.value, m.label) for m in v1.ModeAccueil]
MODE_MOBILISATION_CHOICES = [(m.value, m.label) for m in v1.ModeMobilisation]
MOBILISABLE_PAR_CHOICES = [(m.value, m.label) for m in v1.PersonneMobilisatrice]

# The categories shown first on the search page, in plain words, for people in the street.
EVERYDAY_CATEGORIES = [
    ("equipement-et-alimentation--alimentation", _("Manger")),
    ("hygiene", _("Se laver, toilettes, laver son linge")),
    ("logement-hebergement--rechercher-une-solution-dhebergement-temporaire", _("Dormir, être hébergé")),
    ("hygiene--recharger-telephone", _("Recharger son téléphone")),
    ("equipement-et-alimentation--habillement", _("S'habiller")),
    ("sante", _("Se soigner")),
    ("difficultes-administratives-ou-juridiques", _("Papiers, droits, démarches")),
    ("numerique", _("Aide avec internet et l'ordinateur")),
]

LANGUAGES = {
    "fr": _("français"),
    "en": _("anglais"),
    "ar": _("arabe"),
    "es": _("espagnol"),
    "pt": _("portugais"),
    "it": _("italien"),
    "de": _("allemand"),
    "ru": _("russe"),
    "uk": _("ukrainien"),
    "ro": _("roumain"),
    "tr": _("turc"),
    "fa": _("persan (dari, farsi)"),
    "ps": _("pachto"),
    "ti": _("tigrigna"),
    "so": _("somali"),
    "zh": _("chinois"),
    "wo": _("wolof"),
    "bm": _("bambara"),
    "ber": _("tamazight (berbère)"),
    "lsf": _("langue des signes française"),
}

STOP_WORDS = {
    "de", "du", "des", "la", "le", "les", "l", "d", "un", "une", "pour", "a", "au", "aux", "et", "en",
    "mon", "ma", "mes", "me", "je", "j", "ou", "avec", "sur", "dans", "qui", "se", "faire", "aide",
    "aider", "besoin", "veux", "voudrais", "cherche", "chercher", "trouver", "quand", "comment",
    "ton", "ta", "tes", "son", "sa", "ses", "on", "il", "elle", "y", "pres", "moi", "chez",
}  # fmt: skip

LEXICON_PATH = Path(__file__).resolve().parent / "data" / "lexicon.toml"


@dataclass(frozen=True)
class Meaning:
    """What a lexicon key means: themes or categories (`themes`), related ones that help less
    (`also`, ranked lower), and categories never reached through it (`exclude`)."""

    themes: tuple[str, ...]
    exclude: tuple[str, ...] = ()
    also: tuple[str, ...] = ()


def singular(word: str) -> str:
    """« papiers » → « papier », « impots » → « impot » (plural marks of 4+ letter words)."""
    return word[:-1] if len(word) > 3 and word.endswith(("s", "x")) else word


def lexicon_key(text: str) -> str:
    """The key of a word or phrase: normalised, small words left aside, in the singular
    (« laver mes linges » → « laver linge »)."""
    return " ".join(singular(w) for w in normalize(text).split() if w not in STOP_WORDS)


def load_lexicon(path: Path = LEXICON_PATH) -> dict[str, Meaning]:
    """Lexicon key → meaning (entries sharing a word add their themes up)."""
    with path.open("rb") as handle:
        entries = tomllib.load(handle)["entry"]
    found: dict[str, dict[str, list[str]]] = {}
    for entry in entries:
        for word in entry["words"]:
            lists = found.setdefault(lexicon_key(word), {"themes": [], "not": [], "also": []})
            for name in lists:
                lists[name].extend(code for code in entry.get(name, []) if code not in lists[name])
    return {
        key: Meaning(tuple(lists["themes"]), tuple(lists["not"]), tuple(lists["also"]))
        for key, lists in found.items()
        if key
    }


LEXICON: dict[str, Meaning] = load_lexicon()
#: the longest phrase of the lexicon, in words
LEXICON_MAX_WORDS = max(len(key.split()) for key in LEXICON)
SYNONYMS: dict[str, list[str]] = {key: list(meaning.themes) for key, meaning in LEXICON.items()}


def meaning_of(words: str) -> Meaning | None:
    """The meaning of normalised words (a word or a phrase), singular or plural (no typo
    tolerance here: the search's planner adds it, see text_search)."""
    return LEXICON.get(" ".join(singular(w) for w in words.split()))


def lookup(token: str) -> list[str]:
    """Themes for a normalised word (singular or plural)."""
    meaning = meaning_of(token)
    return list(meaning.themes) if meaning else []


def theme_label(code: str) -> str:
    if code in ALL_THEMES:
        return str(ALL_THEMES[code])
    return str(ALL_CATEGORIES.get(code, code))


def is_known_theme(code: str) -> bool:
    return code in ALL_THEMES or code in ALL_CATEGORIES


def category_tree() -> list[dict]:
    """[{code, label, themes: [(code, label)]}] for the search form and the editing form."""
    tree = []
    for cat_code, cat_label in ALL_CATEGORIES.items():
        themes = [(code, label) for code, label in ALL_THEMES.items() if code.split("--")[0] == cat_code]
        tree.append({"code": cat_code, "label": cat_label, "themes": themes})
    return tree


def theme_choices() -> list[tuple]:
    """Grouped choices (optgroup per category) for a select of themes, plain labels first."""
    return [
        (display_label(item["code"]), [(code, display_label(code)) for code, _label in item["themes"]])
        for item in category_tree()
    ]


def search_category_choices() -> list[tuple]:
    everyday = [(code, _both(label, official_label(code))) for code, label in EVERYDAY_CATEGORIES]
    shown = {code for code, _label in EVERYDAY_CATEGORIES}
    others = [(item["code"], display_label(item["code"])) for item in category_tree() if item["code"] not in shown]
    return [("", str(_("Tout"))), (str(_("Le plus demandé")), everyday), (str(_("Toutes les catégories")), others)]


# --- plain labels first, the official term second (relais/directory/plain_labels.py) ----------------


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:] if text[1:2].islower() else text


def official_label(code: str) -> str:
    """The official term of a theme or category: « Hygiène — douches », « Santé — accès aux soins », « Santé »."""
    if code in ALL_THEMES:
        category = code.split("--")[0]
        return f"{ALL_CATEGORIES.get(category, category)} — {_lower_first(str(ALL_THEMES[code]))}"
    return str(ALL_CATEGORIES.get(code, code))


def _both(plain, official: str) -> str:
    plain = str(plain) if plain else ""
    if not plain or normalize(plain) == normalize(official):
        return official
    return f"{plain} ({official})"


def display_label(code: str) -> str:
    """What people read for a theme or category: « Se laver, prendre une douche (Hygiène — douches) »; a theme
    whose official label is already plain reads « Recharger son téléphone »."""
    return _display_label(code, get_language())


@lru_cache(maxsize=4096)
def _display_label(code: str, language: str | None) -> str:
    plain = plain_labels.THEMES.get(code) or plain_labels.CATEGORIES.get(code)
    if not plain and code in ALL_THEMES:
        return str(ALL_THEMES[code])
    return _both(plain, official_label(code))


def public_choices() -> list[tuple[str, str]]:
    return [(code, public_label(code)) for code, _label in PUBLIC_CHOICES]


def type_choices() -> list[tuple[str, str]]:
    return [(code, type_label(code)) for code, _label in TYPE_CHOICES]


def public_label(code: str) -> str:
    """« Personnes âgées (Séniors) »."""
    return _both(plain_labels.PUBLICS.get(code), str(dict(PUBLIC_CHOICES).get(code, code)))


def type_label(code: str) -> str:
    """« Aide en argent (Aide financière) »."""
    return _both(plain_labels.TYPES.get(code), str(dict(TYPE_CHOICES).get(code, code)))
