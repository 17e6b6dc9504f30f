"""Export of the digital-help places in the national map's schema (« schéma des lieux de médiation
numérique » 1.0.1, LaMednum), as the schema's CSV (`lieux-de-mediation-numerique.csv`) or the same rows
in JSON. One row per published, fresh place that has a digital-help service (a service with a
`numerique` theme, or one read from a médiation-numérique file); each row is checked against the
vendored schema before it is written (`mednum_schema.valid_row`). Mapping and normalisations:
docs/adr/0013."""

from __future__ import annotations

import json
from pathlib import Path

from relais.core import csv as safe_csv
from relais.directory import mednum_schema as ms
from relais.directory.exporters import _date_maj, _url, published
from relais.directory.models import Place, Service

FILE_NAME = "lieux-de-mediation-numerique"
SUMMARY_MAX = 280  # `presentation_resume`; a longer text goes in `presentation_detail`


def is_digital(service: Service) -> bool:
    return service.source.startswith("mednum-") or any(t.startswith("numerique--") for t in service.thematiques)


def source_label(place: Place) -> str:
    """The schema's `source` (who collected the data): the Relais source, without the « mednum- » Relais adds
    to a médiation-numérique file's own source at import."""
    return place.source.removeprefix("mednum-")


def place_row(place: Place, services: list[Service]) -> dict:
    """The schema row of a place and its digital-help services (before validation)."""
    themes = {t for s in services for t in s.thematiques}
    publics = {p for s in services for p in s.publics}
    frais = set()
    for service in services:
        if service.frais == "gratuit":
            frais.add("Gratuit")
        elif service.frais == "payant":
            conditional = ms.CONDITIONAL.lower() in (service.frais_precisions or "").lower()
            frais.add(ms.CONDITIONAL if conditional else "Payant")
    modes = {m for s in services for m in s.modes_mobilisation}
    remote = any("a-distance" in s.modes_accueil for s in services)
    booking = next((s.lien_mobilisation for s in services if s.lien_mobilisation), "")
    description = (place.description or "").strip() or next(
        (s.description.strip() for s in services if (s.description or "").strip()), ""
    )
    label = source_label(place)
    return {
        "id": f"{label}--{place.source_id}",
        "pivot": place.siret if len(place.siret or "") == 14 else ms.NO_PIVOT,
        "nom": place.name,
        "commune": place.commune_name or None,
        "code_postal": place.postcode or None,
        "code_insee": place.commune_code or None,
        "adresse": place.address or None,
        "complement_adresse": place.address_extra or None,
        "latitude": place.latitude,
        "longitude": place.longitude,
        "typologie": None,
        "telephone": place.phone or None,
        "courriels": place.email or None,
        "site_web": _url(place.website),
        "horaires": place.hours or None,
        "presentation_resume": description if 0 < len(description) <= SUMMARY_MAX else None,
        "presentation_detail": description if len(description) > SUMMARY_MAX else None,
        "source": label,
        "itinerance": ms.ITINERANT if place.itinerant else None,
        "structure_parente": None,
        "date_maj": _date_maj(place),
        "services": ms.join({ms.THEME_SERVICES[t] for t in themes if t in ms.THEME_SERVICES}, ms.SERVICE_THEMES),
        "publics_specifiquement_adresses": None
        if "tous-publics" in publics
        else ms.join({label for label, value in ms.PUBLICS.items() if value in publics}, ms.PUBLICS),
        "prise_en_charge_specifique": ms.join(
            {label for label, code in ms.SUPPORT_LANGUAGES.items() if code in (place.languages or [])},
            ms.SUPPORT_LANGUAGES,
        ),
        "frais_a_charge": ms.join(frais, ms.FRAIS),
        "dispositif_programmes_nationaux": ms.join(
            {label for label, value in ms.NETWORKS.items() if value in (place.networks or [])}, ms.NETWORKS
        ),
        "formations_labels": None,
        "autres_formations_labels": None,
        "modalites_acces": ms.join({label for label, value in ms.ACCESS.items() if value in modes}, ms.ACCESS),
        "modalites_accompagnement": ms.REMOTE if remote else None,
        "fiche_acces_libre": _url(place.accessibility_url),
        "prise_rdv": _url(booking),
    }


def rows(problems: list[str] | None = None) -> list[dict]:
    """The valid schema rows of every published digital-help place, in a stable order."""
    places, services = published()
    by_place: dict[int, list[Service]] = {}
    for service in services.iterator(chunk_size=2000):
        if is_digital(service):
            by_place.setdefault(service.place_id, []).append(service)
    out = []
    for place in places.filter(pk__in=list(by_place)).iterator(chunk_size=2000):
        if (row := ms.valid_row(place_row(place, by_place[place.pk]), problems)) is not None:
            out.append(row)
    for twice in ms.unique_ids(out):
        if problems is not None:
            problems.append(f"{twice} : identifiant en double, second lieu non exporté")
    seen: set[str] = set()
    return [row for row in out if not (row["id"] in seen or seen.add(row["id"]))]


def export(*, directory: Path, fmt: str = "csv", problems: list[str] | None = None) -> int:
    """Write lieux-de-mediation-numerique.<fmt> in `directory`; returns the number of places written."""
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    found = rows(problems)
    columns = ms.columns()
    if fmt == "json":
        (directory / f"{FILE_NAME}.json").write_text(json.dumps(found, ensure_ascii=False, indent=1), encoding="utf-8")
    elif fmt == "csv":
        with (directory / f"{FILE_NAME}.csv").open("w", encoding="utf-8", newline="") as handle:
            writer = safe_csv.DictWriter(handle, fieldnames=columns)
            writer.writeheader()
            for row in found:
                writer.writerow({k: "" if row.get(k) is None else row[k] for k in columns})
    else:
        raise ValueError(f"format d'export inconnu : {fmt}")
    return len(found)
