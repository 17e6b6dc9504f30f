"""Checks at import (issue #12): invalid source values cleaned or left out with a warning, dates from
the source, freshness confirmed by re-imports, far coordinates replaced, hours kept as text, networks,
arrondissements."""

import csv
import datetime as dt
import json

import pytest
from django.utils import timezone

from relais.directory import importers
from relais.directory.importers.common import Report, clean_email, networks_from, source_date
from relais.directory.models import Place, Service
from tests.directory.factories import venissieux
from tests.factories import CommuneFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("accueil@mairie.fr", "accueil@mairie.fr"),
        ("France-Service@carct.fr - maisondelagglo@carct.fr", "france-service@carct.fr"),
        ("a@b.fr; c@d.fr", "a@b.fr"),
        ("a@b.fr c@d.fr", "a@b.fr"),
        ("maisondes services@nogentleroi.fr", ""),  # « services@… » would be somebody else's address
        ("mdsba@cc montsdupilat.fr", ""),
        ("lelien@paysapt-luberon.f", ""),
        ("pas de courriel", ""),
    ],
)
def test_emails_are_cleaned_or_left_out_with_a_warning(raw, expected):
    report = Report()
    assert clean_email(raw, "7", report) == expected
    if raw.lower() != expected:
        assert report.warnings and report.warnings[0].line == "7"


def test_placeholder_and_future_dates_are_left_out():
    report = Report()
    assert source_date("1970-01-01", "1", report) is None
    assert source_date((dt.date.today() + dt.timedelta(days=3)).isoformat(), "2", report) is None
    assert source_date("2022-03-04T10:00:00", "3", report) == dt.date(2022, 3, 4)
    assert [w.line for w in report.warnings] == ["1", "2"]


def test_networks_come_from_the_sources_labels():
    assert networks_from("CNFS;France Services", "conseiller-numerique") == ["conseillers-numeriques", "france-service"]
    assert networks_from("dora", None) == []


def _mednum(tmp_path, **row):
    base = {
        "id": "m1",
        "nom": "Espace numérique",
        "commune": "Vénissieux",
        "code_postal": "69200",
        "latitude": 45.70,
        "longitude": 4.88,
        "services": "Prendre en main un ordinateur",
        "source": "Hinaura",
        "date_maj": "2022-05-01",
    }
    base.update(row)
    path = tmp_path / "mednum.json"
    path.write_text(json.dumps([base]))
    return path


def test_the_sources_date_is_the_freshness_and_a_reimport_confirms_it(tmp_path, settings):
    settings.DIRECTORY_STALE_HIDE_DAYS = 100 * 365
    venissieux()
    path = _mednum(tmp_path, date_maj="2022-05-01")
    importers.import_file(fmt="lieux-mediation-numerique", path=path)
    place = Place.objects.get()
    assert place.source_updated_on == dt.date(2022, 5, 1)
    assert place.checked_at.date() == dt.date(2022, 5, 1)  # not the import day
    assert place.services.get().checked_at == place.checked_at
    # the same row published again with a newer date: unchanged content, freshness moves forward
    path = _mednum(tmp_path, date_maj="2023-01-10")
    report = importers.import_file(fmt="lieux-mediation-numerique", path=path)
    place.refresh_from_db()
    assert place.checked_at.date() == dt.date(2023, 1, 10)
    assert Service.objects.get().checked_at.date() == dt.date(2023, 1, 10)
    # an older file never moves it back
    importers.import_file(fmt="lieux-mediation-numerique", path=_mednum(tmp_path, date_maj="2021-01-01"))
    place.refresh_from_db()
    assert place.checked_at.date() >= dt.date(2023, 1, 10)
    assert report.unchanged + report.updated == 1


def test_a_1970_date_is_no_date_and_the_place_is_fresh_from_this_import(tmp_path):
    venissieux()
    report = importers.import_file(fmt="lieux-mediation-numerique", path=_mednum(tmp_path, date_maj="1970-01-01"))
    place = Place.objects.get()
    assert place.source_updated_on is None and place.checked_at.date() == timezone.now().date()
    assert any("1970-01-01" in w.reason for w in report.warnings)


