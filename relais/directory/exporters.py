"""Export of published places and services as data·inclusion v1 (JSON or CSV).

Fields of the schema are written as the schema says; what the schema lacks (hygiene themes,
languages, welcome, wheelchair, animals, full, itinerant, temporary closures and hours) goes in one
extra object `extension_relais` per row (a JSON text column in CSV). See docs/adr/0006."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pydantic
from data_inclusion.schema import v1

from relais.core import csv as safe_csv
from relais.directory import taxonomy
from relais.directory.importers import EXTENSION_KEY, PLACE_EXTENSION_FIELDS
from relais.directory.models import Place, Service

STRUCTURE_COLUMNS = list(v1.Structure.model_fields) + [EXTENSION_KEY]
SERVICE_COLUMNS = list(v1.Service.model_fields) + [EXTENSION_KEY]


def _iso(value):
    return value.isoformat() if isinstance(value, dt.date) else value


OLDEST = dt.date(2000, 1, 1)


def _date_maj(obj) -> str:
    """The source's own date when it gave a real one, else the last confirmation in Relais."""
    day = getattr(obj, "source_updated_on", None)
    if day and OLDEST <= day <= dt.date.today():
        return day.isoformat()
    moment = getattr(obj, "checked_at", None) or obj.updated_at
    return max(min(moment.date(), dt.date.today()), OLDEST).isoformat()


_URL = pydantic.TypeAdapter(pydantic.HttpUrl)


def _url(value: str) -> str | None:
    """The canonical form data·inclusion's models give a link (« http://a.fr » → « http://a.fr/ »), so that
    an export re-imported and exported again is the same file; an unreadable link is left to valid_row."""
    if not value:
        return None
    try:
        return str(_URL.validate_python(value))
    except pydantic.ValidationError:
        return value


def valid_row(model, row: dict, problems: list[str] | None = None) -> dict | None:
    """The row as the data·inclusion model accepts it: an optional value the model refuses is left out
    (and said in `problems`); a row that still fails is not exported (said too)."""
    row = dict(row)
    for _attempt in range(5):
        try:
            model.model_validate(row)
            return row
        except pydantic.ValidationError as exc:
            fields = {str(error["loc"][0]) for error in exc.errors() if error.get("loc")}
            optional = {name for name in fields if name in row and not model.model_fields[name].is_required()}
            if not optional or optional != fields:
                if problems is not None:
                    problems.append(f"{row.get('id')} : non exporté ({', '.join(sorted(fields))})")
                return None
            for name in sorted(optional):
                if problems is not None:
                    problems.append(f"{row.get('id')} : {name} laissé de côté ({str(row[name])[:60]})")
                row[name] = None
    return None


def structure_row(place: Place) -> dict:
    extension = {}
    for key, name in PLACE_EXTENSION_FIELDS.items():
        value = getattr(place, name)
        if value not in (None, "", []):
            extension[key] = _iso(value)
    return {
        "source": place.source,
        "id": place.di_id,
        "nom": place.name,
        "date_maj": _date_maj(place),
        "description": place.description if len(place.description or "") >= 5 else None,
        "lien_source": None,
        "siret": place.siret or None,
        "commune": place.commune_name or None,
        "code_postal": place.postcode or None,
        "code_insee": place.commune_code or None,
        "adresse": place.address or None,
        "complement_adresse": place.address_extra or None,
        "longitude": place.longitude,
        "latitude": place.latitude,
        "telephone": place.phone or None,
        "courriel": place.email or None,
        "site_web": _url(place.website),
        "horaires_accueil": place.hours or None,
        "accessibilite_lieu": _url(place.accessibility_url),
        "reseaux_porteurs": sorted(place.networks) or None,
        EXTENSION_KEY: extension,
    }


def service_row(service: Service) -> dict:
    place = service.place
    schema_themes = sorted(t for t in service.thematiques if t in taxonomy.SCHEMA_THEMES)
    extension_themes = sorted(t for t in service.thematiques if t in taxonomy.EXTENSION_THEMES)
    return {
        "source": service.source,
        "structure_id": place.di_id,
        "id": service.di_id,
        "nom": service.name,
        "description": service.description if len(service.description or "") >= 5 else service.name,
        "lien_source": None,
        "date_maj": _date_maj(service) if service.source_updated_on else _date_maj(place),
        "type": service.type or None,
        "thematiques": schema_themes or None,
        "frais": service.frais or None,
        "frais_precisions": service.frais_precisions or None,
        "publics": sorted(service.publics) or None,
        "publics_precisions": service.publics_precisions or None,
        "conditions_acces": service.conditions_acces or None,
        "commune": place.commune_name or None,
        "code_postal": place.postcode or None,
        "code_insee": place.commune_code or None,
        "adresse": place.address or None,
        "complement_adresse": place.address_extra or None,
        "longitude": place.longitude,
        "latitude": place.latitude,
        "telephone": service.phone or None,
        "courriel": service.email or None,
        "modes_accueil": sorted(service.modes_accueil) or None,
        "zone_eligibilite": service.zone_eligibilite or None,
        "contact_nom_prenom": service.contact_name or None,
        "lien_mobilisation": _url(service.lien_mobilisation),
        "modes_mobilisation": sorted(service.modes_mobilisation) or None,
        "mobilisable_par": sorted(service.mobilisable_par) or None,
        "mobilisation_precisions": service.mobilisation_precisions or None,
        "volume_horaire_hebdomadaire": None,
        "nombre_semaines": None,
        "horaires_accueil": service.hours or None,
        EXTENSION_KEY: {"thematiques": extension_themes} if extension_themes else {},
    }


def published():
    services = (
        Service.objects.public().filter(place__is_published=True).select_related("place").order_by("place_id", "id")
    )
    places = Place.objects.public().filter(pk__in=services.values("place_id")).order_by("id")
    return places, services


def export(*, directory: Path, fmt: str = "json", problems: list[str] | None = None) -> tuple[int, int]:
    """Write structures.<fmt> and services.<fmt> in `directory`; returns (structures, services).

    Every row is checked against the data·inclusion models before it is written (`valid_row`)."""
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    places, services = published()
    structures = [
        row
        for p in places.iterator(chunk_size=2000)
        if (row := valid_row(v1.Structure, structure_row(p), problems)) is not None
    ]
    exported = {row["id"] for row in structures}
    service_rows = [
        row
        for s in services.iterator(chunk_size=2000)
        if (row := valid_row(v1.Service, service_row(s), problems)) is not None and row["structure_id"] in exported
    ]
    if fmt == "json":
        (directory / "structures.json").write_text(
            json.dumps(structures, ensure_ascii=False, indent=1), encoding="utf-8"
        )
        (directory / "services.json").write_text(
            json.dumps(service_rows, ensure_ascii=False, indent=1), encoding="utf-8"
        )
    elif fmt == "csv":
        for name, columns, rows in (
            ("structures", STRUCTURE_COLUMNS, structures),
            ("services", SERVICE_COLUMNS, service_rows),
        ):
            with (directory / f"{name}.csv").open("w", encoding="utf-8", newline="") as handle:
                writer = safe_csv.DictWriter(handle, fieldnames=columns)
                writer.writeheader()
                for row in rows:
                    writer.writerow({k: _csv_value(row.get(k)) for k in columns})
    else:
        raise ValueError(f"format d'export inconnu : {fmt}")
    return len(structures), len(service_rows)


def _csv_value(value):
    if value is None:
        return ""
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False) if value else ""
    if isinstance(value, list):
        return ",".join(str(v) for v in value)
    return value
