"""Issue 20: what the agent reads on a dossier (no code names, files named in the diff, plurals)."""

import pytest
from django.urls import reverse

from relais.procedures import fields as F_
from relais.procedures import services
from relais.procedures.field_types import REGISTRY
from relais.procedures.models import DossierState
from tests.factories import verified_login
from tests.procedures.factories import agent_of
from tests.procedures.test_services import submitted

FILE_FIELD = {"key": "piece", "type": "file", "label": "Justificatif", "accept": ["image"], "max_bytes": 10**6}


def test_the_diff_names_the_file_that_changed():
    names = {1: "avis.pdf", 2: "bail.pdf", 3: "photo-floue.jpg", 4: "photo-nette.jpg"}
    [change] = F_.diff([FILE_FIELD], {"piece": [1, 2, 3]}, {"piece": [1, 2, 4]}, file_names=names)
    assert change["before"] == "avis.pdf, bail.pdf, photo-floue.jpg (retiré)"
    assert change["after"] == "avis.pdf, bail.pdf, photo-nette.jpg (nouveau)"
    [change] = F_.diff([FILE_FIELD], {}, {"piece": [4]}, file_names=names)
    assert (change["before"], change["after"]) == ("aucun fichier", "photo-nette.jpg (nouveau)")


@pytest.mark.parametrize(("count", "text"), [(1, "1 fichier"), (3, "3 fichiers")])
def test_file_counts_are_plural_only_when_needed(count, text):
    assert REGISTRY["file"].display(FILE_FIELD, list(range(count))) == text


@pytest.mark.django_db
def test_the_agent_sees_no_code_name_and_no_button_for_the_persons_move(client, procedure, owner):
    agent = agent_of(procedure.organisation)
    dossier = submitted(procedure, owner)
    services.dossier_decide(dossier=dossier, actor=agent, to=DossierState.IN_REVIEW, reason="")
    services.dossier_decide(dossier=dossier, actor=agent, to=DossierState.CORRECTION_REQUESTED, reason="Photo floue.")
    verified_login(client, agent)
    html = client.get(reverse("procedures:backoffice_dossier", args=[dossier.pk])).content.decode()
    assert "submit_correction" not in html
    assert 'value="submitted"' not in html  # sending the correction is the person's move


ONE_PDF_SENTENCE = "elles seront regroupées en un seul PDF"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("help_text", "times"),
    [("Prenez chaque page en photo : elles seront regroupées en un seul PDF.", 1), ("Bien à plat.", 1), ("", 1)],
)
def test_the_upload_field_says_each_thing_once(client, owner, help_text, times):
    from tests.procedures.factories import make_procedure

    field = {**FILE_FIELD, "one_pdf": True, "multiple": True, "help": help_text}
    procedure = make_procedure(fields=[field], slug="un-pdf")
    client.force_login(owner.user)
    client.post(reverse("procedures:start", args=[procedure.slug]))
    dossier = owner.dossiers.get()
    html = client.get(reverse("procedures:dossier_page", args=[dossier.pk, 0])).content.decode()
    assert html.count(ONE_PDF_SENTENCE) == times