def test_unreadable_hours_are_kept_as_text(tmp_path):
    venissieux()
    hours = "We,Th 12:00-14:00-17:00; Mo 09:00-12:00"
    report = importers.import_file(fmt="lieux-mediation-numerique", path=_mednum(tmp_path, horaires=hours))
    place = Place.objects.get()
    assert place.hours == "" and place.hours_note == hours
    assert any("gardés en texte" in w.reason for w in report.warnings)


def test_coordinates_far_from_the_commune_are_replaced_by_its_centre(tmp_path):
    venissieux()
    CommuneFactory(code="97411", name="Saint-Denis", postcodes="97400", latitude=-20.88, longitude=55.45)
    far = _mednum(tmp_path, latitude=48.85, longitude=2.35)  # Paris, 392 km from Vénissieux
    report = importers.import_file(fmt="lieux-mediation-numerique", path=far)
    place = Place.objects.get()
    assert (place.latitude, place.longitude) == (45.7012, 4.8805) and place.position_approximate
    assert any("km de Vénissieux" in w.reason for w in report.warnings)
    near = _mednum(tmp_path, id="m2", latitude=45.72, longitude=4.90)
    importers.import_file(fmt="lieux-mediation-numerique", path=near)
    assert not Place.objects.get(source_id="m2").position_approximate
    overseas = _mednum(tmp_path, id="m3", commune="Saint-Denis", code_postal="97400", latitude=-21.3, longitude=55.6)
    importers.import_file(fmt="lieux-mediation-numerique", path=overseas)
    assert Place.objects.get(source_id="m3").latitude == -21.3  # overseas communes are large and far apart


def test_a_postcode_in_the_commune_column_is_replaced_by_the_communes_name(tmp_path):
    venissieux()
    importers.import_file(fmt="lieux-mediation-numerique", path=_mednum(tmp_path, commune="69200"))
    assert Place.objects.get().commune_name == "Vénissieux"


def test_arrondissement_codes_and_postcodes_find_the_city(tmp_path):
    CommuneFactory(code="69123", name="Lyon", postcodes="69001 69002 69008", latitude=45.76, longitude=4.83)
    path = tmp_path / "di.json"
    structure = {
        "source": "test",
        "id": "test--1",
        "nom": "Maison de quartier",
        "date_maj": "2024-05-01",
        "code_insee": "69388",
        "latitude": 45.735,
        "longitude": 4.87,
    }
    path.write_text(json.dumps({"structures": [structure], "services": []}))
    report = importers.import_file(fmt="data-inclusion", path=path)
    assert not report.rejected
    assert Place.objects.get().commune_code == "69123"


def test_data_inclusion_rows_with_a_bad_email_or_date_are_cleaned_not_lost(tmp_path):
    venissieux()
    structure = {
        "source": "test",
        "id": "test--1",
        "nom": "Structure",
        "date_maj": "1970-01-01",
        "code_insee": "69259",
        "latitude": 45.70,
        "longitude": 4.88,
        "courriel": "a@b.fr - c@d.fr",
        "site_web": "pas un lien",
        "reseaux_porteurs": ["france-service"],
    }
    path = tmp_path / "di.json"
    path.write_text(json.dumps({"structures": [structure], "services": []}))
    report = importers.import_file(fmt="data-inclusion", path=path)
    assert not report.rejected, report.rejected
    place = Place.objects.get()
    assert place.email == "a@b.fr" and place.website == "" and place.source_updated_on is None
    assert place.networks == ["france-service"]
    reasons = " ".join(w.reason for w in report.warnings)
    assert "courriel corrigé" in reasons and "site_web" in reasons and "1970-01-01" in reasons


