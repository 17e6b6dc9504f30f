"""Reader of the France Services CSV."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from pathlib import Path

from relais.directory import hours
from relais.directory.importers.common import Record, Rejection, Report, clean_email, date_in_file_name, phone_e164

FRANCE_SERVICES_THEMES = [
    "difficultes-administratives-ou-juridiques--accompagnement-aux-demarches-administratives",
    "difficultes-administratives-ou-juridiques--accompagnement-pour-lacces-aux-droits",
    "numerique--acceder-a-des-services-en-ligne",
]
_DAYS = ["h_lundi", "h_mardi", "h_mercredi", "h_jeudi", "h_vendredi", "h_samedi"]


def read_france_services(path: Path, report: Report) -> Iterator[Record | Rejection]:
    """The rows carry no date: the file's publication date (in its name, « liste-fs-20221201.csv ») is the
    source's date of every row; without one, the import day."""
    published_on = date_in_file_name(path.name)
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        missing = {"id_fs", "lib_fs", "insee_com"} - set(reader.fieldnames or [])
        if missing:
            yield Rejection("1", f"colonnes manquantes : {', '.join(sorted(missing))}")
            return
        for index, row in enumerate(reader, start=2):
            line = str(index)
            identifier, name = (row.get("id_fs") or "").strip(), (row.get("lib_fs") or "").strip()
            if not identifier or len(name) < 3:
                yield Rejection(line, "identifiant ou nom manquant")
                continue
            try:
                latitude = float(row["latitude"]) if (row.get("latitude") or "").strip() else None
                longitude = float(row["longitude"]) if (row.get("longitude") or "").strip() else None
            except ValueError:
                yield Rejection(line, f"coordonnées illisibles : {row.get('latitude')}, {row.get('longitude')}")
                continue
            hours_note = ""
            try:
                osm = hours.day_spans_to_osm([row.get(day, "") for day in _DAYS])
                if osm and not hours.is_valid(osm):
                    raise ValueError(osm)
            except ValueError:
                osm = ""
                raw = " ; ".join(
                    f"{day[2:]} {row.get(day, '').strip()}" for day in _DAYS if (row.get(day) or "").strip()
                )
                hours_note = raw[:300]
                report.warnings.append(Rejection(line, f"horaires non convertis, gardés en texte : {raw[:80]}"))
            comment = (row.get("commentaire") or "").strip()
            itinerant = (row.get("itinerance") or "").strip().lower() == "oui"
            place = {
                "source": "france-services",
                "source_id": identifier[:200],
                "name": name[:150],
                "description": "Espace France Services : un lieu unique pour être accompagné dans vos démarches "
                "administratives (CAF, impôts, retraite, santé, emploi, papiers).",
                "address": (row.get("adresse") or "").strip()[:300],
                "address_extra": (row.get("complement_adresse") or "").strip()[:300],
                "postcode": (row.get("code_postal") or "").strip()[:5],
                "commune_code": (row.get("insee_com") or "").strip()[:5],
                "commune_name": (row.get("lib_com") or "").strip()[:100],
                "latitude": latitude,
                "longitude": longitude,
                "phone": phone_e164(row.get("telephone")),
                "email": clean_email(row.get("mail"), line, report),
                "hours": osm,
                "hours_note": (hours_note or comment)[:300],
                "itinerant": itinerant,
                "itinerant_details": "France Services itinérant : le bus passe dans plusieurs communes."
                if itinerant
                else "",
                "languages": ["fr"],
                "source_updated_on": published_on,
                "networks": ["france-service"],
            }
            service = {
                "source": "france-services",
                "source_id": f"{identifier}-accompagnement",
                "name": "Accompagnement aux démarches administratives",
                "description": "Des agents formés vous aident pour vos démarches en ligne et vos dossiers : "
                "CAF, Assurance maladie, retraite, impôts, France Travail, papiers, permis."
                + (f" {comment}" if comment else ""),
                "type": "accompagnement",
                "thematiques": FRANCE_SERVICES_THEMES,
                "frais": "gratuit",
                "publics": ["tous-publics"],
                "modes_accueil": ["en-presentiel"],
                "mobilisable_par": ["usagers", "professionnels"],
                "modes_mobilisation": ["se-presenter"] + (["telephoner"] if place["phone"] else []),
                "is_published": True,
                "source_updated_on": published_on,
            }
            yield Record(line, place, [service])
