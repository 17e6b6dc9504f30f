"""The national map's schema of digital-help places (« schéma des lieux de médiation numérique »,
LaMednum/standard-mediation-num 1.0.1, a Table Schema) and how its value lists meet data·inclusion's.

The schema is vendored in `data/standard_mediation_num_1.0.1.json` (names, types and constraints of
the fields); `row_errors` checks a row against it as a Table Schema validator does (required, type,
pattern over the whole value, maxLength, unique ids in `unique_ids`). The value maps below are used
both ways, by the export (`exporters_mednum`) and by the import (`importers/mednum`), so that an
export read back and exported again gives the same file (docs/adr/0013)."""

from __future__ import annotations

import datetime as dt
import json
import re
from functools import cache
from pathlib import Path

SCHEMA_PATH = Path(__file__).resolve().parent / "data" / "standard_mediation_num_1.0.1.json"
SEPARATOR = "|"  # multiple values in one cell, since version 1.0.0 of the schema

# --- value lists: schema label ↔ data·inclusion values -------------------------------------------------

#: schema `services` → data·inclusion themes given to the place's digital-help service at import
SERVICE_THEMES = {
    "Aide aux démarches administratives": (
        "difficultes-administratives-ou-juridiques--accompagnement-aux-demarches-administratives",
        "numerique--acceder-a-des-services-en-ligne",
    ),
    "Maîtrise des outils numériques du quotidien": ("numerique--maitriser-les-fondamentaux-du-numerique",),
    "Insertion professionnelle via le numérique": (
        "preparer-sa-candidature--realiser-un-cv-et-ou-une-lettre-de-motivation",
        "trouver-un-emploi--repondre-a-des-offres-demploi",
    ),
    "Utilisation sécurisée du numérique": ("numerique--maitriser-les-fondamentaux-du-numerique",),
    "Parentalité et éducation avec le numérique": ("famille--soutien-a-la-parentalite-et-a-leducation",),
    "Loisirs et créations numériques": ("numerique--maitriser-les-fondamentaux-du-numerique",),
    "Compréhension du monde numérique": ("numerique--maitriser-les-fondamentaux-du-numerique",),
    "Accès internet et matériel informatique": ("numerique--acceder-a-une-connexion-internet",),
    "Acquisition de matériel informatique à prix solidaire": ("numerique--acquerir-un-equipement",),
}
#: data·inclusion theme → schema `services` label at export (the themes without one are not said)
THEME_SERVICES = {
    "numerique--acceder-a-des-services-en-ligne": "Aide aux démarches administratives",
    "difficultes-administratives-ou-juridiques--accompagnement-aux-demarches-administratives": (
        "Aide aux démarches administratives"
    ),
    "numerique--maitriser-les-fondamentaux-du-numerique": "Maîtrise des outils numériques du quotidien",
    "preparer-sa-candidature--realiser-un-cv-et-ou-une-lettre-de-motivation": (
        "Insertion professionnelle via le numérique"
    ),
    "trouver-un-emploi--repondre-a-des-offres-demploi": "Insertion professionnelle via le numérique",
    "creer-une-entreprise--developper-son-entreprise": "Insertion professionnelle via le numérique",
    "famille--soutien-a-la-parentalite-et-a-leducation": "Parentalité et éducation avec le numérique",
    "numerique--acceder-a-une-connexion-internet": "Accès internet et matériel informatique",
    "numerique--acquerir-un-equipement": "Acquisition de matériel informatique à prix solidaire",
}
DEFAULT_THEME = "numerique--maitriser-les-fondamentaux-du-numerique"

