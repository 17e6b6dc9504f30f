"""Reader of the lieux de médiation numérique: the regional files of the older flat variant (schema
0.1, `;`-separated labels: `services`, `publics_accueillis`, `conditions_acces`, `labels_nationaux`) and
the national map's schema 1.0 (`|`-separated values: `services`, `frais_a_charge`,
`publics_specifiquement_adresses`, `dispositif_programmes_nationaux`…), which is also what Relais
exports (`exporters_mednum`). JSON (a list of rows) or CSV; the variant is told row by row from the
columns present. Each row gives a place and one « Aide au numérique » service (docs/adr/0006, 0013)."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from pathlib import Path

from relais.core.csv import unsafe_cell
from relais.directory import mednum_schema as ms
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
#: columns only the schema 1.0 has (the older variant has `courriel`, `conditions_acces`…)
_V1_COLUMNS = {"courriels", "frais_a_charge", "publics_specifiquement_adresses", "modalites_acces"}


def _split(value) -> list[str]:
    if isinstance(value, list):
        return [str(v).strip() for v in value if str(v).strip()]
    return [v.strip() for v in (value or "").split(";") if v.strip()]


EXPORT_NAMES = ("lieux-de-mediation-numerique.csv", "lieux-de-mediation-numerique.json")


def _file(path: Path) -> Path:
    """The file itself, or in a folder the one Relais' export writes (exporters_mednum.FILE_NAME)."""
    if not path.is_dir():
        return path
    found = next((path / name for name in EXPORT_NAMES if (path / name).exists()), None)
    if found is None:
        raise FileNotFoundError(f"{path} ne contient ni {EXPORT_NAMES[0]} ni {EXPORT_NAMES[1]}")
    return found


def _rows(path: Path) -> list[dict] | None:
    if path.suffix.lower() == ".csv":
        with path.open(encoding="utf-8-sig", newline="") as handle:
            return [{k: unsafe_cell(v or "") for k, v in row.items() if k} for row in csv.DictReader(handle)]
    data = json.loads(path.read_text(encoding="utf-8"))
    return data if isinstance(data, list) else None


def read_mednum(path: Path, report: Report) -> Iterator[Record | Rejection]:
    path = _file(Path(path))
    data = _rows(path)
    if data is None:
        yield Rejection("1", "le fichier doit contenir une liste de lieux")
        return
    first = 2 if path.suffix.lower() == ".csv" else 1
    for index, row in enumerate(data, start=first):
        line = str(index)
        if not isinstance(row, dict) or not row.get("id") or not str(row.get("nom") or "").strip():
            yield Rejection(line, "identifiant ou nom manquant")
            continue
        try:
            latitude = float(row["latitude"]) if row.get("latitude") not in (None, "") else None
            longitude = float(row["longitude"]) if row.get("longitude") not in (None, "") else None
        except (TypeError, ValueError):
            yield Rejection(line, f"coordonnées illisibles : {row.get('latitude')}, {row.get('longitude')}")
            continue
        v1 = bool(_V1_COLUMNS & set(row))
        place = _place(row, line, report, latitude, longitude)
        if not v1:  # the regional files write « ABONDANCE »; the schema 1.0 rows are kept as written
            place["commune_name"] = place["commune_name"].title()
        if v1:
            yield _record_v1(row, line, report, place)
        else:
            yield _record_v0(row, line, report, place)


def _place(row: dict, line: str, report: Report, latitude, longitude) -> dict:
    """What both variants say the same way."""
    source_name = normalize(str(row.get("source") or "inconnue")).replace(" ", "-")
    pivot = str(row.get("pivot") or "")
    place_hours, hours_note = hours_and_note(row.get("horaires"), line, report)
    commune_name = str(row.get("commune") or "").strip()
    if commune_name.isdigit():  # a postcode in the commune column: the commune index names it
        report.warnings.append(Rejection(line, f"code postal à la place du nom de commune : {commune_name}"))
        commune_name = ""
    return {
        "source": f"mednum-{source_name}"[:100],
        "source_id": str(row["id"])[:200],
        "name": str(row["nom"]).strip()[:150],
        "siret": pivot if pivot.isdigit() and len(pivot) == 14 and set(pivot) != {"0"} else "",
        "address": str(row.get("adresse") or "").strip()[:300],
        "postcode": str(row.get("code_postal") or "")[:5],
        "commune_code": str(row.get("code_insee") or "")[:5],
        "commune_name": commune_name[:100],
        "latitude": latitude,
        "longitude": longitude,
        "phone": phone_e164(row.get("telephone")),
        "hours": place_hours,
        "hours_note": hours_note,
        "source_updated_on": source_date(row.get("date_maj"), line, report),
    }


def _link(value) -> str:
    link = next((part for part in ms.split(value) if part.startswith("http")), "")
    return link[:500]


