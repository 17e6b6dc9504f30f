"""The screens, driven with the test client as a browser without JavaScript would."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from relais.journal.models import Entry
from relais.procedures import services
from relais.procedures.models import Attachment, Dossier, DossierState, GlossaryTerm
from tests.documents import images
from tests.factories import verified_login
from tests.procedures.factories import agent_of, make_procedure

pytestmark = pytest.mark.django_db


def page_url(dossier, page):
    return reverse("procedures:dossier_page", args=[dossier.pk, page])


def post_page(client, dossier, page, data, files=None, action="next"):
    dossier.refresh_from_db()
    payload = {"revision": dossier.revision, "action": action, **data}
    if files:
        payload.update(files)
    return client.post(page_url(dossier, page), payload)


def started(client, procedure, owner):
    client.force_login(owner.user)
    response = client.post(reverse("procedures:start", args=[procedure.slug]))
    dossier = Dossier.objects.get(person=owner)
    assert response["Location"] == page_url(dossier, 0)
    return dossier


def test_catalogue_detail_and_human_help(client, procedure):
    GlossaryTerm.objects.create(
        slug="quotient-familial", term="Quotient familial", definition="Un nombre calculé par la CAF."
    )
    html = client.get(reverse("procedures:catalogue")).content.decode()
    assert procedure.title in html and "Être aidé par une personne" in html
    html = client.get(procedure.get_absolute_url()).content.decode()
    assert "CCAS de Test" in html and "04 00 00 00 00" in html
    assert "Quotient familial" in client.get(reverse("procedures:glossary")).content.decode()


def test_fill_page_by_page_with_repeated_block_condition_and_file(
    client, procedure, owner, django_capture_on_commit_callbacks
):
    GlossaryTerm.objects.create(
        slug="quotient-familial", term="Quotient familial", definition="Un nombre calculé par la CAF."
    )
    dossier = started(client, procedure, owner)
    html = client.get(page_url(dossier, 0)).content.decode()
    assert "Étape 1 sur 3" in html and "Que veut dire « Quotient familial » ?" in html
    assert "Déjà rempli avec les informations de votre profil" in html  # prenom from the Person record
    assert "Être aidé par une personne" in html and "CCAS de Test" in html
    response = post_page(
        client, dossier, 0, {"prenom": "Camille", "telephone": "06 12 34 56 78", "revenus": "1 234,50"}
    )
    assert response.status_code == 302 and response["Location"] == page_url(dossier, 1)
    dossier.refresh_from_db()
    assert dossier.data["telephone"] == "+33612345678" and dossier.data["revenus"] == "1234.50"
    # Repeated block: add a child without JavaScript, then the conditional questions are required.
    post_page(client, dossier, 1, {"a_enfants": "yes", "enfants__count": "0"}, action="add:enfants")
    dossier.refresh_from_db()
    assert dossier.data["enfants"] == [{}]
    html = client.get(page_url(dossier, 1)).content.decode()
    assert "Enfant 1" in html and "À remplir seulement si vous avez répondu « Oui »" in html
    response = post_page(
        client, dossier, 1, {"a_enfants": "yes", "enfants__count": "1", "enfants__0__prenom_enfant": ""}
    )
    assert response.status_code == 200
    assert "Cette réponse est à remplir." in response.content.decode()
    response = post_page(
        client,
        dossier,
        1,
        {
            "a_enfants": "yes",
            "enfants__count": "1",
            "enfants__0__prenom_enfant": "Léa",
            "enfants__0__age": "4",
            "garde": "Crèche",
        },
    )
    assert response["Location"] == page_url(dossier, 2)
    # File page: a required file is asked for, a HEIC photo is accepted and fitted.
    response = post_page(client, dossier, 2, {})
    assert "Ajoutez ce document" in response.content.decode()
    heic = SimpleUploadedFile("IMG_0001.HEIC", images.heic(640, 480), content_type="image/heic")
    response = post_page(client, dossier, 2, {}, files={"piece": heic}, action="upload")
    assert response.status_code == 302
    attachment = Attachment.objects.get(dossier=dossier)
    assert attachment.content_type == "image/jpeg" and attachment.size <= 1_000_000
    html = client.get(page_url(dossier, 2)).content.decode()
    assert "IMG_0001.jpg" in html and reverse("procedures:attachment", args=[attachment.pk]) + "?apercu=1" in html
    preview = client.get(reverse("procedures:attachment", args=[attachment.pk]) + "?apercu=1")
    assert preview.status_code == 200 and preview["Content-Type"] == "image/jpeg"
    response = post_page(client, dossier, 2, {})
    assert response["Location"] == reverse("procedures:dossier_review", args=[dossier.pk])
    # Found again in "Mes démarches".
    assert (
        f"Continuer le brouillon {dossier.reference}" in client.get(reverse("procedures:my_dossiers")).content.decode()
    )
    review = client.get(reverse("procedures:dossier_review", args=[dossier.pk])).content.decode()
    assert "Léa" in review and "1234,50" in review
    dossier.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("procedures:dossier_review", args=[dossier.pk]), {"revision": dossier.revision})
    assert response["Location"] == reverse("procedures:dossier", args=[dossier.pk])
    dossier.refresh_from_db()
    assert dossier.state == DossierState.SUBMITTED and dossier.versions.count() == 1
    html = client.get(reverse("procedures:dossier", args=[dossier.pk])).content.decode()
    assert "Et maintenant ?" in html and "Corriger mon dossier" in html and "Garder ces informations" in html


def test_answering_no_hides_the_repeated_block(client, procedure, owner):
    dossier = started(client, procedure, owner)
    post_page(client, dossier, 0, {"prenom": "Camille", "telephone": "0612345678"})
    response = post_page(
        client, dossier, 1, {"a_enfants": "no", "enfants__count": "1", "enfants__0__prenom_enfant": ""}
    )
    assert response["Location"] == page_url(dossier, 2)
    dossier.refresh_from_db()
    assert dossier.data["enfants"] == [] and dossier.data.get("garde") is None


def test_stale_form_says_so_and_keeps_the_newer_answers(client, procedure, owner):
    dossier = started(client, procedure, owner)
    old_revision = dossier.revision
    post_page(client, dossier, 0, {"prenom": "Premier onglet", "telephone": "0612345678"}, action="later")
    response = client.post(
        page_url(dossier, 0),
        {"revision": old_revision, "action": "next", "prenom": "Second onglet", "telephone": "0612345678"},
    )
    html = response.content.decode()
    assert response.status_code == 200 and "a été modifié entre-temps" in html and "Second onglet" in html
    dossier.refresh_from_db()
    assert dossier.data["prenom"] == "Premier onglet"


def _bad_files():
    jpeg = images.jpeg(800, 600)
    return {
        "empty": (b"", "vide"),
        "corrupt": (b"this is not a picture at all" * 20, "pas accepté"),
        "truncated": (jpeg[: len(jpeg) // 2], "abîmé"),
        "password": (images.encrypted_pdf(), "mot de passe"),
        "bomb": (images.bomb_png(), "trop grande"),
        "too_big": (b"\xff\xd8\xff\xe0" + b"\0" * (50 * 1024 * 1024 + 10), "50 Mo"),
    }


@pytest.mark.parametrize("kind", ["empty", "corrupt", "truncated", "password", "bomb", "too_big"])
def test_bad_files_refused_in_plain_french_and_draft_survives(client, procedure, owner, kind):
    data, expected = _bad_files()[kind]
    dossier = started(client, procedure, owner)
    post_page(client, dossier, 0, {"prenom": "Camille", "telephone": "0612345678"})
    response = post_page(client, dossier, 2, {}, files={"piece": SimpleUploadedFile("scan.jpg", data)}, action="upload")
    html = response.content.decode()
    assert response.status_code == 200
    assert expected in html, html[html.find("fr-error-text") :][:400]
    assert "Vos autres réponses sont enregistrées." in html
    dossier.refresh_from_db()
    assert dossier.data["prenom"] == "Camille" and dossier.data["telephone"] == "+33612345678"
    assert not Attachment.objects.filter(dossier=dossier).exists()


def test_attach_from_safe_without_uploading_again(client, procedure, owner):
    from tests.documents.factories import add_document

    document = add_document(owner)
    dossier = started(client, procedure, owner)
    from django.utils.html import escape

    assert escape(document.title) in client.get(page_url(dossier, 2)).content.decode()
    dossier.refresh_from_db()
    response = client.post(
        reverse("procedures:attach_document", args=[dossier.pk]),
        {"field": "piece", "document_piece": document.pk, "revision": dossier.revision},
    )
    assert response.status_code == 302
    attachment = Attachment.objects.get(dossier=dossier)
    assert attachment.source_document_id == document.pk
    dossier.refresh_from_db()
    assert dossier.data["piece"] == [attachment.pk]


def _submitted_dossiers(procedure, count):
    from relais.accounts.models import Person

    people = Person.objects.bulk_create([Person(first_name=f"P{i}", last_name="Test") for i in range(count)])
    now = timezone.now()
    Dossier.objects.bulk_create(
        [
            Dossier(
                procedure=procedure,
                version=procedure.current_version,
                person=p,
                state=DossierState.SUBMITTED,
                submitted_at=now,
            )
            for p in people
        ]
    )


def test_backoffice_list_constant_queries_filters_and_export(client, procedure, django_assert_num_queries):
    agent = agent_of(procedure.organisation)
    verified_login(client, agent)
    url = reverse("procedures:backoffice_list", args=[procedure.pk])
    _submitted_dossiers(procedure, 3)
    client.get(url)  # warm caches (content types, sessions)
    with CaptureQueriesContext(connection) as small:
        assert client.get(url).status_code == 200
    _submitted_dossiers(procedure, 120)
    with django_assert_num_queries(len(small.captured_queries)):
        response = client.get(url + "?page=2")
    assert "Page 2 sur 3" in response.content.decode()
    with django_assert_num_queries(len(small.captured_queries)):
        client.get(url + "?etat=submitted&instructeur=none&depuis=2020-01-01")
    assert "0 dossier" in client.get(url + "?etat=accepted").content.decode()
    export = client.get(reverse("procedures:backoffice_export", args=[procedure.pk]))
    assert export.status_code == 200 and export.content.decode("utf-8-sig").count("\n") == 124
    assert Entry.objects.filter(action="dossier.export_csv", actor_id=agent.pk).exists()


def test_agent_reads_versions_and_diff_and_every_read_is_journaled(client, procedure, owner):
    from tests.procedures.test_services import PAGE0, fill

    agent = agent_of(procedure.organisation)
    dossier = services.dossier_start(actor=owner.user, procedure=procedure)
    dossier = fill(dossier, owner.user)
    services.dossier_submit(dossier=dossier, actor=owner.user)
    dossier.refresh_from_db()
    dossier = services.dossier_save_page(
        dossier=dossier, actor=owner.user, page=0, values={**PAGE0, "revenus": "999.00"}, revision=dossier.revision
    ).dossier
    services.dossier_submit(dossier=dossier, actor=owner.user)
    verified_login(client, agent)
    url = reverse("procedures:backoffice_dossier", args=[dossier.pk])
    html = client.get(url).content.decode()
    assert "Ce qui a changé entre la version 1 et la version 2" in html and "845,50" in html and "999,00" in html
    assert (
        Entry.objects.filter(action="dossier.read.dossier", actor_id=agent.pk, object_id=str(dossier.pk)).count() == 1
    )
    attachment = Attachment.objects.get(dossier=dossier)
    assert client.get(reverse("procedures:attachment", args=[attachment.pk])).status_code == 200
    assert Entry.objects.filter(action="dossier.read.attachment", actor_id=agent.pk).exists()
    action = reverse("procedures:backoffice_action", args=[dossier.pk])
    client.post(action, {"action": "in_review"})
    response = client.post(action, {"action": "refused", "reason": ""}, follow=True)
    assert "Indiquez le motif" in response.content.decode()
    client.post(action, {"action": "correction_requested", "reason": "Photo floue."})
    dossier.refresh_from_db()
    assert dossier.state == DossierState.CORRECTION_REQUESTED
    client.post(reverse("procedures:message_post", args=[dossier.pk]), {"body": "Merci de reprendre la photo."})
    client.force_login(owner.user)
    html = client.get(reverse("procedures:dossier", args=[dossier.pk])).content.decode()
    assert "Photo floue." in html and "Merci de reprendre la photo." in html and "Corriger mon dossier" in html


def test_builder_plain_forms_and_json_round_trip(client):
    procedure = make_procedure(published=False)
    agent = agent_of(procedure.organisation)
    verified_login(client, agent)
    builder = reverse("procedures:builder", args=[procedure.pk])
    assert client.get(builder).status_code == 200
    field_url = reverse("procedures:builder_field", args=[procedure.pk])
    response = client.post(
        field_url, {"type": "iban", "label": "Votre IBAN", "key": "iban", "required": "on", "glossary": "iban"}
    )
    assert response.status_code == 302
    response = client.post(field_url, {"type": "text", "label": "Bad", "key": "prenom"})
    assert "déjà utilisé" in response.content.decode()
    client.post(reverse("procedures:builder_action", args=[procedure.pk]), {"action": "up", "id": "iban"})
    client.post(reverse("procedures:builder_action", args=[procedure.pk]), {"action": "publish"})
    procedure.refresh_from_db()
    assert procedure.current_version.fields[-2]["key"] == "iban"
    export = client.get(reverse("procedures:builder_export", args=[procedure.current_version.pk]))
    upload = SimpleUploadedFile("export.json", export.content, content_type="application/json")
    response = client.post(reverse("procedures:builder_import"), {"file": upload})
    assert response.status_code == 302
    assert procedure.organisation.procedures.count() == 2
    bad = SimpleUploadedFile("x.json", b"{not json", content_type="application/json")
    response = client.post(reverse("procedures:builder_import"), {"file": bad}, follow=True)
    assert "pas du JSON lisible" in response.content.decode()


def test_profile_screen_prefills_next_procedure(client, procedure, owner):
    client.force_login(owner.user)
    response = client.post(
        reverse("procedures:profile"), {"contact__phone": "07 11 22 33 44", "bank__iban": "FR76 1234"}
    )
    assert "Un IBAN commence par 2 lettres" in response.content.decode()
    client.post(reverse("procedures:profile"), {"contact__phone": "07 11 22 33 44"})
    dossier = services.dossier_start(actor=owner.user, procedure=procedure)
    assert dossier.data["telephone"] == "+33711223344"


def test_staff_manage_glossary(client, staff_user):
    verified_login(client, staff_user)
    client.post(
        reverse("procedures:glossary_manage"), {"term": "Avis d'imposition", "definition": "La feuille des impôts."}
    )
    assert GlossaryTerm.objects.get(slug="avis-dimposition").term == "Avis d'imposition"


def test_demo_procedure_pages_render_and_commune_is_resolved(client, owner):
    from relais.procedures.demo import CSS_FIELDS, LOGEMENT_FIELDS
    from tests.factories import CommuneFactory

    CommuneFactory(code="69259", name="Vénissieux", postcodes="69200")
    procedure = make_procedure(fields=LOGEMENT_FIELDS, slug="logement")
    make_procedure(fields=CSS_FIELDS, slug="css", organisation=procedure.organisation)
    dossier = started(client, procedure, owner)
    for index in range(4):
        assert client.get(page_url(dossier, index)).status_code == 200
    response = post_page(client, dossier, 1, {"situation": "Je vais être expulsé", "commune": "Vénissieux"})
    assert "Cette réponse est à remplir." in response.content.decode()  # the conditional date is now required
    response = post_page(
        client,
        dossier,
        1,
        {"situation": "Je vais être expulsé", "date_expulsion": "2026-12-01", "commune": "Vénissieux"},
    )
    assert response.status_code == 302
    dossier.refresh_from_db()
    assert dossier.data["commune"]["code"] == "69259" and dossier.data["date_expulsion"] == "2026-12-01"
