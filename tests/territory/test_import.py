import io
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from relais.territory import demo
from relais.territory.management.commands.import_territory import ProgressBar
from relais.territory.models import Commune, Departement, Region
from relais.territory.services import territory_import
from relais.territory.text import normalize
from tests.territory.conftest import DEMO, shared_data_or_skip

pytestmark = pytest.mark.django_db


def run(**options) -> str:
    out = io.StringIO()
    call_command("import_territory", no_progress=True, stdout=out, **options)
    return out.getvalue()


def pmun(directory: Path, *codes: str) -> int:
    total = 0
    for line in (directory / "insee_populations_communales_2017.csv").read_text(encoding="utf-8").splitlines()[1:]:
        fields = line.split(";")
        if fields[0] in codes:
            total += int(fields[2])
    return total


def test_full_real_files_import_then_reimport_changes_nothing():
    directory = shared_data_or_skip()
    output = run(from_dir=str(directory))
    assert "Communes : 34945 créées, 0 mises à jour, 0 inchangées" in output
    assert Commune.objects.count() == 34945
    assert Departement.objects.count() == 101
    assert Region.objects.count() == 18
    assert "Aucune ligne en erreur." in output

    saint_etienne = Commune.objects.get(code="42218")
    assert saint_etienne.name == "Saint-Étienne"
    assert saint_etienne.search_name == "st etienne"
    assert saint_etienne.postcode_list == ["42000", "42100", "42230"]
    assert saint_etienne.departement.code == "42" and saint_etienne.departement.region.code == "84"
    assert saint_etienne.population == pmun(directory, "42218") > 170_000
    assert (saint_etienne.latitude, saint_etienne.longitude) == pytest.approx((45.4241, 4.3665))
    # Paris, Lyon and Marseille: INSEE gives their arrondissements, summed into the commune.
    lyon = Commune.objects.get(code="69123")
    assert lyon.population == pmun(directory, *[f"6938{i}" for i in range(1, 10)]) > 500_000
    assert Commune.objects.get(code="75056").population == pmun(directory, *[f"751{i:02d}" for i in range(1, 21)])
    assert Commune.objects.filter(population__gt=0).count() > 34_800
    assert Departement.objects.get(code="2A").name == "Corse-du-Sud"

    report = territory_import(
        regions=directory / "regions_decoupage_administratif.csv",
        departements=directory / "departements_decoupage_administratif.csv",
        communes=directory / "communes_decoupage_administratif.csv",
        populations=directory / "insee_populations_communales_2017.csv",
    )
    assert report.changed == 0
    assert (report.regions.unchanged, report.departements.unchanged, report.communes.unchanged) == (18, 101, 34945)
    assert report.populations_joined == 34927  # 34,924 communes + Paris, Lyon, Marseille
    assert report.bad_rows == []


def test_demo_extract_loads_and_is_idempotent():
    out = io.StringIO()
    demo.load({}, out)
    first = Commune.objects.count()
    assert first == 386
    assert Commune.objects.get(code="69259").name == "Vénissieux"
    assert Commune.objects.get(code="69123").population > 500_000
    out = io.StringIO()
    demo.load({}, out)
    assert Commune.objects.count() == first
    assert "0 créées, 0 mises à jour, 386 inchangées" in out.getvalue()


REGIONS = '"nom","code"\n"Auvergne-Rhône-Alpes","84"\n"Nulle part","X"\n'
DEPARTEMENTS = '"nom","code","region_nom","region_code"\n"Rhône","69","Auvergne-Rhône-Alpes","84"\n"Loire","42","Auvergne-Rhône-Alpes","84"\n'  # noqa: E501
HEADER = '"nom","code","codes_postaux","region_nom","region_code","department_nom","departement_code","longitude","latitude"\n'  # noqa: E501
COMMUNES = HEADER + (
    '"Vénissieux","69259","69200","Auvergne-Rhône-Alpes","84","Rhône","69",4.8867,45.7049\n'  # line 2
    '"Sans code","","69000","Auvergne-Rhône-Alpes","84","Rhône","69",4.8,45.7\n'  # line 3: no code
    '"","69001","69170","Auvergne-Rhône-Alpes","84","Rhône","69",4.4,45.8\n'  # line 4: no name
    '"Mauvaise latitude","69002","69790","Auvergne-Rhône-Alpes","84","Rhône","69",4.4,abc\n'  # line 5
    '"Code postal faux","69003","6917","Auvergne-Rhône-Alpes","84","Rhône","69",4.4,45.8\n'  # line 6
    '"Doublon","69259","69200","Auvergne-Rhône-Alpes","84","Rhône","69",4.8,45.7\n'  # line 7: duplicate code
    '"Loin","99001","99100","","","","99",1.0,1.0\n'  # line 8: unknown département, no name to create it
    '"Saint-Étienne","42218","42000,42100,42230","Auvergne-Rhône-Alpes","84","Loire","42",4.3665,45.4241\n'  # line 9
)
POPULATIONS = "DEPCOM;COM;PMUN;PCAP;PTOT\r\n69259;Vénissieux;65405;600;66005\r\n42218;Saint-Étienne;beaucoup;0;0\r\n99999;Ailleurs;10;0;10\r\n"  # noqa: E501