def _service(place: dict, **fields) -> dict:
    return {
        "source": place["source"],
        "source_id": f"{place['source_id']}-numerique"[:200],
        "name": "Aide au numérique",
        "type": "accompagnement",
        "mobilisable_par": ["usagers", "professionnels"],
        "source_updated_on": place["source_updated_on"],
        "is_published": True,
        **fields,
    }


def _record_v0(row: dict, line: str, report: Report, place: dict) -> Record:
    labels = _split(row.get("services"))
    themes = sorted({t for label in labels for t in _MEDNUM_THEMES.get(label.lower().replace("’", "'"), [])})
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
    accompagnement = _split(row.get("modalites_accompagnement"))
    place.update(
        email=clean_email(row.get("courriel"), line, report),
        website=(row.get("site_web") or "").split(";")[0].strip()[:500]
        if str(row.get("site_web") or "").startswith("http")
        else "",
        languages=["fr"] + (["en"] if "Public langues étrangères" in publics_raw else []),
        networks=networks_from(row.get("labels_nationaux"), row.get("source")),
    )
    description = (
        "Aide pour utiliser le numérique : " + (", ".join(labels) if labels else "accompagnement numérique") + "."
    )
    if accompagnement:
        description += " Accompagnement : " + "; ".join(accompagnement) + "."
    service = _service(
        place,
        description=description[:10000],
        thematiques=themes or [ms.DEFAULT_THEME],
        frais=frais,
        frais_precisions="; ".join(conditions)[:500],
        publics=publics,
        modes_accueil=["en-presentiel"],
        modes_mobilisation=["se-presenter"] + (["telephoner"] if place["phone"] else []),
        lien_mobilisation=_link(row.get("prise_rdv")),
    )
    return Record(line, place, [service])


def _known(values: list[str], mapping: dict, field: str, line: str, report: Report) -> list:
    unknown = [v for v in values if v not in mapping]
    if unknown:
        report.warnings.append(
            Rejection(line, f"{field} : valeur inconnue laissée de côté : {', '.join(unknown)[:80]}")
        )
    return [mapping[v] for v in values if v in mapping]


def _record_v1(row: dict, line: str, report: Report, place: dict) -> Record:
    """A row of the schema 1.0 (the national map's, and Relais' export): the mapping of ADR 0013."""
    prefix = place["source"].removeprefix("mednum-") + "--"
    if place["source_id"].startswith(prefix):  # Relais' export writes « source--id » (ids unique across sources)
        place["source_id"] = place["source_id"][len(prefix) :]
    labels = ms.split(row.get("services"))
    themes = sorted({t for group in _known(labels, ms.SERVICE_THEMES, "services", line, report) for t in group})
    publics = sorted(
        set(_known(ms.split(row.get("publics_specifiquement_adresses")), ms.PUBLICS, "publics", line, report))
    )
    support = ms.split(row.get("prise_en_charge_specifique"))
    languages = ["fr"] + sorted({ms.SUPPORT_LANGUAGES[v] for v in support if v in ms.SUPPORT_LANGUAGES})
    frais_labels = ms.split(row.get("frais_a_charge"))
    frais_values = set(_known(frais_labels, ms.FRAIS, "frais_a_charge", line, report))
    description = str(row.get("presentation_detail") or row.get("presentation_resume") or "").strip()
    modes = _known(ms.split(row.get("modalites_acces")), ms.ACCESS, "modalites_acces", line, report)
    remote = ms.REMOTE in ms.split(row.get("modalites_accompagnement"))
    place.update(
        email=clean_email(next(iter(ms.split(row.get("courriels"))), ""), line, report),  # Relais keeps one
        website=_link(row.get("site_web")),
        address_extra=str(row.get("complement_adresse") or "").strip()[:300],
        description=description,
        languages=languages,
        networks=sorted(
            set(_known(ms.split(row.get("dispositif_programmes_nationaux")), ms.NETWORKS, "dispositifs", line, report))
        ),
        itinerant=ms.ITINERANT in ms.split(row.get("itinerance")),
        accessibility_url=_link(row.get("fiche_acces_libre")),
    )
    service = _service(
        place,
        description=description[:10000] or "Aide pour utiliser le numérique.",
        thematiques=themes or [ms.DEFAULT_THEME],
        frais="payant" if "payant" in frais_values else ("gratuit" if frais_values else ""),
        frais_precisions=ms.CONDITIONAL if ms.CONDITIONAL in frais_labels else "",
        publics=publics or ["tous-publics"],
        modes_accueil=["en-presentiel"] + (["a-distance"] if remote else []),
        modes_mobilisation=sorted(set(modes)),
        lien_mobilisation=_link(row.get("prise_rdv")),
    )
    return Record(line, place, [service])
