"""Reader of data·inclusion v1 (JSON or CSV, structures and services)."""

from __future__ import annotations

import csv
import datetime as dt
import json
from collections.abc import Iterable, Iterator
from pathlib import Path

import pydantic
from data_inclusion.schema import v1

from relais.core.csv import unsafe_cell
from relais.directory import hours, taxonomy
from relais.directory.importers.common import (
    EXTENSION_KEY,
    Record,
    Rejection,
    Report,
    _clean_hours,
    _date,
    clean_email,
    hours_and_note,
    source_date,
)

_LIST_FIELDS = {
    "thematiques",
    "publics",
    "modes_accueil",
    "modes_mobilisation",
    "mobilisable_par",
    "zone_eligibilite",
    "reseaux_porteurs",
}


def _csv_rows(path: Path) -> Iterator[tuple[int, dict]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        for index, row in enumerate(csv.DictReader(handle), start=2):
            clean = {}
            for key, value in row.items():
                if key is None:
                    continue
                value = unsafe_cell((value or "").strip())  # our own exports neutralise formulas
                if value == "":
                    clean[key] = None
                elif key in _LIST_FIELDS:
                    clean[key] = (
                        json.loads(value)
                        if value.startswith("[")
                        else [v.strip() for v in value.split(",") if v.strip()]
                    )
                elif key == EXTENSION_KEY:
                    clean[key] = json.loads(value)
                elif key in {"latitude", "longitude", "volume_horaire_hebdomadaire"}:
                    clean[key] = float(value)
                elif key == "nombre_semaines":
                    clean[key] = int(value)
                else:
                    clean[key] = value
            yield index, clean


def _json_rows(data) -> Iterator[tuple[int, dict]]:
    yield from enumerate(data or [], start=1)


def _pydantic_reason(exc: pydantic.ValidationError) -> str:
    parts = []
    for error in exc.errors()[:3]:
        loc = ".".join(str(x) for x in error.get("loc", ()))
        message = str(error.get("msg"))
        parts.append(f"{loc} : {message[:150] + '…' if len(message) > 150 else message}")
    return " ; ".join(parts)


#: optional fields a bad value of which is left out (with a warning) rather than losing the whole row
_DROPPABLE = {
    "courriel",
    "telephone",
    "site_web",
    "lien_source",
    "accessibilite_lieu",
    "siret",
    "lien_mobilisation",
    "reseaux_porteurs",
    "code_postal",
    "code_insee",
}


def _validate(model, row: dict, line: str, report: Report):
    """Validate a row; an invalid optional value is cleaned or left out with a warning, an impossible
    `date_maj` (1970-01-01) is kept out of Relais (returned as None) instead of refusing the row."""
    row = dict(row)
    if row.get("courriel"):
        row["courriel"] = clean_email(row["courriel"], line, report) or None
    day = source_date(row.get("date_maj"), line, report) if row.get("date_maj") else None
    if row.get("date_maj") and day is None:
        row["date_maj"] = dt.date.today().isoformat()  # to pass the schema; Relais keeps "no date"
    for _attempt in range(len(_DROPPABLE) + 1):
        try:
            return model.model_validate(row), day
        except pydantic.ValidationError as exc:
            fields = {str(error["loc"][0]) for error in exc.errors() if error.get("loc")}
            droppable = fields & _DROPPABLE
            if not droppable or fields - _DROPPABLE:
                raise
            for name in sorted(droppable):
                report.warnings.append(Rejection(line, f"{name} illisible, laissé de côté : {str(row[name])[:80]}"))
                row[name] = None
    raise AssertionError("unreachable")


def _strip_source(identifier: str, source: str) -> str:
    prefix = f"{source}--"
    return identifier[len(prefix) :] if identifier.startswith(prefix) else identifier


def _read_data_inclusion(path: Path) -> tuple[Iterable[tuple[int, dict]], Iterable[tuple[int, dict]], str]:
    if path.is_dir():
        structures_path = next((p for p in (path / "structures.json", path / "structures.csv") if p.exists()), None)
        services_path = next((p for p in (path / "services.json", path / "services.csv") if p.exists()), None)
        if structures_path is None:
            raise FileNotFoundError(f"{path} ne contient ni structures.json ni structures.csv")

        def rows(p):
            if p is None:
                return iter(())
            return _csv_rows(p) if p.suffix == ".csv" else _json_rows(json.loads(p.read_text(encoding="utf-8")))

        return rows(structures_path), rows(services_path), structures_path.suffix[1:]
    data = json.loads(path.read_text(encoding="utf-8"))
    if isinstance(data, list):
        return _json_rows(data), iter(()), "json"
    return _json_rows(data.get("structures")), _json_rows(data.get("services")), "json"


def read_data_inclusion(path: Path, report: Report) -> Iterator[Record | Rejection]:
    structure_rows, service_rows, kind = _read_data_inclusion(path)
    services_by_structure: dict[str, list[tuple[int, dict]]] = {}
    for index, row in service_rows:
        services_by_structure.setdefault(str(row.get("structure_id")), []).append((index, row))
    known: set[str] = set()
    for index, row in structure_rows:
        line = f"structures:{index}"
        extension = row.pop(EXTENSION_KEY, None) or {}
        try:
            structure, updated_on = _validate(v1.Structure, row, line, report)
        except pydantic.ValidationError as exc:
            yield Rejection(line, _pydantic_reason(exc))
            continue
        place_hours, hours_note = hours_and_note(structure.horaires_accueil, line, report)
        known.add(structure.id)
        place = {
            "source": structure.source,
            "source_id": _strip_source(structure.id, structure.source),
            "name": structure.nom,
            "description": structure.description or "",
            "siret": structure.siret or "",
            "address": structure.adresse or "",
            "address_extra": structure.complement_adresse or "",
            "postcode": structure.code_postal or "",
            "commune_code": structure.code_insee or "",
            "commune_name": structure.commune or "",
            "latitude": structure.latitude,
            "longitude": structure.longitude,
            "phone": structure.telephone or "",
            "email": structure.courriel or "",
            "website": str(structure.site_web) if structure.site_web else "",
            "hours": place_hours,
            "hours_note": hours_note,
            "accessibility_url": str(structure.accessibilite_lieu) if structure.accessibilite_lieu else "",
            "source_updated_on": updated_on,
            "networks": sorted(r.value for r in structure.reseaux_porteurs or []),
        }
        place.update(_place_extension(extension))
        services = []
        for service_index, service_row in services_by_structure.get(structure.id, []):
            service_line = f"services:{service_index}"
            service_extension = service_row.pop(EXTENSION_KEY, None) or {}
            try:
                service, service_updated_on = _validate(v1.Service, service_row, service_line, report)
            except pydantic.ValidationError as exc:
                report.services_rejected.append(Rejection(service_line, _pydantic_reason(exc)))
                continue
            extra_themes = [t for t in service_extension.get("thematiques", []) if t in taxonomy.EXTENSION_THEMES]
            services.append(
                {
                    "source": service.source,
                    "source_id": _strip_source(service.id, service.source),
                    "name": service.nom,
                    "description": service.description,
                    "type": service.type.value if service.type else "",
                    "thematiques": sorted({t.value for t in service.thematiques or []}) + extra_themes,
                    "frais": service.frais.value if service.frais else "",
                    "frais_precisions": service.frais_precisions or "",
                    "publics": sorted(p.value for p in service.publics or []),
                    "publics_precisions": service.publics_precisions or "",
                    "conditions_acces": service.conditions_acces or "",
                    "modes_accueil": sorted(m.value for m in service.modes_accueil or []),
                    "modes_mobilisation": sorted(m.value for m in service.modes_mobilisation or []),
                    "mobilisable_par": sorted(m.value for m in service.mobilisable_par or []),
                    "mobilisation_precisions": service.mobilisation_precisions or "",
                    "lien_mobilisation": str(service.lien_mobilisation) if service.lien_mobilisation else "",
                    "zone_eligibilite": list(service.zone_eligibilite or []),
                    "hours": _clean_hours(service.horaires_accueil, service_line, report),
                    "phone": service.telephone or "",
                    "email": service.courriel or "",
                    "contact_name": service.contact_nom_prenom or "",
                    "source_updated_on": service_updated_on,
                    "is_published": True,
                }
            )
        yield Record(line, place, services)
    for structure_id, rows in services_by_structure.items():
        if structure_id not in known:
            for index, _row in rows:
                report.services_rejected.append(
                    Rejection(f"services:{index}", f"structure inconnue ou rejetée : {structure_id}")
                )


_PLACE_EXTENSION = {
    "langues": "languages",
    "accueil": "welcome",
    "accueil_precisions": "welcome_details",
    "accessible_fauteuil": "wheelchair",
    "animaux_acceptes": "animals_accepted",
    "complet": "is_full",
    "complet_message": "full_message",
    "itinerant": "itinerant",
    "itinerance_precisions": "itinerant_details",
    "horaires_precisions": "hours_note",
    "fermeture_debut": "closed_from",
    "fermeture_fin": "closed_until",
    "fermeture_message": "closure_message",
    "horaires_temporaires": "temp_hours",
    "horaires_temporaires_debut": "temp_hours_from",
    "horaires_temporaires_fin": "temp_hours_until",
    "horaires_temporaires_message": "temp_hours_message",
}
PLACE_EXTENSION_FIELDS = _PLACE_EXTENSION


def _place_extension(extension: dict) -> dict:
    out = {}
    for key, name in _PLACE_EXTENSION.items():
        if key not in extension or extension[key] is None:
            continue
        value = extension[key]
        if name in {"closed_from", "closed_until", "temp_hours_from", "temp_hours_until"}:
            value = _date(value)
        elif name == "temp_hours":
            value = value if hours.is_valid(value) else ""
        elif name == "languages":
            value = [v for v in value if v in taxonomy.LANGUAGES]
        out[name] = value
    return out
