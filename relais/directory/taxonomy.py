"""Value lists: data·inclusion v1 enums (from the `data-inclusion-schema` package) plus Relais'
extension (the hygiene category), languages, and the synonyms used by free-text search.

Extension themes are written like data·inclusion ones (`categorie--sous-theme`) but are not part
of the schema: the export moves them to the `extension_relais` object (docs/adr/0006).
"""

from __future__ import annotations

from data_inclusion.schema import v1
from django.utils.translation import gettext_lazy as _

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

# Lay words → themes or categories (keys normalised with territory.text.normalize; plural
# forms are reduced by `lookup`). Written for people who do not know the social-work jargon.
_SYNONYMS = {
    "manger": ["equipement-et-alimentation--alimentation"],
    "repas": ["equipement-et-alimentation--alimentation"],
    "nourriture": ["equipement-et-alimentation--alimentation"],
    "faim": ["equipement-et-alimentation--alimentation"],
    "colis": ["equipement-et-alimentation--alimentation"],
    "epicerie": ["equipement-et-alimentation--alimentation"],
    "restos": ["equipement-et-alimentation--alimentation"],
    "resto": ["equipement-et-alimentation--alimentation"],
    "alimentaire": ["equipement-et-alimentation--alimentation"],
    "douche": ["hygiene--douches"],
    "doucher": ["hygiene--douches"],
    "laver": ["hygiene--douches", "hygiene--laverie"],
    "lessive": ["hygiene--laverie"],
    "linge": ["hygiene--laverie"],
    "laverie": ["hygiene--laverie"],
    "toilette": ["hygiene--toilettes", "hygiene--douches"],
    "wc": ["hygiene--toilettes"],
    "hygiene": ["hygiene"],
    "bagage": ["hygiene--bagagerie"],
    "bagagerie": ["hygiene--bagagerie"],
    "consigne": ["hygiene--bagagerie"],
    "affaires": ["hygiene--bagagerie"],
    "recharger": ["hygiene--recharger-telephone"],
    "charger": ["hygiene--recharger-telephone"],
    "batterie": ["hygiene--recharger-telephone"],
    "telephone": ["hygiene--recharger-telephone"],
    "portable": ["hygiene--recharger-telephone"],
    "dormir": ["logement-hebergement--rechercher-une-solution-dhebergement-temporaire"],
    "nuit": ["logement-hebergement--rechercher-une-solution-dhebergement-temporaire"],
    "hebergement": ["logement-hebergement"],
    "heberger": ["logement-hebergement"],
    "abri": ["logement-hebergement--rechercher-une-solution-dhebergement-temporaire"],
    "115": ["logement-hebergement--rechercher-une-solution-dhebergement-temporaire"],
    "logement": ["logement-hebergement"],
    "loyer": ["logement-hebergement--reduire-les-impayes-de-loyer"],
    "expulsion": ["logement-hebergement--se-maintenir-dans-le-logement"],
    "habit": ["equipement-et-alimentation--habillement"],
    "vetement": ["equipement-et-alimentation--habillement"],
    "vestiaire": ["equipement-et-alimentation--habillement"],
    "chaussure": ["equipement-et-alimentation--habillement"],
    "papier": ["difficultes-administratives-ou-juridiques"],
    "demarche": ["difficultes-administratives-ou-juridiques--accompagnement-aux-demarches-administratives"],
    "dossier": ["difficultes-administratives-ou-juridiques--accompagnement-aux-demarches-administratives"],
    "droit": ["difficultes-administratives-ou-juridiques--accompagnement-pour-lacces-aux-droits"],
    "caf": ["difficultes-administratives-ou-juridiques--accompagnement-pour-lacces-aux-droits"],
    "rsa": ["difficultes-administratives-ou-juridiques--accompagnement-pour-lacces-aux-droits"],
    "apl": ["difficultes-administratives-ou-juridiques--accompagnement-pour-lacces-aux-droits"],
    "allocation": ["difficultes-administratives-ou-juridiques--accompagnement-pour-lacces-aux-droits"],
    "prestation": ["difficultes-administratives-ou-juridiques--accompagnement-pour-lacces-aux-droits"],
    "cpam": [
        "difficultes-administratives-ou-juridiques--accompagnement-pour-lacces-aux-droits",
        "sante--acces-aux-soins",
    ],
    "secu": ["sante--acces-aux-soins"],
    "impot": ["difficultes-administratives-ou-juridiques--accompagnement-aux-demarches-administratives"],
    "retraite": ["difficultes-administratives-ou-juridiques--accompagnement-pour-lacces-aux-droits"],
    "titre": ["difficultes-administratives-ou-juridiques--accompagnement-pour-lacces-a-la-citoyennete"],
    "sejour": ["difficultes-administratives-ou-juridiques--accompagnement-pour-lacces-a-la-citoyennete"],
    "prefecture": ["difficultes-administratives-ou-juridiques--accompagnement-pour-lacces-a-la-citoyennete"],
    "avocat": ["difficultes-administratives-ou-juridiques--prendre-en-compte-une-problematique-judiciaire"],
    "juridique": ["difficultes-administratives-ou-juridiques"],
    "justice": ["difficultes-administratives-ou-juridiques--prendre-en-compte-une-problematique-judiciaire"],
    "domiciliation": ["difficultes-administratives-ou-juridiques--accompagnement-aux-demarches-administratives"],
    "adresse": ["difficultes-administratives-ou-juridiques--accompagnement-aux-demarches-administratives"],
    "courrier": ["difficultes-administratives-ou-juridiques--accompagnement-aux-demarches-administratives"],
    "ordinateur": ["numerique"],
    "internet": ["numerique"],
    "wifi": ["numerique--acceder-a-une-connexion-internet"],
    "imprimer": ["numerique--acceder-a-des-services-en-ligne"],
    "informatique": ["numerique"],
    "numerique": ["numerique"],
    "mail": ["numerique"],
    "smartphone": ["numerique--maitriser-les-fondamentaux-du-numerique"],
    "medecin": ["sante--acces-aux-soins"],
    "soin": ["sante--acces-aux-soins"],
    "soigner": ["sante--acces-aux-soins"],
    "malade": ["sante--acces-aux-soins"],
    "sante": ["sante"],
    "dentiste": ["sante--acces-aux-soins"],
    "psy": ["sante--sante-mentale"],
    "drogue": ["sante--addictions"],
    "alcool": ["sante--addictions"],
    "argent": ["difficultes-financieres"],
    "dette": ["difficultes-financieres--situation-dendettement-surendettement"],
    "budget": ["difficultes-financieres"],
    "travail": ["trouver-un-emploi"],
    "emploi": ["trouver-un-emploi"],
    "boulot": ["trouver-un-emploi"],
    "cv": ["preparer-sa-candidature--realiser-un-cv-et-ou-une-lettre-de-motivation"],
    "francais": ["lecture-ecriture-calcul--maitriser-le-francais"],
    "lire": ["lecture-ecriture-calcul--maitriser-le-francais"],
    "ecrire": ["lecture-ecriture-calcul--maitriser-le-francais"],
    "enfant": ["famille"],
    "bebe": ["famille"],
    "violence": ["famille--surmonter-conflits-separation-violence"],
    "voiture": ["mobilite"],
    "permis": ["mobilite--preparer-un-permis"],
    "transport": ["mobilite"],
}
SYNONYMS: dict[str, list[str]] = {normalize(k): v for k, v in _SYNONYMS.items()}

