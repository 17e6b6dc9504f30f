"""Issue #10, hole 6: a file replaced in a draft is erased; a file of a submitted version stays with that version
and is served only through it."""

import pytest
from django.core.files.storage import default_storage
from django.urls import reverse

from relais.procedures import services
from relais.procedures.models import Attachment, DossierState
from relais.procedures.states import transition
from tests.documents import images
from tests.documents.factories import add_document
from tests.factories import verified_login
from tests.procedures.factories import agent_of
from tests.procedures.test_services import fill

pytestmark = pytest.mark.django_db


def _upload(dossier, user, name="nouvelle.jpg"):
    dossier.refresh_from_db()
    return services.dossier_save_page(
        dossier=dossier,
        actor=user,
        page=2,
        values={},
        revision=dossier.revision,
        uploads={"piece": [(name, images.jpeg(300, 200))]},
    ).dossier


def _file_url(attachment, version=None):
    url = reverse("procedures:attachment", args=[attachment.pk])
    return f"{url}?version={version}" if version else url


def test_a_file_replaced_in_a_draft_is_erased(client, procedure, owner, django_capture_on_commit_callbacks):
    dossier = fill(services.dossier_start(actor=owner.user, procedure=procedure), owner.user)
    old = Attachment.objects.get(dossier=dossier)
    assert default_storage.exists(old.file.name)
    with django_capture_on_commit_callbacks(execute=True):
        dossier = _upload(dossier, owner.user)
    new = Attachment.objects.get(dossier=dossier)
    assert dossier.data["piece"] == [new.pk] and new.pk != old.pk
    assert not Attachment.objects.filter(pk=old.pk).exists() and not default_storage.exists(old.file.name)
    client.force_login(owner.user)
    assert client.get(_file_url(old)).status_code == 404
    assert client.get(_file_url(new)).status_code == 200
    # a document of the safe replacing the upload: the same
    document = add_document(owner)
    with django_capture_on_commit_callbacks(execute=True):
        services.attachment_from_document(
            dossier=dossier, actor=owner.user, field_key="piece", document_id=document.pk, revision=dossier.revision
        )
    assert list(Attachment.objects.filter(dossier=dossier).values_list("source_document_id", flat=True)) == [
        document.pk
    ]
    assert not default_storage.exists(new.file.name)


def test_a_file_of_a_submitted_version_stays_with_it_and_is_served_only_through_it(
    client, procedure, owner, django_capture_on_commit_callbacks
):
    agent = agent_of(procedure.organisation)
    dossier = fill(services.dossier_start(actor=owner.user, procedure=procedure), owner.user)
    dossier = services.dossier_submit(dossier=dossier, actor=owner.user)
    sent = Attachment.objects.get(dossier=dossier)
    dossier = transition(dossier, to=DossierState.IN_REVIEW, actor=agent)
    dossier = transition(dossier, to=DossierState.CORRECTION_REQUESTED, actor=agent, reason="Photo floue.")
    with django_capture_on_commit_callbacks(execute=True):
        dossier = _upload(dossier, owner.user)
    correction = Attachment.objects.get(dossier=dossier, pk__in=dossier.data["piece"])
    assert Attachment.objects.filter(pk=sent.pk).exists() and default_storage.exists(sent.file.name)
    # not the current file any more, for the person and for the agent
    client.force_login(owner.user)
    assert client.get(_file_url(sent)).status_code == 404
    assert client.get(_file_url(correction)).status_code == 200
    assert client.get(_file_url(correction, version=1)).status_code == 404  # not in version 1
    client.logout()
    verified_login(client, agent)
    assert client.get(_file_url(sent)).status_code == 404
    assert client.get(_file_url(sent, version=1)).status_code == 200
    assert client.get(_file_url(sent, version=1) + "&apercu=1").status_code == 200
    page = client.get(reverse("procedures:backoffice_dossier", args=[dossier.pk])).content.decode()
    assert f'href="{_file_url(sent, version=1)}"' in page
    # a second replacement in the correction: the first correction file (in no version) is erased
    with django_capture_on_commit_callbacks(execute=True):
        dossier = _upload(dossier, owner.user, name="encore.jpg")
    assert not Attachment.objects.filter(pk=correction.pk).exists()
    assert Attachment.objects.filter(pk=sent.pk).exists()
    dossier = services.dossier_submit(dossier=dossier, actor=owner.user)
    latest = Attachment.objects.get(pk=dossier.data["piece"][0])
    page = client.get(reverse("procedures:backoffice_dossier", args=[dossier.pk])).content.decode()
    assert f'href="{_file_url(latest, version=2)}"' in page
    assert client.get(_file_url(latest, version=2)).status_code == 200
    assert client.get(_file_url(sent, version=1)).status_code == 200


def test_a_file_removed_from_a_draft_is_erased(client, procedure, owner, django_capture_on_commit_callbacks):
    dossier = fill(services.dossier_start(actor=owner.user, procedure=procedure), owner.user)
    old = Attachment.objects.get(dossier=dossier)
    name = old.file.name
    dossier.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        services.attachment_remove(attachment=old, actor=owner.user, revision=dossier.revision)
    assert not Attachment.objects.filter(pk=old.pk).exists() and not default_storage.exists(name)
