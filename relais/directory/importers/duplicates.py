"""One place per real place: finding, at import, the place a record of another source describes.

Three signs, strongest first: the same SIRET; the same France Services id (the France Services list's
`id_fs`, also at the end of the digital-help files' ids `mediation-numerique-france-services-18`);
the same normalised name within 50 m. Only places of *another* source are candidates: two rows of
one file are two places unless the file says otherwise. The index is built once per import from
the database (a few bytes per place) and grows with the places the import creates."""

from __future__ import annotations

import math
import re

from django.db import connection

from relais.directory.importers.common import haversine_km
from relais.directory.models import Place, PlaceAlias, fast_normalize

SAME_PLACE_KM = 0.05
_FS_SUFFIX = re.compile(r"france-services-(\d+)$")
_CELL = 1000  # ~110 m buckets of latitude/longitude, neighbours checked too


def france_services_id(source: str, source_id: str) -> str:
    if source == "france-services":
        return source_id
    if source.startswith("mednum-") and (match := _FS_SUFFIX.search(source_id or "")):
        return match.group(1)
    return ""


def _siret(value: str) -> str:
    value = (value or "").strip()
    return value if len(value) == 14 and value.isdigit() and set(value) != {"0"} else ""


def _name_key(name: str) -> str:
    return fast_normalize(name or "")


_RECORD_FIELDS = ("source", "source_id", "siret", "name", "latitude", "longitude")


class DuplicateIndex:
    def __init__(self):
        # a target is a place's pk, or the (source, source id) of a record of this import not yet written
        self.by_siret: dict[str, tuple[object, str]] = {}
        self.by_fs: dict[str, tuple[object, str]] = {}
        self.by_cell: dict[tuple[int, int], list[tuple[str, float, float, object, str]]] = {}
        self.keys: set[tuple[str, str]] = set()
        self.aliases: dict[tuple[str, str], int] = dict(
            ((source, source_id), pk)
            for source, source_id, pk in PlaceAlias.objects.values_list("source", "source_id", "place_id")
        )
        # the driver's rows, each added inline: the index holds every place of the directory (150,000
        # and more), read at each import
        by_siret, by_fs, by_cell, keys_add = self.by_siret, self.by_fs, self.by_cell, self.keys.add
        floor = math.floor
        table = connection.ops.quote_name(Place._meta.db_table)
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT id, source, source_id, siret, name, latitude, longitude FROM {table}")
            for pk, source, source_id, siret, name, lat, lon in cursor.fetchall():
                keys_add((source, source_id))
                if siret and (key := _siret(siret)):
                    by_siret.setdefault(key, (pk, source))
                if (source == "france-services" or source.startswith("mednum-")) and (
                    key := france_services_id(source, source_id)
                ):
                    by_fs.setdefault(key, (pk, source))
                if lat is not None and lon is not None:
                    cell = (floor(lat * _CELL), floor(lon * _CELL))
                    if (bucket := by_cell.get(cell)) is None:
                        by_cell[cell] = [(name or "", lat, lon, pk, source)]
                    else:
                        bucket.append((name or "", lat, lon, pk, source))

    def add_record(self, place: dict) -> None:
        """A record of this import that will create a place: later records of other sources may join it."""
        self.add((place["source"], place["source_id"]), **{k: place.get(k) for k in _RECORD_FIELDS})

    def add(self, pk, *, source: str, source_id: str, siret: str, name: str, latitude, longitude) -> None:
        self.keys.add((source, source_id))
        if key := _siret(siret):
            self.by_siret.setdefault(key, (pk, source))
        if key := france_services_id(source, source_id):
            self.by_fs.setdefault(key, (pk, source))
        if latitude is not None and longitude is not None:
            cell = (math.floor(latitude * _CELL), math.floor(longitude * _CELL))
            # the raw name: normalised only when a record falls in its neighbourhood (far cheaper than 100,000 upfront)
            self.by_cell.setdefault(cell, []).append((name or "", latitude, longitude, pk, source))

    def match(self, place: dict) -> tuple[object, str] | None:
        """(pk, reason) of the existing place of another source this record describes, or None."""
        source = place["source"]
        if (found := self.by_siret.get(_siret(place.get("siret") or ""))) and found[1] != source:
            return found[0], "siret"
        fs_id = france_services_id(source, place["source_id"])
        if fs_id and (found := self.by_fs.get(fs_id)) and found[1] != source:
            return found[0], "france-services"
        lat, lon = place.get("latitude"), place.get("longitude")
        if lat is None or lon is None:
            return None
        key = _name_key(place.get("name") or "")
        row, col = math.floor(lat * _CELL), math.floor(lon * _CELL)
        for d_row in (-1, 0, 1):
            for d_col in (-1, 0, 1):
                for name, c_lat, c_lon, pk, c_source in self.by_cell.get((row + d_row, col + d_col), ()):
                    if (
                        c_source != source
                        and haversine_km(lat, lon, c_lat, c_lon) <= SAME_PLACE_KM
                        and _name_key(name) == key
                    ):
                        return pk, "name-and-position"
        return None