PUBLICS = {  # schema `publics_specifiquement_adresses` ↔ data·inclusion `publics`
    "Jeunes": "jeunes",
    "Étudiants": "etudiants",
    "Familles et/ou enfants": "familles",
    "Seniors": "seniors",
    "Femmes": "femmes",
}
SUPPORT_LANGUAGES = {  # schema `prise_en_charge_specifique` ↔ Relais' languages spoken
    "Langues étrangères (anglais)": "en",
    "Surdité": "lsf",
}
FRAIS = {"Gratuit": "gratuit", "Gratuit sous condition": "payant", "Payant": "payant"}
CONDITIONAL = "Gratuit sous condition"  # kept in `frais_precisions`, data·inclusion has no such value
NETWORKS = {  # schema `dispositif_programmes_nationaux` ↔ data·inclusion `reseaux_porteurs`
    "Aidants Connect": "aidants-connect",
    "Conseillers numériques": "conseillers-numeriques",
    "France Services": "france-service",
    "La Croix Rouge": "croix-rouge",
    "Emmaüs Connect": "emmaus",
    "Grande école du numérique": "grandes-ecoles-du-numerique",
}
ACCESS = {  # schema `modalites_acces` ↔ data·inclusion `modes_mobilisation`
    "Se présenter": "se-presenter",
    "Téléphoner": "telephoner",
    "Contacter par mail": "envoyer-un-courriel",
    "Prendre un RDV en ligne": "utiliser-lien-mobilisation",
}
REMOTE = "À distance"  # schema `modalites_accompagnement` ↔ data·inclusion `modes_accueil` « a-distance »
ITINERANT = "Itinérant"
NO_PIVOT = "00000000000000"  # the national files' « no SIRET known » (the pivot is required)


def split(value) -> list[str]:
    """A multi-valued cell → its values (`|`, and `;` of the older files)."""
    if value is None:
        return []
    if isinstance(value, list):
        return [str(v).strip() for v in value if str(v).strip()]
    return [part.strip() for part in re.split(r"[|;]", str(value)) if part.strip()]


def join(values, order) -> str | None:
    """Values in the schema's own order (so that a file exported twice is the same), `|`-separated."""
    chosen = [label for label in order if label in set(values)]
    return SEPARATOR.join(chosen) or None


# --- the schema ---------------------------------------------------------------------------------------


@cache
def schema() -> dict:
    return json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))


@cache
def fields() -> dict[str, dict]:
    return {field["name"]: field for field in schema()["fields"]}


def columns() -> list[str]:
    return list(fields())


@cache
def _pattern(text: str) -> re.Pattern:
    return re.compile(text)


def _type_error(kind: str, value) -> str | None:
    if kind == "string":
        return None if isinstance(value, str) else "texte attendu"
    if kind == "number":
        if isinstance(value, bool):
            return "nombre attendu"
        if isinstance(value, int | float):
            return None
        try:
            float(str(value))
        except ValueError:
            return "nombre attendu"
        return None
    if kind == "date":
        try:
            dt.date.fromisoformat(str(value))
        except ValueError:
            return "date AAAA-MM-JJ attendue"
        return None if re.fullmatch(r"\d{4}-\d{2}-\d{2}", str(value)) else "date AAAA-MM-JJ attendue"
    return f"type inconnu {kind}"


def row_errors(row: dict) -> dict[str, str]:
    """{field: reason} for every value of `row` the schema refuses (a missing optional value is fine)."""
    errors: dict[str, str] = {}
    for name in row:
        if name not in fields():
            errors[name] = "champ absent du schéma"
    for name, field in fields().items():
        value = row.get(name)
        constraints = field.get("constraints", {})
        if value is None or value == "":
            if constraints.get("required"):
                errors[name] = "valeur obligatoire manquante"
            continue
        if reason := _type_error(field["type"], value):
            errors[name] = reason
            continue
        if (pattern := constraints.get("pattern")) and not _pattern(pattern).fullmatch(str(value)):
            errors[name] = "valeur hors de la liste ou du format du schéma"
        elif (limit := constraints.get("maxLength")) and len(str(value)) > limit:
            errors[name] = f"plus de {limit} caractères"
    return errors


def valid_row(row: dict, problems: list[str] | None = None) -> dict | None:
    """The row as the schema accepts it: an optional value it refuses is left out (and said in `problems`);
    a row whose required values are refused is not exported (said too)."""
    row = dict(row)
    errors = row_errors(row)
    required = sorted(name for name in errors if fields().get(name, {}).get("constraints", {}).get("required"))
    if required:
        if problems is not None:
            problems.append(f"{row.get('id')} : non exporté ({', '.join(required)})")
        return None
    for name in sorted(errors):
        if problems is not None:
            problems.append(f"{row.get('id')} : {name} laissé de côté ({str(row[name])[:60]})")
        row[name] = None
    return row


def unique_ids(rows: list[dict]) -> list[str]:
    """Ids given twice (the schema's primary key must be unique)."""
    seen: set[str] = set()
    twice = []
    for row in rows:
        if row["id"] in seen:
            twice.append(row["id"])
        seen.add(row["id"])
    return twice
