"""Screens of the safe, through the Django test client (no JavaScript involved)."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from relais.documents import selectors, services
from relais.documents.models import Document, PendingUpload
from tests.documents import images
from tests.documents.factories import add_document
from tests.factories import PersonFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def person_client(client, person):
    client.force_login(person.user)
    return client


def upload(client, *files):
    return client.post(reverse("documents:upload"), {"files": list(files)})


def test_safe_page_lists_documents_and_expiry(person_client, person):
    add_document(person, title="Carte vitale")
    add_document(person, title="Titre de séjour", expires_on=dt.date.today() + dt.timedelta(days=10))
    response = person_client.get(reverse("documents:safe"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Carte vitale" in html and "Titre de séjour" in html
    assert "Bientôt plus valable" in html and "Documents à renouveler" in html
    assert 'enctype="multipart/form-data"' in html and "multiple" in html
    assert "/media" not in html  # never a public file address


def test_two_step_upload_shows_the_result_before_keeping_it(person_client, person):
    photo = SimpleUploadedFile("IMG_0001.HEIC", images.heic(640, 480), content_type="image/heic")
    response = upload(person_client, photo)
    pending = PendingUpload.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("documents:pending", args=[pending.pk])
    page = person_client.get(response["Location"]).content.decode()
    assert "Votre photo est prête" in page and "640 × 480" in page
    assert reverse("documents:pending_preview", args=[pending.pk]) in page
    preview = person_client.get(reverse("documents:pending_preview", args=[pending.pk]))
    assert preview["Content-Type"] == "image/jpeg" and preview["Cache-Control"] == "private, no-store"
    assert selectors.documents_of(person).count() == 0  # nothing kept yet
    response = person_client.post(
        reverse("documents:pending", args=[pending.pk]),
        {"doc_type": "address", "title": "Quittance de loyer", "expires_on": ""},
    )
    assert response.status_code == 302
    document = selectors.documents_of(person).get()
    assert document.title == "Quittance de loyer" and document.content_type == "image/jpeg"


def test_several_photos_become_one_pdf_on_screen(person_client):
    files = [
        SimpleUploadedFile(f"page{i}.jpg", images.jpeg(600, 800, seed=i), content_type="image/jpeg") for i in range(3)
    ]
    response = upload(person_client, *files)
    page = person_client.get(response["Location"]).content.decode()
    assert "un PDF de 3 pages" in page


def test_bad_file_gives_a_plain_message_and_keeps_the_safe(person_client, person):
    add_document(person, title="Déjà là")
    response = upload(person_client, SimpleUploadedFile("photo.jpg", b"", content_type="image/jpeg"))
    # An empty upload is dropped by Django's FileField: the person is asked to choose a file.
    assert response.status_code == 422
    truncated = images.jpeg(400, 300)
    response = upload(person_client, SimpleUploadedFile("photo.jpg", truncated[: len(truncated) // 2]))
    html = response.content.decode()
    assert response.status_code == 422
    assert "Ce fichier est abîmé ou incomplet" in html
    response = upload(person_client, SimpleUploadedFile("releve.pdf", images.encrypted_pdf()))
    assert "protégé par un mot de passe" in response.content.decode()
    assert [d.title for d in selectors.documents_of(person)] == ["Déjà là"]
    assert not PendingUpload.objects.exists()


def test_cancel_pending(person_client):
    upload(person_client, SimpleUploadedFile("a.png", images.png(200, 100)))
    pending = PendingUpload.objects.get()
    response = person_client.post(reverse("documents:pending_cancel", args=[pending.pk]))
    assert response.status_code == 302 and not PendingUpload.objects.exists()


def test_download_is_permission_checked(person_client, person, client):
    document = add_document(person)
    response = person_client.get(reverse("documents:download", args=[document.pk]))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["Cache-Control"] == "private, no-store"
    assert response.content[:3] == b"\xff\xd8\xff"
    other = PersonFactory()
    client.force_login(other.user)
    assert client.get(reverse("documents:download", args=[document.pk])).status_code == 404
    assert client.get(reverse("documents:detail", args=[document.pk])).status_code == 404


def test_edit_and_delete_with_confirmation(person_client, person):
    document = add_document(person)
    response = person_client.post(
        reverse("documents:edit", args=[document.pk]),
        {"doc_type": "tax_notice", "title": "Avis 2026", "expires_on": ""},
    )
    assert response.status_code == 302
    document.refresh_from_db()
    assert document.title == "Avis 2026"
    response = person_client.post(reverse("documents:delete", args=[document.pk]), {})
    assert response.status_code == 422 and "Cochez la case" in response.content.decode()
    response = person_client.post(reverse("documents:delete", args=[document.pk]), {"confirm": "on"})
    assert response.status_code == 302
    assert Document.objects.get(pk=document.pk).deleted_at is not None


def test_access_log_in_plain_french(person_client, person, helper_user, grant_mandate):
    document = add_document(person, title="Avis d'imposition 2025")
    helper_user.active_membership = helper_user.memberships.first()
    grant_mandate(helper_user, person)
    services.document_open(document=document, actor=helper_user, on_behalf_of=person)
    html = person_client.get(reverse("documents:access_log")).content.decode()
    organisation = helper_user.active_membership.organisation.name
    assert f"{helper_user.get_full_name()} a ouvert « Avis d&#x27;imposition 2025 »" in html
    assert organisation in html and "avec votre mandat" in html


def test_access_log_empty(person_client):
    html = person_client.get(reverse("documents:access_log")).content.decode()
    assert "Personne d'autre que vous n'a ouvert vos documents." in html


def test_pdf_without_picture_is_shown_honestly(person_client):
    response = upload(person_client, SimpleUploadedFile("avis.pdf", images.text_pdf()))
    page = person_client.get(response["Location"]).content.decode()
    assert "un PDF d&#x27;une page" in page or "un PDF d'une page" in page
    assert "Nous ne pouvons pas en montrer un aperçu ici" in page
    assert 'class="relais-preview"' not in page


def test_too_many_bytes_at_once_refused(person_client, monkeypatch):
    from relais.www.documents import views

    monkeypatch.setattr(views, "MAX_TOTAL_BYTES", 1000)
    response = upload(person_client, SimpleUploadedFile("a.jpg", images.jpeg(200, 150)))
    assert response.status_code == 422
    assert "plus de 100 Mo ensemble" in response.content.decode()
    assert not PendingUpload.objects.exists()
