"""Entry points: the person file and a dossier page (the helper acting for the person) link to a new
escalation; the dossier's procedure is recorded for the statistics per procedure."""

import pytest
from django.urls import reverse
from django.utils import timezone

from relais.escalations.models import Escalation
from relais.procedures.models import Dossier, Procedure, ProcedureVersion
from tests.escalations.factories import world
from tests.factories import verified_login

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _no_axes(settings):
    settings.AXES_ENABLED = False


def _dossier(w):
    procedure = Procedure.objects.create(
        organisation=w["team"].organisation, slug="aide-logement", title="Aide au logement", category="logement"
    )
    version = ProcedureVersion.objects.create(procedure=procedure, number=1, fields=[], published_at=timezone.now())
    procedure.current_version = version
    procedure.save()
    return Dossier.objects.create(procedure=procedure, version=version, person=w["camille"], state="submitted")


def test_the_person_file_links_to_a_new_escalation(client):
    w = world()
    verified_login(client, w["helper"])
    html = client.get(reverse("persons:file", args=[w["camille"].pk])).content.decode()
    assert reverse("escalations:new", args=[w["camille"].pk]) in html


def test_a_dossier_page_links_to_an_escalation_about_it(client):
    w = world()
    dossier = _dossier(w)
    verified_login(client, w["helper"])
    session = client.session
    session["mandates_acting"] = {
        "person_id": w["camille"].pk,
        "mandate_id": w["mandate"].pk,
        "category": "logement",
        "organisation_id": w["fs"].pk,
    }
    session.save()
    html = client.get(reverse("procedures:dossier", args=[dossier.pk])).content.decode()
    link = reverse("escalations:new", args=[w["camille"].pk]) + f"?dossier={dossier.pk}"
    assert link in html
    response = client.post(
        link,
        {
            "categorie": "logement",
            "dossier": dossier.pk,
            "team": w["team"].pk,
            "cause": "no_answer",
            "subject": "Pas de réponse",
            "description": "Dossier déposé il y a trois mois.",
        },
    )
    assert response.status_code == 302
    escalation = Escalation.objects.get()
    assert escalation.dossier_id == dossier.pk and escalation.procedure_label == "Aide au logement"