def test_france_services_rows_take_the_files_date_and_their_network(tmp_path):
    venissieux()
    path = tmp_path / "liste-fs-20221201.csv"
    columns = ["id_fs", "lib_fs", "insee_com", "code_postal", "lib_com", "latitude", "longitude", "mail"]
    columns += ["h_lundi", "h_mardi", "h_mercredi", "h_jeudi", "h_vendredi", "h_samedi", "telephone"]
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=columns)
        writer.writeheader()
        writer.writerow(
            {
                "id_fs": "42",
                "lib_fs": "France services Vénissieux",
                "insee_com": "69259",
                "code_postal": "69200",
                "lib_com": "Vénissieux",
                "latitude": "45.70",
                "longitude": "4.88",
                "mail": "fs@venissieux.fr - mairie@venissieux.fr",
                "h_lundi": "09:00-13:00-/3:00-16:00",
                "h_mardi": "09:00 - 12:00",
                "telephone": "04 72 00 00 21",
            }
        )
    report = importers.import_file(fmt="france-services", path=path)
    place = Place.objects.get()
    assert place.source_updated_on == dt.date(2022, 12, 1) and place.networks == ["france-service"]
    assert place.email == "fs@venissieux.fr"
    assert place.hours == "" and "09:00-13:00-/3:00-16:00" in place.hours_note  # never a 3 a.m. opening
    assert "PH" not in place.hours
    assert report.warnings


def _di(tmp_path, structures, name="di.json"):
    path = tmp_path / name
    path.write_text(json.dumps({"structures": structures, "services": []}))
    return path


def _structure(source, identifier, **extra):
    return {
        "source": source,
        "id": f"{source}--{identifier}",
        "nom": "Maison France services",
        "date_maj": "2024-05-01",
        "code_insee": "69259",
        "latitude": 45.7000,
        "longitude": 4.8800,
        **extra,
    }


def test_duplicates_across_sources_become_one_place_with_both_ids(tmp_path):
    venissieux()
    importers.import_file(fmt="data-inclusion", path=_di(tmp_path, [_structure("dora", "a", siret="12345678900011")]))
    near = _structure("emplois", "b", nom="Maison  France-Services", latitude=45.7002, longitude=4.8801, telephone="")
    same_siret = _structure("soliguide", "c", nom="Autre nom", latitude=45.75, siret="12345678900011")
    far = _structure("emplois", "d", latitude=45.71)  # same name, 1.1 km away: another place
    report = importers.import_file(fmt="data-inclusion", path=_di(tmp_path, [near, same_siret, far], "b.json"))
    assert (report.created, report.merged) == (1, 2)
    place = Place.objects.get(source="dora")
    assert dict(place.aliases.values_list("source", "reason")) == {"emplois": "name-and-position", "soliguide": "siret"}
    again = importers.import_file(fmt="data-inclusion", path=_di(tmp_path, [near, same_siret, far], "b.json"))
    assert (again.created, again.merged, again.unchanged) == (0, 2, 1) and Place.objects.count() == 2


def test_a_france_services_id_joins_the_digital_help_record_and_its_service(tmp_path):
    venissieux()
    importers.import_file(
        fmt="data-inclusion",
        path=_di(tmp_path, [_structure("france-services", "18", nom="France services Vénissieux")]),
    )
    path = _mednum(tmp_path, id="mediation-numerique-france-services-18", source="france-services", nom="FS Vénissieux")
    report = importers.import_file(fmt="lieux-mediation-numerique", path=path)
    assert report.merged == 1 and Place.objects.count() == 1
    place = Place.objects.get()
    assert place.services.get().source == "mednum-france-services"  # its service is on the one place
    assert place.aliases.get().reason == "france-services"


def test_records_of_one_source_are_never_merged_together(tmp_path):
    venissieux()
    twins = [_structure("dora", "a"), _structure("dora", "b")]
    report = importers.import_file(fmt="data-inclusion", path=_di(tmp_path, twins))
    assert (report.created, report.merged) == (2, 0)


def test_duplicates_within_one_file_of_several_sources_are_merged(tmp_path):
    venissieux()
    rows = [_structure("dora", "a")] + [_structure("emplois", f"x{i}", latitude=46 + i / 10) for i in range(3)]
    rows.append(_structure("emplois", "b", latitude=45.7001))
    report = importers.import_file(fmt="data-inclusion", path=_di(tmp_path, rows))
    assert (report.created, report.merged) == (4, 1)
