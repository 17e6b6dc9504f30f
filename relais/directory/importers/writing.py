"""Batched writes of records keyed by (source, source id): insert, update when the content hash
changed, leave identical rows alone."""

from __future__ import annotations

import datetime as dt
import json
import operator

from django.db import connection, models
from django.utils import timezone

from relais.directory.importers.common import Record, Rejection, Report
from relais.directory.models import Place, PlaceAlias, PlaceVersion, Service
from relais.directory.services import PLACE_FIELDS, SERVICE_FIELDS, content_hash

_PLACE_DEFAULTS = {f.name: f.get_default() for f in Place._meta.concrete_fields if f.name in PLACE_FIELDS}
_SERVICE_DEFAULTS = {f.name: f.get_default() for f in Service._meta.concrete_fields if f.name in SERVICE_FIELDS}
_PLACE_WRITE = [
    *PLACE_FIELDS,
    "commune_id",
    "departement_code",
    "source_updated_on",
    "organisation_id",
    "networks",
    "position_approximate",
]
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
    for key in ("languages", "networks"):
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
    sql = (
        f"INSERT INTO {quote(model._meta.db_table)} ({', '.join(quote(c.column) for c in columns)}) "
        f"VALUES ({', '.join(['%s'] * len(columns))})"
    )
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
    read = operator.attrgetter(*(c.attname for c in columns))
    converted = [(i, conv) for i, conv in enumerate(converters) if conv]
    rows = []
    for obj in objects:
        row = list(read(obj))
        for i, conv in converted:
            if row[i] is not None:
                row[i] = conv(row[i])
        rows.append(row)
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
    """(source, source_id) → (pk, content_hash, place_id for a service | checked_at for a place)."""
    extra = "place_id" if model is Service else "checked_at"
    found = {}
    for source, ids in keys.items():
        for start in range(0, len(ids), 500):
            for pk, source_id, digest, other in model.objects.filter(
                source=source, source_id__in=ids[start : start + 500]
            ).values_list("id", "source_id", "content_hash", extra):
                found[(source, source_id)] = (pk, digest, other)
    return found


def _keep_local_edits(places: list[Place]) -> None:
    """Fields edited in Relais are not overwritten by a re-import: the source's newer value waits in
    `source_proposals` for an editor to accept or refuse (one query for the places that have such fields)."""
    edited = {
        row["pk"]: row
        for row in Place.objects.filter(pk__in=[p.pk for p in places])
        .exclude(local_fields=[])
        .values("pk", "local_fields", "source_proposals", *PLACE_FIELDS)
    }
    for place in places:
        row = edited.get(place.pk)
        place.local_fields = row["local_fields"] if row else []
        proposals = dict(row["source_proposals"] or {}) if row else {}
        for name in place.local_fields:
            incoming, kept = getattr(place, name), row[name]
            if incoming != kept:
                proposals[name] = _json(incoming)
            else:
                proposals.pop(name, None)
            setattr(place, name, kept)
        place.source_proposals = proposals


def confirmed_at(record: Record, now: dt.datetime) -> dt.datetime:
    """When the source last confirmed the place: its own date when it gives one, else this import."""
    day = record.place.get("source_updated_on")
    if not day:
        return now
    moment = dt.datetime.combine(day, dt.time(12, 0), tzinfo=dt.UTC)
    return min(moment, now)


def _refresh_confirmed(unchanged: dict[dt.datetime, list[int]]) -> None:
    """A re-import that finds a place unchanged confirms it: its freshness moves forward, never back."""
    for moment, ids in unchanged.items():
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            Place.objects.filter(pk__in=chunk, checked_at__lt=moment).update(checked_at=moment)
            Service.objects.filter(place_id__in=chunk, checked_at__lt=moment).update(checked_at=moment)


def _write(records: list[Record], report: Report, *, now: dt.datetime, source_label: str) -> None:
    place_keys: dict[str, list[str]] = {}
    for record in records:
        place_keys.setdefault(record.place["source"], []).append(record.place["source_id"])
    existing = _existing(Place, place_keys)
    to_create: list[Place] = []
    to_update: list[Place] = []
    plan: list[tuple[Record, Place, str, dict]] = []
    merges: list[Record] = []
    for record in records:
        if record.place.get("_merge"):
            merges.append(record)
            continue
        key = (record.place["source"], record.place["source_id"])
        values = _place_values(record.place)
        digest = content_hash(values)
        found = existing.get(key)
        checked = confirmed_at(record, now)
        if found is not None and found[2] is not None:
            checked = max(checked, found[2])  # an older file never makes a place look older
        fields = {"source": key[0], "source_id": key[1], "checked_at": checked, "content_hash": digest, **values}
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
        created_ids = _existing(
            Place,
            {
                source: [p.source_id for p in to_create if p.source == source]
                for source in {p.source for p in to_create}
            },
        )
        for place in to_create:
            place.pk = created_ids[(place.source, place.source_id)][0]
    if to_update:
        _keep_local_edits(to_update)
        Place.objects.bulk_update(
            to_update, [*_PLACE_WRITE, "content_hash", "checked_at", "source_proposals"], batch_size=500
        )
    if merges:
        created = {(p.source, p.source_id): p.pk for p in to_create}
        plan.extend(_merge(merges, created, report))

    service_keys: dict[str, list[str]] = {}
    for record in records:
        for service in record.services:
            service_keys.setdefault(service["source"], []).append(service["source_id"])
    existing_services = _existing(Service, service_keys)
    services_create: list[Service] = []
    services_update: list[Service] = []
    versions: list[PlaceVersion] = []
    refreshed_places: list[int] = []
    confirmed: dict[dt.datetime, list[int]] = {}
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
            # the services of a version (written for an updated place only: a created or merged place
            # has none, its rows are the imported state)
            if state == "updated" or (state == "unchanged" and any_service_changed):
                snapshot_services.append({"source_id": key[1], **{k: _json(v) for k, v in values.items()}})
        if state == "unchanged" and any_service_changed:
            state = "updated"
            refreshed_places.append(place.pk)
        elif state == "unchanged":
            confirmed.setdefault(place.checked_at, []).append(place.pk)
        setattr(report, state, getattr(report, state) + 1)
        if state == "updated":  # a version per change; the created state is the imported row itself
            snapshot = {k: _json(v) for k, v in place_values.items()}
            snapshot["services"] = snapshot_services
            versions.append(
                PlaceVersion(
                    place_id=place.pk, snapshot=snapshot, summary=f"Import {source_label}"[:200], created_at=now
                )
            )
    if refreshed_places:
        Place.objects.filter(pk__in=refreshed_places).update(checked_at=now)
    _refresh_confirmed(confirmed)
    rows = []
    for service, place in services_create:
        service.place_id = place.pk
        rows.append(service)
    _insert(Service, rows, _SERVICE_INSERT)
    if services_update:
        Service.objects.bulk_update(
            services_update,
            [
                *_SERVICE_WRITE,
                "place",
                "content_hash",
                "latitude",
                "longitude",
                "cell",
                "search_text",
                "themes_text",
                "publics_text",
                "modes_text",
                "languages_text",
                "zone_text",
                "is_remote_only",
                "wheelchair",
                "visible",
                "checked_at",
                "place_hours",
                "place_temporary",
            ],
            batch_size=500,
        )
    PlaceVersion.objects.bulk_create(versions, batch_size=500)