STOP_WORDS = {
    "de",
    "du",
    "des",
    "la",
    "le",
    "les",
    "l",
    "d",
    "un",
    "une",
    "pour",
    "a",
    "au",
    "aux",
    "et",
    "en",
    "mon",
    "ma",
    "mes",
    "me",
    "je",
    "j",
    "ou",
    "avec",
    "sur",
    "dans",
    "qui",
    "se",
    "faire",
    "aide",
    "aider",
}


def lookup(token: str) -> list[str]:
    """Themes for a normalised word (singular or plural)."""
    for candidate in (
        token,
        token[:-1] if token.endswith(("s", "x")) else None,
        token[:-2] if token.endswith("es") else None,
    ):
        if candidate and candidate in SYNONYMS:
            return SYNONYMS[candidate]
    return []


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
    """Grouped choices (optgroup per category) for a select of themes."""
    return [(str(item["label"]), [(code, str(label)) for code, label in item["themes"]]) for item in category_tree()]


def search_category_choices() -> list[tuple]:
    everyday = [(code, str(label)) for code, label in EVERYDAY_CATEGORIES]
    shown = {code for code, _label in EVERYDAY_CATEGORIES}
    others = [(item["code"], str(item["label"])) for item in category_tree() if item["code"] not in shown]
    return [("", str(_("Tout"))), (str(_("Le plus demandé")), everyday), (str(_("Toutes les catégories")), others)]
