"""Imports (data·inclusion v1 JSON/CSV, lieux de médiation numérique JSON, France Services CSV) and
the data·inclusion export.

Each format reader turns the file into `Record`s (one place and its services, with the line they
come from) or rejections. `upsert` writes records by batches keyed by (source, source id): new
rows are created, changed rows updated (a content hash tells), identical rows left alone. A batch
that fails is retried row by row, each in its own savepoint, so a bad row never stops or
half-writes the others.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pydantic
from data_inclusion.schema import v1
from django.db import connection, models, transaction
from django.utils import timezone

from relais.directory import hours, taxonomy
from relais.directory.models import Place, PlaceVersion, Service
from relais.directory.services import PLACE_FIELDS, SERVICE_FIELDS, content_hash
from relais.territory.text import normalize

FORMATS = ["data-inclusion", "lieux-mediation-numerique", "france-services"]
EXTENSION_KEY = "extension_relais"


@dataclass
class Record:
    line: str
    place: dict
    services: list[dict]


@dataclass
class Rejection:
    line: str
    reason: str


@dataclass
class Report:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    services_created: int = 0
    services_updated: int = 0
    services_unchanged: int = 0
    rejected: list[Rejection] = field(default_factory=list)
    warnings: list[Rejection] = field(default_factory=list)

    @property
    def services_written(self) -> int:
        return self.services_created + self.services_updated + self.services_unchanged

    def lines(self) -> list[str]:
        out = [
            f"Lieux : {self.created} créés, {self.updated} mis à jour, {self.unchanged} inchangés, {len(self.rejected)} rejetés.",
            f"Services : {self.services_created} créés, {self.services_updated} mis à jour, {self.services_unchanged} inchangés.",
        ]
        out += [f"  rejeté — ligne {r.line} : {r.reason}" for r in self.rejected]
        out += [f"  attention — ligne {w.line} : {w.reason}" for w in self.warnings]
        return out


# --- helpers -----------------------------------------------------------------------------------
_PHONE_DIGITS = re.compile(r"\D+")


def phone_e164(raw: str | None) -> str:
    """French numbers to E.164 (+33…); short numbers (3230) and foreign ones kept as digits."""
    raw = (raw or "").strip()
    if not raw:
        return ""
    plus = raw.startswith("+")
    digits = _PHONE_DIGITS.sub("", raw)
    if plus:
        return "+" + digits[:15]
    if len(digits) == 10 and digits.startswith("0"):
        return "+33" + digits[1:]
    if len(digits) == 11 and digits.startswith("33"):
        return "+" + digits
    return digits[:20]


def _clean_hours(text: str | None, line: str, report: Report) -> str:
    text = (text or "").strip()
    if not text:
        return ""
    try:
        return hours.check(text)
    except hours.InvalidHours as exc:
        report.warnings.append(Rejection(line, f"horaires ignorés ({exc.position or '?'}) : {text[:60]}"))
        return ""


def _date(value) -> dt.date | None:
    if not value:
        return None
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


class CommuneIndex:
    """All communes in memory (code → id, lat, lon, département, name), loaded once per import."""

    def __init__(self):
        from relais.territory.models import Commune

        self.by_code: dict[str, tuple] = {}
        self.by_postcode: dict[str, list[tuple[str, str]]] = {}
        for code, pk, lat, lon, dep, name, search_name, postcodes in Commune.objects.values_list(
            "code", "id", "latitude", "longitude", "departement__code", "name", "search_name", "postcodes"
        ).iterator(chunk_size=5000):
            self.by_code[code] = (pk, lat, lon, dep, name)
            for postcode in (postcodes or "").split():
                self.by_postcode.setdefault(postcode, []).append((search_name, code))

    def find(self, *, code: str = "", postcode: str = "", name: str = "") -> str:
        if code and code in self.by_code:
            return code
        candidates = self.by_postcode.get(postcode or "", [])
        key = normalize(name)
        for cand_name, cand_code in candidates:
            if cand_name == key:
                return cand_code
        if len(candidates) == 1:
            return candidates[0][1]
        return code or ""

    def complete(self, place: dict) -> str | None:
        """Fill commune FK, département, coordinates from the commune; error message when no position."""
        code = self.find(code=place.get("commune_code") or "", postcode=place.get("postcode") or "",
                         name=place.get("commune_name") or "")
        place["commune_code"] = code
        info = self.by_code.get(code)
        if info:
            pk, lat, lon, dep, name = info
            place["commune_id"] = pk
            place["departement_code"] = dep
            place["commune_name"] = place.get("commune_name") or name
            if place.get("latitude") is None or place.get("longitude") is None:
                place["latitude"], place["longitude"] = lat, lon
        else:
            place["commune_id"] = None
            place["departement_code"] = (code[:3] if code.startswith("97") else code[:2]) if code else ""
        lat, lon = place.get("latitude"), place.get("longitude")
        if lat is None or lon is None:
            return "pas de coordonnées et commune inconnue : impossible de placer le lieu"
        if not (-90 <= lat <= 90 and -180 <= lon <= 180) or (lat == 0 and lon == 0):
            return f"coordonnées impossibles ({lat}, {lon})"
        return None


# --- upsert ------------------------------------------------------------------------------------
_PLACE_DEFAULTS = {f.name: f.get_default() for f in Place._meta.concrete_fields if f.name in PLACE_FIELDS}
_SERVICE_DEFAULTS = {f.name: f.get_default() for f in Service._meta.concrete_fields if f.name in SERVICE_FIELDS}
_PLACE_WRITE = [*PLACE_FIELDS, "commune_id", "departement_code", "source_updated_on", "organisation_id"]
_SERVICE_WRITE = [*SERVICE_FIELDS, "source_updated_on"]


_PLACE_INSERT = [f.name for f in Place._meta.concrete_fields if f.name != "id"]
_SERVICE_INSERT = [f.name for f in Service._meta.concrete_fields if f.name != "id"]
# Blank rows (every column's default) for the plain inserts; dates and JSON lists are set per row.
_PLACE_BLANK = {f.attname: f.get_default() for f in Place._meta.concrete_fields if f.name != "id"}
_SERVICE_BLANK = {f.attname: f.get_default() for f in Service._meta.concrete_fields if f.name != "id"}


class _Row:
    """A row to insert, with attribute access like a model instance (far cheaper to build)."""

    def __init__(self, values: dict):
        self.__dict__.update(values)


def _place_values(raw: dict) -> dict:
    values = dict(_PLACE_DEFAULTS)
    values.update({k: v for k, v in raw.items() if k in _PLACE_WRITE})
    for key in ("languages",):
        values[key] = list(values.get(key) or [])
    return values


def _service_values(raw: dict) -> dict:
    values = dict(_SERVICE_DEFAULTS)
    values.update({k: v for k, v in raw.items() if k in _SERVICE_WRITE})
    for key in ("thematiques", "publics", "modes_accueil", "modes_mobilisation", "mobilisable_par", "zone_eligibilite"):
        values[key] = list(values.get(key) or [])
    return values


def _insert(model, objects: list, fields: list[str]) -> None:
    """Plain INSERT ... executemany: Django's bulk_create costs ~8 µs per field and row, too slow
    for national imports. Values are adapted like Django does for these field types."""
    if not objects:
        return
    ops = connection.ops
    columns = [model._meta.get_field(name) for name in fields]
    quote = ops.quote_name
    sql = (f"INSERT INTO {quote(model._meta.db_table)} ({', '.join(quote(c.column) for c in columns)}) "
           f"VALUES ({', '.join(['%s'] * len(columns))})")
    converters = []
    for column in columns:
        if isinstance(column, models.JSONField):
            converters.append(lambda v: json.dumps(v, ensure_ascii=False))
        elif isinstance(column, models.DateTimeField):
            converters.append(ops.adapt_datetimefield_value)
        elif isinstance(column, models.DateField):
            converters.append(ops.adapt_datefield_value)
        else:
            converters.append(None)
    attnames = [c.attname for c in columns]
    rows = [
        [conv(getattr(obj, name)) if conv and getattr(obj, name) is not None else getattr(obj, name)
         for name, conv in zip(attnames, converters, strict=True)]
        for obj in objects
    ]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # COPY: PostgreSQL's bulk path (psycopg 3 adapts each Python value).
            head = sql.split(" VALUES ")[0].replace("INSERT INTO", "COPY", 1)
            with cursor.cursor.copy(f"{head} FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            cursor.executemany(sql, rows)


def _existing(model, keys: dict[str, list[str]]) -> dict[tuple[str, str], tuple[int, str, int | None]]:
    """(source, source_id) → (pk, content_hash, place_id) without loading whole rows."""
    extra = "place_id" if model is Service else "id"
    found = {}
    for source, ids in keys.items():
        for start in range(0, len(ids), 500):
            for pk, source_id, digest, other in model.objects.filter(source=source, source_id__in=ids[start:start + 500]).values_list(
                "id", "source_id", "content_hash", extra
            ):
                found[(source, source_id)] = (pk, digest, other)
    return found


def _write(records: list[Record], report: Report, *, now: dt.datetime, source_label: str) -> None:
    place_keys: dict[str, list[str]] = {}
    for record in records:
        place_keys.setdefault(record.place["source"], []).append(record.place["source_id"])
    existing = _existing(Place, place_keys)
    to_create: list[Place] = []
    to_update: list[Place] = []
    plan: list[tuple[Record, Place, str, dict]] = []
    for record in records:
        key = (record.place["source"], record.place["source_id"])
        values = _place_values(record.place)
        digest = content_hash(values)
        found = existing.get(key)
        fields = {"source": key[0], "source_id": key[1], "checked_at": now, "content_hash": digest, **values}
        if found is None:
            place = _Row({**_PLACE_BLANK, **fields, "created_at": now, "updated_at": now, "pk": None})
            to_create.append(place)
            state = "created"
        elif found[1] != digest:
            place = Place(pk=found[0], **fields)
            to_update.append(place)
            state = "updated"
        else:
            place = _Row({**_PLACE_BLANK, **fields, "pk": found[0]})
            state = "unchanged"
        plan.append((record, place, state, values))
    _insert(Place, to_create, _PLACE_INSERT)
    if to_create:
        created_ids = _existing(Place, {source: [p.source_id for p in to_create if p.source == source]
                                        for source in {p.source for p in to_create}})
        for place in to_create:
            place.pk = created_ids[(place.source, place.source_id)][0]
    if to_update:
        Place.objects.bulk_update(to_update, [*_PLACE_WRITE, "content_hash", "checked_at"], batch_size=500)

    service_keys: dict[str, list[str]] = {}
    for record in records:
        for service in record.services:
            service_keys.setdefault(service["source"], []).append(service["source_id"])
    existing_services = _existing(Service, service_keys)
    services_create: list[Service] = []
    services_update: list[Service] = []
    versions: list[PlaceVersion] = []
    refreshed_places: list[int] = []
    for record, place, state, place_values in plan:
        any_service_changed = False
        snapshot_services = []
        for raw in record.services:
            values = _service_values(raw)
            digest = content_hash({**values, "_place": place.content_hash})
            key = (raw["source"], raw["source_id"])
            found = existing_services.get(key)
            if found is not None and found[1] == digest and found[2] == place.pk:
                report.services_unchanged += 1
            else:
                fields = {"source": key[0], "source_id": key[1], "content_hash": digest, **values}
                if found is None:
                    service = _Row({**_SERVICE_BLANK, **fields, "created_at": now, "updated_at": now})
                    services_create.append((service, place))
                    report.services_created += 1
                else:
                    service = Service(pk=found[0], place_id=place.pk, **fields)
                    services_update.append(service)
                    report.services_updated += 1
                Service.refresh_search_fields(service, place)  # works on rows and model instances alike
                any_service_changed = True
            if state != "unchanged" or any_service_changed:
                snapshot_services.append({"source_id": key[1], **{k: _json(v) for k, v in values.items()}})
        if state == "unchanged" and any_service_changed:
            state = "updated"
            refreshed_places.append(place.pk)
        setattr(report, state, getattr(report, state) + 1)
        if state == "updated":  # a version per change; the created state is the imported row itself
            snapshot = {k: _json(v) for k, v in place_values.items()}
            snapshot["services"] = snapshot_services
            versions.append(PlaceVersion(place_id=place.pk, snapshot=snapshot, summary=f"Import {source_label}"[:200], created_at=now))
    if refreshed_places:
        Place.objects.filter(pk__in=refreshed_places).update(checked_at=now)
    rows = []
    for service, place in services_create:
        service.place_id = place.pk
        rows.append(service)
    _insert(Service, rows, _SERVICE_INSERT)
    if services_update:
        Service.objects.bulk_update(
            services_update,
            [*_SERVICE_WRITE, "place", "content_hash", "latitude", "longitude", "cell", "search_text", "themes_text",
             "publics_text", "modes_text", "languages_text", "zone_text", "is_remote_only", "wheelchair", "visible",
             "checked_at", "place_hours", "place_temporary"],
            batch_size=500,
        )
    PlaceVersion.objects.bulk_create(versions, batch_size=500)


def _json(value):
    return value.isoformat() if isinstance(value, dt.date) else value


def upsert(items: Iterable[Record | Rejection], *, report: Report | None = None, batch: int = 500,
           progress: Callable[[int], None] | None = None, source_label: str = "", actor=None) -> Report:
    report = report or Report()
    now = timezone.now()
    communes = CommuneIndex()
    pending: list[Record] = []
    seen: set[tuple[str, str]] = set()
    done = 0

    def flush():
        nonlocal done
        if not pending:
            return
        try:
            with transaction.atomic():
                snapshot = Report(**{k: getattr(report, k) for k in ("created", "updated", "unchanged", "services_created",
                                                                      "services_updated", "services_unchanged")})
                _write(pending, report, now=now, source_label=source_label)
        except Exception:  # noqa: BLE001 — retried row by row below, each failure reported
            for key in ("created", "updated", "unchanged", "services_created", "services_updated", "services_unchanged"):
                setattr(report, key, getattr(snapshot, key))
            for record in pending:
                try:
                    with transaction.atomic():
                        _write([record], report, now=now, source_label=source_label)
                except Exception as exc:  # noqa: BLE001
                    report.rejected.append(Rejection(record.line, f"écriture impossible : {exc}"[:300]))
        done += len(pending)
        pending.clear()
        if progress:
            progress(done)

    for item in items:
        if isinstance(item, Rejection):
            report.rejected.append(item)
            done += 1
            continue
        error = communes.complete(item.place)
        if error:
            report.rejected.append(Rejection(item.line, error))
            done += 1
            continue
        key = (item.place["source"], item.place["source_id"])
        if key in seen:
            report.rejected.append(Rejection(item.line, f"identifiant en double dans le fichier : {key[1]}"))
            continue
        seen.add(key)
        pending.append(item)
        if len(pending) >= batch:
            flush()
    flush()
    from relais.journal.services import journal_record

    journal_record(action="directory.import", actor=actor, details={
        "source": source_label, "created": report.created, "updated": report.updated, "unchanged": report.unchanged,
        "rejected": len(report.rejected)})
    return report


# --- data·inclusion v1 -------------------------------------------------------------------------
_LIST_FIELDS = {"thematiques", "publics", "modes_accueil", "modes_mobilisation", "mobilisable_par", "zone_eligibilite",
                "reseaux_porteurs"}


def _csv_rows(path: Path) -> Iterator[tuple[int, dict]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        for index, row in enumerate(csv.DictReader(handle), start=2):
            clean = {}
            for key, value in row.items():
                if key is None:
                    continue
                value = (value or "").strip()
                if value == "":
                    clean[key] = None
                elif key in _LIST_FIELDS:
                    clean[key] = json.loads(value) if value.startswith("[") else [v.strip() for v in value.split(",") if v.strip()]
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


def _strip_source(identifier: str, source: str) -> str:
    prefix = f"{source}--"
    return identifier[len(prefix):] if identifier.startswith(prefix) else identifier


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
            structure = v1.Structure.model_validate(row)
        except pydantic.ValidationError as exc:
            yield Rejection(line, _pydantic_reason(exc))
            continue
        known.add(structure.id)
        place = {
            "source": structure.source, "source_id": _strip_source(structure.id, structure.source),
            "name": structure.nom, "description": structure.description or "", "siret": structure.siret or "",
            "address": structure.adresse or "", "address_extra": structure.complement_adresse or "",
            "postcode": structure.code_postal or "", "commune_code": structure.code_insee or "",
            "commune_name": structure.commune or "", "latitude": structure.latitude, "longitude": structure.longitude,
            "phone": structure.telephone or "", "email": structure.courriel or "",
            "website": str(structure.site_web) if structure.site_web else "",
            "hours": _clean_hours(structure.horaires_accueil, line, report),
            "accessibility_url": str(structure.accessibilite_lieu) if structure.accessibilite_lieu else "",
            "source_updated_on": structure.date_maj,
        }
        place.update(_place_extension(extension))
        services = []
        for service_index, service_row in services_by_structure.get(structure.id, []):
            service_line = f"services:{service_index}"
            service_extension = service_row.pop(EXTENSION_KEY, None) or {}
            try:
                service = v1.Service.model_validate(service_row)
            except pydantic.ValidationError as exc:
                report.rejected.append(Rejection(service_line, _pydantic_reason(exc)))
                continue
            extra_themes = [t for t in service_extension.get("thematiques", []) if t in taxonomy.EXTENSION_THEMES]
            services.append({
                "source": service.source, "source_id": _strip_source(service.id, service.source),
                "name": service.nom, "description": service.description, "type": service.type.value if service.type else "",
                "thematiques": sorted({t.value for t in service.thematiques or []}) + extra_themes,
                "frais": service.frais.value if service.frais else "", "frais_precisions": service.frais_precisions or "",
                "publics": sorted(p.value for p in service.publics or []), "publics_precisions": service.publics_precisions or "",
                "conditions_acces": service.conditions_acces or "",
                "modes_accueil": sorted(m.value for m in service.modes_accueil or []),
                "modes_mobilisation": sorted(m.value for m in service.modes_mobilisation or []),
                "mobilisable_par": sorted(m.value for m in service.mobilisable_par or []),
                "mobilisation_precisions": service.mobilisation_precisions or "",
                "lien_mobilisation": str(service.lien_mobilisation) if service.lien_mobilisation else "",
                "zone_eligibilite": list(service.zone_eligibilite or []),
                "hours": _clean_hours(service.horaires_accueil, service_line, report),
                "phone": service.telephone or "", "email": service.courriel or "",
                "contact_name": service.contact_nom_prenom or "", "source_updated_on": service.date_maj,
                "is_published": True,
            })
        yield Record(line, place, services)
    for structure_id, rows in services_by_structure.items():
        if structure_id not in known:
            for index, _row in rows:
                report.rejected.append(Rejection(f"services:{index}", f"structure inconnue : {structure_id}"))


_PLACE_EXTENSION = {
    "langues": "languages", "accueil": "welcome", "accueil_precisions": "welcome_details",
    "accessible_fauteuil": "wheelchair", "animaux_acceptes": "animals_accepted", "complet": "is_full",
    "complet_message": "full_message", "itinerant": "itinerant", "itinerance_precisions": "itinerant_details",
    "horaires_precisions": "hours_note", "fermeture_debut": "closed_from", "fermeture_fin": "closed_until",
    "fermeture_message": "closure_message", "horaires_temporaires": "temp_hours",
    "horaires_temporaires_debut": "temp_hours_from", "horaires_temporaires_fin": "temp_hours_until",
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


# --- Lieux de médiation numérique (flat variant) --------------------------------------------
_MEDNUM_THEMES = {
    "accéder à une connexion internet": ["numerique--acceder-a-une-connexion-internet"],
    "accéder à du matériel": ["numerique--acceder-a-une-connexion-internet", "numerique--acceder-a-des-services-en-ligne"],
    "réaliser des démarches administratives avec un accompagnement": [
        "difficultes-administratives-ou-juridiques--accompagnement-aux-demarches-administratives",
        "numerique--acceder-a-des-services-en-ligne"],
    "devenir autonome dans les démarches administratives": ["numerique--acceder-a-des-services-en-ligne"],
    "accompagner les démarches de santé": ["sante--acces-aux-soins", "numerique--acceder-a-des-services-en-ligne"],
    "prendre en main un ordinateur": ["numerique--maitriser-les-fondamentaux-du-numerique"],
    "prendre en main un smartphone ou une tablette": ["numerique--maitriser-les-fondamentaux-du-numerique"],
    "utiliser le numérique au quotidien": ["numerique--maitriser-les-fondamentaux-du-numerique"],
    "approfondir ma culture numérique": ["numerique--maitriser-les-fondamentaux-du-numerique"],
    "promouvoir la citoyenneté numérique": ["numerique--maitriser-les-fondamentaux-du-numerique"],
    "créer avec le numérique": ["numerique--maitriser-les-fondamentaux-du-numerique"],
    "favoriser mon insertion professionnelle": ["trouver-un-emploi--repondre-a-des-offres-demploi",
                                                "preparer-sa-candidature--realiser-un-cv-et-ou-une-lettre-de-motivation"],
    "créer et développer mon entreprise": ["creer-une-entreprise--developper-son-entreprise"],
    "soutenir la parentalité et l'éducation avec le numérique": ["famille--soutien-a-la-parentalite-et-a-leducation"],
    "s'équiper en matériel informatique": ["numerique--acquerir-un-equipement"],
}
_MEDNUM_PUBLICS = {"jeunes (16-26 ans)": "jeunes", "seniors (+ 65 ans)": "seniors", "familles/enfants": "familles",
                   "surdité": "personnes-en-situation-de-handicap", "déficience visuelle": "personnes-en-situation-de-handicap"}


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
        first = (conditions[0].split(":")[0].strip().lower() if conditions else "")
        frais = "gratuit" if first == "gratuit" else ("payant" if first in {"payant", "adhésion", "gratuit sous condition"} else "")
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
        place = {
            "source": source, "source_id": str(row["id"])[:200], "name": name,
            "siret": pivot if pivot.isdigit() and len(pivot) == 14 and set(pivot) != {"0"} else "",
            "address": (row.get("adresse") or "")[:300], "postcode": str(row.get("code_postal") or "")[:5],
            "commune_code": str(row.get("code_insee") or "")[:5], "commune_name": (row.get("commune") or "").title()[:100],
            "latitude": latitude, "longitude": longitude, "phone": phone_e164(row.get("telephone")),
            "email": (row.get("courriel") or "").strip()[:254] if "@" in (row.get("courriel") or "") else "",
            "website": (row.get("site_web") or "").split(";")[0].strip()[:500] if str(row.get("site_web") or "").startswith("http") else "",
            "hours": _clean_hours(row.get("horaires"), line, report), "languages": languages,
            "source_updated_on": _date(row.get("date_maj")),
        }
        description = "Aide pour utiliser le numérique : " + (", ".join(labels) if labels else "accompagnement numérique") + "."
        if accompagnement:
            description += " Accompagnement : " + "; ".join(accompagnement) + "."
        service = {
            "source": source, "source_id": f"{row['id']}-numerique"[:200], "name": "Aide au numérique",
            "description": description[:10000], "type": "accompagnement", "thematiques": themes, "frais": frais,
            "frais_precisions": "; ".join(conditions)[:500], "publics": publics, "modes_accueil": ["en-presentiel"],
            "mobilisable_par": ["usagers", "professionnels"], "modes_mobilisation": ["se-presenter"] + (["telephoner"] if place["phone"] else []),
            "lien_mobilisation": str(row.get("prise_rdv") or "")[:500] if str(row.get("prise_rdv") or "").startswith("http") else "",
            "source_updated_on": place["source_updated_on"], "is_published": True,
        }
        yield Record(line, place, [service])


# --- France Services CSV -------------------------------------------------------------------------
FRANCE_SERVICES_THEMES = [
    "difficultes-administratives-ou-juridiques--accompagnement-aux-demarches-administratives",
    "difficultes-administratives-ou-juridiques--accompagnement-pour-lacces-aux-droits",
    "numerique--acceder-a-des-services-en-ligne",
]
_DAYS = ["h_lundi", "h_mardi", "h_mercredi", "h_jeudi", "h_vendredi", "h_samedi"]


def read_france_services(path: Path, report: Report) -> Iterator[Record | Rejection]:
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
                raw = " ; ".join(f"{day[2:]} {row.get(day, '').strip()}" for day in _DAYS if (row.get(day) or "").strip())
                hours_note = raw[:300]
                report.warnings.append(Rejection(line, f"horaires non convertis, gardés en texte : {raw[:80]}"))
            comment = (row.get("commentaire") or "").strip()
            itinerant = (row.get("itinerance") or "").strip().lower() == "oui"
            place = {
                "source": "france-services", "source_id": identifier[:200], "name": name[:150],
                "description": "Espace France Services : un lieu unique pour être accompagné dans vos démarches "
                               "administratives (CAF, impôts, retraite, santé, emploi, papiers).",
                "address": (row.get("adresse") or "").strip()[:300], "address_extra": (row.get("complement_adresse") or "").strip()[:300],
                "postcode": (row.get("code_postal") or "").strip()[:5], "commune_code": (row.get("insee_com") or "").strip()[:5],
                "commune_name": (row.get("lib_com") or "").strip()[:100], "latitude": latitude, "longitude": longitude,
                "phone": phone_e164(row.get("telephone")),
                "email": (row.get("mail") or "").strip()[:254] if "@" in (row.get("mail") or "") else "",
                "hours": osm, "hours_note": (hours_note or comment)[:300], "itinerant": itinerant,
                "itinerant_details": "France Services itinérant : le bus passe dans plusieurs communes." if itinerant else "",
                "languages": ["fr"],
            }
            service = {
                "source": "france-services", "source_id": f"{identifier}-accompagnement",
                "name": "Accompagnement aux démarches administratives",
                "description": "Des agents formés vous aident pour vos démarches en ligne et vos dossiers : "
                               "CAF, Assurance maladie, retraite, impôts, France Travail, papiers, permis." + (f" {comment}" if comment else ""),
                "type": "accompagnement", "thematiques": FRANCE_SERVICES_THEMES, "frais": "gratuit", "publics": ["tous-publics"],
                "modes_accueil": ["en-presentiel"], "mobilisable_par": ["usagers", "professionnels"],
                "modes_mobilisation": ["se-presenter"] + (["telephoner"] if place["phone"] else []), "is_published": True,
            }
            yield Record(line, place, [service])


def read(fmt: str, path: Path, report: Report) -> Iterator[Record | Rejection]:
    if fmt == "data-inclusion":
        return read_data_inclusion(path, report)
    if fmt == "lieux-mediation-numerique":
        return read_mednum(path, report)
    if fmt == "france-services":
        return read_france_services(path, report)
    raise ValueError(f"format inconnu : {fmt} (formats : {', '.join(FORMATS)})")


def import_file(*, fmt: str, path: Path, progress: Callable[[int], None] | None = None, actor=None) -> Report:
    report = Report()
    return upsert(read(fmt, Path(path), report), report=report, progress=progress, source_label=f"{fmt} {Path(path).name}",
                  actor=actor)
