"""Reader of the lieux de médiation numérique (flat variant)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

from relais.directory.importers.common import (
    Record,
    Rejection,
    Report,
    clean_email,
    hours_and_note,
    networks_from,
    phone_e164,
    source_date,
)
from relais.territory.text import normalize

_MEDNUM_THEMES = {
    "accéder à une connexion internet": ["numerique--acceder-a-une-connexion-internet"],
    "accéder à du matériel": [
        "numerique--acceder-a-une-connexion-internet",
        "numerique--acceder-a-des-services-en-ligne",
    ],
    "réaliser des démarches administratives avec un accompagnement": [
        "difficultes-administratives-ou-juridiques--accompagnement-aux-demarches-administratives",
        "numerique--acceder-a-des-services-en-ligne",
    ],
    "devenir autonome dans les démarches administratives": ["numerique--acceder-a-des-services-en-ligne"],
    "accompagner les démarches de santé": ["sante--acces-aux-soins", "numerique--acceder-a-des-services-en-ligne"],
    "prendre en main un ordinateur": ["numerique--maitriser-les-fondamentaux-du-numerique"],
    "prendre en main un smartphone ou une tablette": ["numerique--maitriser-les-fondamentaux-du-numerique"],
    "utiliser le numérique au quotidien": ["numerique--maitriser-les-fondamentaux-du-numerique"],
    "approfondir ma culture numérique": ["numerique--maitriser-les-fondamentaux-du-numerique"],
    "promouvoir la citoyenneté numérique": ["numerique--maitriser-les-fondamentaux-du-numerique"],
    "créer avec le numérique": ["numerique--maitriser-les-fondamentaux-du-numerique"],
    "favoriser mon insertion professionnelle": [
        "trouver-un-emploi--repondre-a-des-offres-demploi",
        "preparer-sa-candidature--realiser-un-cv-et-ou-une-lettre-de-motivation",
    ],
    "créer et développer mon entreprise": ["creer-une-entreprise--developper-son-entreprise"],
    "soutenir la parentalité et l'éducation avec le numérique": ["famille--soutien-a-la-parentalite-et-a-leducation"],
    "s'équiper en matériel informatique": ["numerique--acquerir-un-equipement"],
}
_MEDNUM_PUBLICS = {
    "jeunes (16-26 ans)": "jeunes",
    "seniors (+ 65 ans)": "seniors",
    "familles/enfants": "familles",
    "surdité": "personnes-en-situation-de-handicap",
    "déficience visuelle": "personnes-en-situation-de-handicap",
}


def _split(value) -> list[str]:
    if isinstance(value, list):
        return [str(v).strip() for v in value if str(v).strip()]
    return [v.strip() for v in (value or "").split(";") if v.strip()]


def read_mednum(path: Path, report: Report) -> Iterator[Record | Rejection]:
    data = json.loads(path.read_text(encoding="utf-8"))
    if not isinstance(data, list):
        yield Rejection("1", "le fichier doit contenir une liste de lieux")
        return
    for index, row in enumerate(data, start=1):
        line = str(index)
        if not isinstance(row, dict) or not row.get("id") or not (row.get("nom") or "").strip():
            yield Rejection(line, "identifiant ou nom manquant")
            continue
        source_name = normalize(str(row.get("source") or "inconnue")).replace(" ", "-")
        source = f"mednum-{source_name}"[:100]
        labels = _split(row.get("services"))
        themes = sorted({t for label in labels for t in _MEDNUM_THEMES.get(label.lower().replace("’", "'"), [])})
        if not themes:
            themes = ["numerique--maitriser-les-fondamentaux-du-numerique"]
        conditions = _split(row.get("conditions_acces"))
        first = conditions[0].split(":")[0].strip().lower() if conditions else ""
        frais = (
            "gratuit"
            if first == "gratuit"
            else ("payant" if first in {"payant", "adhésion", "gratuit sous condition"} else "")
        )
        publics_raw = _split(row.get("publics_accueillis"))
        publics = sorted({_MEDNUM_PUBLICS[p.lower()] for p in publics_raw if p.lower() in _MEDNUM_PUBLICS})
        if not publics or "Adultes" in publics_raw:
            publics = ["tous-publics"]
        languages = ["fr"] + (["en"] if "Public langues étrangères" in publics_raw else [])
        accompagnement = _split(row.get("modalites_accompagnement"))
        try:
            latitude = float(row["latitude"]) if row.get("latitude") not in (None, "") else None
            longitude = float(row["longitude"]) if row.get("longitude") not in (None, "") else None
        except (TypeError, ValueError):
            yield Rejection(line, f"coordonnées illisibles : {row.get('latitude')}, {row.get('longitude')}")
            continue
        name = row["nom"].strip()[:150]
        pivot = str(row.get("pivot") or "")
        place_hours, hours_note = hours_and_note(row.get("horaires"), line, report)
        commune_name = str(row.get("commune") or "").strip()
        if commune_name.isdigit():  # a postcode in the commune column: the commune index names it
            report.warnings.append(Rejection(line, f"code postal à la place du nom de commune : {commune_name}"))
            commune_name = ""
        place = {
            "source": source,
            "source_id": str(row["id"])[:200],
            "name": name,
            "siret": pivot if pivot.isdigit() and len(pivot) == 14 and set(pivot) != {"0"} else "",
            "address": str(row.get("adresse") or "").strip()[:300],
            "postcode": str(row.get("code_postal") or "")[:5],
            "commune_code": str(row.get("code_insee") or "")[:5],
            "commune_name": commune_name.title()[:100],
            "latitude": latitude,
            "longitude": longitude,
            "phone": phone_e164(row.get("telephone")),
            "email": clean_email(row.get("courriel"), line, report),
            "website": (row.get("site_web") or "").split(";")[0].strip()[:500]
            if str(row.get("site_web") or "").startswith("http")
            else "",
            "hours": place_hours,
            "hours_note": hours_note,
            "languages": languages,
            "source_updated_on": source_date(row.get("date_maj"), line, report),
            "networks": networks_from(row.get("labels_nationaux"), row.get("source")),
        }
        description = (
            "Aide pour utiliser le numérique : " + (", ".join(labels) if labels else "accompagnement numérique") + "."
        )
        if accompagnement:
            description += " Accompagnement : " + "; ".join(accompagnement) + "."
        service = {
            "source": source,
            "source_id": f"{row['id']}-numerique"[:200],
            "name": "Aide au numérique",
            "description": description[:10000],
            "type": "accompagnement",
            "thematiques": themes,
            "frais": frais,
            "frais_precisions": "; ".join(conditions)[:500],
            "publics": publics,
            "modes_accueil": ["en-presentiel"],
            "mobilisable_par": ["usagers", "professionnels"],
            "modes_mobilisation": ["se-presenter"] + (["telephoner"] if place["phone"] else []),
            "lien_mobilisation": str(row.get("prise_rdv") or "")[:500]
            if str(row.get("prise_rdv") or "").startswith("http")
            else "",
            "source_updated_on": place["source_updated_on"],
            "is_published": True,
        }
        yield Record(line, place, [service])