def write(tmp_path: Path, **files: str) -> dict[str, str]:
    paths = {}
    for key, text in files.items():
        path = tmp_path / f"{key}.csv"
        path.write_text(text, encoding="utf-8", newline="")
        paths[key] = str(path)
    return paths


def test_bad_rows_are_reported_with_line_numbers_and_do_not_stop_the_import(tmp_path):
    paths = write(tmp_path, regions=REGIONS, departements=DEPARTEMENTS, communes=COMMUNES, populations=POPULATIONS)
    output = run(**paths)
    assert sorted(Commune.objects.values_list("code", flat=True)) == ["42218", "69259"]
    assert Commune.objects.get(code="69259").population == 65405
    assert Commune.objects.get(code="42218").population == 0
    for expected in [
        "regions.csv, ligne 3 : code de région invalide « X »",
        "communes.csv, ligne 3 : code INSEE manquant",
        "communes.csv, ligne 4 : nom de commune vide",
        "communes.csv, ligne 5 : coordonnées invalides",
        "communes.csv, ligne 6 : code postal invalide « 6917 »",
        "communes.csv, ligne 7 : le code 69259 apparaît déjà ligne 2",
        "communes.csv, ligne 8 : département « 99 » inconnu",
        "populations.csv, ligne 3 : population municipale invalide « beaucoup »",
    ]:
        assert expected in output, output
    assert "8 ligne(s) en erreur" in output
    assert "1 codes sans commune correspondante" in output  # 99999


def test_wrong_file_stops_before_writing_anything(tmp_path):
    paths = write(tmp_path, regions=REGIONS, communes='"name","insee"\n"Lyon","69123"\n')
    with pytest.raises(CommandError, match="colonnes manquantes"):
        run(**paths)
    assert not Region.objects.exists()
    with pytest.raises(CommandError, match="introuvable"):
        run(communes=str(tmp_path / "absent.csv"))
    with pytest.raises(CommandError, match="Aucun fichier"):
        run()


def test_update_by_code_and_populations_alone(tmp_path):
    paths = write(tmp_path, regions=REGIONS, departements=DEPARTEMENTS, communes=COMMUNES)
    run(**paths)
    assert Commune.objects.get(code="69259").population == 0
    renamed = COMMUNES.replace('"Vénissieux","69259","69200"', '"Vénissieux-Village","69259","69200 69201"')
    paths = write(tmp_path, communes=renamed)
    output = run(communes=paths["communes"])
    assert "Communes : 0 créées, 1 mises à jour, 1 inchangées" in output
    commune = Commune.objects.get(code="69259")
    assert (commune.name, commune.search_name, commune.postcodes) == (
        "Vénissieux-Village",
        "venissieux village",
        "69200 69201",
    )

    paths = write(tmp_path, populations=POPULATIONS)
    output = run(populations=paths["populations"])
    assert "Populations : 0 créées, 1 mises à jour, 0 inchangées" in output
    assert Commune.objects.get(code="69259").population == 65405
    output = run(populations=paths["populations"])
    assert "Populations : 0 créées, 0 mises à jour, 1 inchangées" in output
    # Communes imported again without populations keep theirs.
    run(communes=paths.get("communes") or write(tmp_path, communes=COMMUNES)["communes"])
    assert Commune.objects.get(code="69259").population == 65405


def test_departements_and_regions_made_from_the_communes_file_when_missing(tmp_path):
    paths = write(tmp_path, communes=COMMUNES)
    run(**paths)
    loire = Departement.objects.get(code="42")
    assert (loire.name, loire.region.code, loire.region.name) == ("Loire", "84", "Auvergne-Rhône-Alpes")


def test_latin1_populations_file(tmp_path):
    paths = write(tmp_path, communes=COMMUNES)
    run(**paths)
    path = tmp_path / "pop_latin1.csv"
    path.write_bytes("DEPCOM;COM;PMUN;PCAP;PTOT\r\n69259;Vénissieux;65405;600;66005\r\n".encode("cp1252"))
    run(populations=str(path))
    assert Commune.objects.get(code="69259").population == 65405


class FakeTerminal(io.StringIO):
    def isatty(self):
        return True


def test_progress_bar_on_a_terminal_and_in_logs():
    terminal = FakeTerminal()
    bar = ProgressBar(terminal)
    bar("Communes", 0, 200)
    bar("Communes", 200, 200)
    bar.finish()
    assert "\rCommunes" in terminal.getvalue() and "100%" in terminal.getvalue() and "200/200" in terminal.getvalue()

    log = io.StringIO()
    bar = ProgressBar(log)
    for done in range(0, 1001, 50):
        bar("Communes", done, 1000)
    lines = log.getvalue().splitlines()
    assert lines[0] == "Communes : 0% (0/1000)" and lines[-1] == "Communes : 100% (1000/1000)"
    assert len(lines) == 11  # one line per 10 %

    silent = io.StringIO()
    ProgressBar(silent, enabled=False)("Communes", 5, 10)
    assert silent.getvalue() == ""


def test_demo_files_are_the_decoupage_format():
    assert (DEMO / "communes.csv").read_text(encoding="utf-8").startswith(HEADER.strip())
    assert normalize("Saint-Étienne") == "st etienne"
