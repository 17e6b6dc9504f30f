"""The vendored schema of digital-help places (standard-mediation-num 1.0.1) and its checks, the export's
cleaning of values the schema refuses, and the reader of schema 1.0 rows (ADR 0013)."""

import csv
import json

import pytest

from relais.directory import exporters_mednum, importers
from relais.directory import mednum_schema as ms
from relais.directory.models import Place
from tests.directory.factories import PlaceFactory, ServiceFactory, venissieux

pytestmark = pytest.mark.django_db
DIGITAL = "numerique--maitriser-les-fondamentaux-du-numerique"


def _row(**extra):
    return {
        "id": "hub--1",
        "pivot": ms.NO_PIVOT,
        "nom": "Espace numérique",
        "commune": "Vénissieux",
        "code_postal": "69200",
        "adresse": "1 rue de la Paix",
        "date_maj": "2024-05-01",
        **extra,
    }


def test_the_vendored_schema_is_version_1_0_1_with_its_required_fields():
    schema = ms.schema()
    assert schema["version"] == "1.0.1" and schema["primaryKey"] == "id"
    required = [f["name"] for f in schema["fields"] if f["constraints"].get("required")]
    assert required == ["id", "pivot", "nom", "commune", "code_postal", "adresse", "date_maj"]
    assert len(ms.columns()) == 32


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("telephone", "04 72 00 00 21"),  # the schema wants +33472000021
        ("telephone", "+4930123456"),  # not a French number
        ("code_postal", "6920"),
        ("code_insee", "2C123"),
        ("pivot", "123"),
        ("services", "Aide aux démarches administratives;Maîtrise des outils numériques du quotidien"),  # `|`
        ("services", "Prendre en main un ordinateur"),  # a label of the older variant
        ("frais_a_charge", "Gratuit|"),
        ("prise_en_charge_specifique", "Langues étrangères anglais"),
        ("presentation_resume", "x" * 281),
        ("date_maj", "01/05/2024"),
        ("latitude", "nord"),
        ("inconnu", "x"),
    ],
)
def test_the_schema_refuses_what_it_should(field, value):
    assert field in ms.row_errors(_row(**{field: value}))


def test_the_schema_accepts_a_full_row():
    row = _row(
        telephone="+33472000021",
        code_insee="2A004",
        latitude=45.7,
        longitude="4.88",
        services="Aide aux démarches administratives|Accès internet et matériel informatique",
        prise_en_charge_specifique="Surdité|Langues étrangères (anglais)",
        frais_a_charge="Gratuit sous condition|Payant",
        dispositif_programmes_nationaux="France Services|Relais numérique (Emmaüs Connect)",
        modalites_accompagnement="À distance",
        itinerance="Itinérant|Fixe",
    )
    assert ms.row_errors(row) == {}


def test_invalid_optional_values_are_left_out_and_rows_missing_required_ones_are_not_exported():
    problems: list[str] = []
    cleaned = ms.valid_row(_row(telephone="3230"), problems)
    assert cleaned["telephone"] is None and problems == ["hub--1 : telephone laissé de côté (3230)"]
    assert ms.valid_row(_row(code_postal=None), problems) is None
    assert problems[-1] == "hub--1 : non exporté (code_postal)"


def test_export_cleans_what_the_schema_refuses(tmp_path):
    place = PlaceFactory(phone="3230", siret="", website="http://exemple.fr", postcode="")
    ServiceFactory(place=place, thematiques=[DIGITAL], frais="payant", frais_precisions="Gratuit sous condition")
    ok = PlaceFactory(phone="+33472000021", siret="12345678901234", networks=["france-service"])
    ServiceFactory(place=ok, thematiques=[DIGITAL, "hygiene--douches"], modes_accueil=["a-distance"])
    ServiceFactory(thematiques=["hygiene--douches"])  # no digital help: not a lieu de médiation numérique
    problems: list[str] = []
    assert exporters_mednum.export(directory=tmp_path, problems=problems) == 1
    assert problems == [f"relais--{place.source_id} : non exporté (code_postal)"]
    with (tmp_path / "lieux-de-mediation-numerique.csv").open(encoding="utf-8", newline="") as handle:
        (row,) = list(csv.DictReader(handle))
    assert row["id"] == f"relais--{ok.source_id}" and row["pivot"] == "12345678901234"
    assert row["telephone"] == "+33472000021" and row["dispositif_programmes_nationaux"] == "France Services"
    assert row["services"] == "Maîtrise des outils numériques du quotidien"
    assert row["modalites_accompagnement"] == "À distance" and row["frais_a_charge"] == "Gratuit"

    place.postcode = "69200"
    place.save()
    problems = []
    exporters_mednum.export(directory=tmp_path, fmt="json", problems=problems)
    rows = {r["id"]: r for r in json.loads((tmp_path / "lieux-de-mediation-numerique.json").read_text())}
    first = rows[f"relais--{place.source_id}"]
    assert first["telephone"] is None and first["pivot"] == ms.NO_PIVOT and first["site_web"] == "http://exemple.fr/"
    assert first["frais_a_charge"] == "Gratuit sous condition"
    assert problems == [f"relais--{place.source_id} : telephone laissé de côté (3230)"]


def test_schema_1_rows_are_read_with_their_mapping_and_unknown_values_said(tmp_path):
    venissieux()
    rows = [
        _row(
            id="hub--7",
            source="hub",
            telephone="+33472000021",
            courriels="accueil@hub.fr|autre@hub.fr",
            site_web="https://hub.fr/|https://facebook.com/hub",
            services="Aide aux démarches administratives|Loisirs et créations numériques|Cours de cuisine",
            publics_specifiquement_adresses="Seniors",
            prise_en_charge_specifique="Surdité|Illettrisme",
            frais_a_charge="Gratuit sous condition",
            dispositif_programmes_nationaux="Conseillers numériques",
            modalites_acces="Téléphoner|Prendre un RDV en ligne",
            modalites_accompagnement="À distance|En autonomie",
            itinerance="Itinérant",
            prise_rdv="https://rdv.hub.fr",
            presentation_resume="Ateliers et aide aux démarches en ligne.",
        )
    ]
    path = tmp_path / "lieux.json"
    path.write_text(json.dumps(rows), encoding="utf-8")
    report = importers.import_file(fmt="lieux-mediation-numerique", path=path)
    assert report.created == 1 and not report.rejected
    assert [w.reason for w in report.warnings] == ["services : valeur inconnue laissée de côté : Cours de cuisine"]
    place = Place.objects.get()
    assert (place.source, place.source_id) == ("mednum-hub", "7")  # « hub--7 » was written by an export
    assert place.email == "accueil@hub.fr" and place.website == "https://hub.fr/" and place.itinerant
    assert place.languages == ["fr", "lsf"] and place.networks == ["conseillers-numeriques"]
    assert place.description == "Ateliers et aide aux démarches en ligne."
    service = place.services.get()
    assert service.thematiques == [
        "difficultes-administratives-ou-juridiques--accompagnement-aux-demarches-administratives",
        "numerique--acceder-a-des-services-en-ligne",
        DIGITAL,
    ]
    assert (service.frais, service.frais_precisions, service.publics) == ("payant", ms.CONDITIONAL, ["seniors"])
    assert service.modes_mobilisation == ["telephoner", "utiliser-lien-mobilisation"]
    assert (
        service.modes_accueil == ["en-presentiel", "a-distance"] and service.lien_mobilisation == "https://rdv.hub.fr"
    )