#: fields a duplicate's record fills on the place it joins when the place has none
_FILL_BLANKS = ["siret", "phone", "email", "website", "hours", "hours_note", "accessibility_url", "description"]
#: what a merge reads of the place joined: its blanks, and what `Service.refresh_search_fields` copies
_MERGE_READ = sorted(
    {
        "id",
        "content_hash",
        "networks",
        *_FILL_BLANKS,
        "latitude",
        "longitude",
        "name",
        "languages",
        "wheelchair",
        "is_published",
        "checked_at",
        "closed_from",
        "closed_until",
        "temp_hours",
    }
)


def _insert_aliases(rows: list[tuple[int, str, str, str]]) -> None:
    """The other sources' ids of merged places, one statement for the batch (an id already known is
    left as it is)."""
    if not rows:
        return
    quote = connection.ops.quote_name
    table = quote(PlaceAlias._meta.db_table)
    columns = ", ".join(quote(PlaceAlias._meta.get_field(name).column) for name in _ALIAS_FIELDS)
    created = connection.ops.adapt_datetimefield_value(timezone.now())
    with connection.cursor() as cursor:
        cursor.executemany(
            f"INSERT INTO {table} ({columns}) VALUES (%s, %s, %s, %s, %s) ON CONFLICT DO NOTHING",
            [(*row, created) for row in rows],
        )


_ALIAS_FIELDS = ("place", "source", "source_id", "reason", "created_at")


def _by_source(keys) -> dict[str, list[str]]:
    grouped: dict[str, list[str]] = {}
    for source, source_id in keys:
        grouped.setdefault(source, []).append(source_id)
    return grouped


def _merge(
    records: list[Record], created: dict[tuple[str, str], int], report: Report
) -> list[tuple[Record, Place, str, dict]]:
    """Records describing a place already known from another source: their ids become aliases of that
    place, they fill its blank fields, and their services are attached to it."""
    reasons: dict[tuple[str, str], tuple[int, str]] = {}
    earlier = [t for r in records if isinstance(t := r.place["_merge"][0], tuple) and t not in created]
    written = {key: value[0] for key, value in _existing(Place, _by_source(earlier)).items()} if earlier else {}
    for record in records:
        target, reason = record.place["_merge"]
        pk = (created.get(target) or written.get(target)) if isinstance(target, tuple) else target
        if pk is None:  # the record it would join was refused: say so, never drop it silently
            report.rejected.append(
                Rejection(record.line, f"doublon de {target[0]}--{target[1]}, refusé : ce lieu n'a pas été importé")
            )
            continue
        reasons[(record.place["source"], record.place["source_id"])] = (pk, reason)
    # the few fields the merge and the services' search fields read, not whole places
    places: dict[int, _Row] = {}
    ids = list({pk for pk, _reason in reasons.values()})
    for start in range(0, len(ids), 500):
        for row in Place.objects.filter(pk__in=ids[start : start + 500]).order_by().values(*_MERGE_READ):
            places[row["id"]] = _Row({**row, "pk": row["id"]})
    _insert_aliases([(pk, key[0], key[1], reason) for key, (pk, reason) in reasons.items() if reason])
    plan = []
    for record in records:
        key = (record.place["source"], record.place["source_id"])
        if key not in reasons or reasons[key][0] not in places:
            continue
        place = places[reasons[key][0]]
        changed = {
            name: record.place[name] for name in _FILL_BLANKS if record.place.get(name) and not getattr(place, name)
        }
        networks = sorted(set(place.networks or []) | set(record.place.get("networks") or []))
        if networks != sorted(place.networks or []):
            changed["networks"] = networks
        if changed:
            Place.objects.filter(pk=place.pk).update(**changed)
            for name, value in changed.items():
                setattr(place, name, value)
        plan.append((record, place, "merged", {}))
    return plan


def _json(value):
    return value.isoformat() if isinstance(value, dt.date) else value
