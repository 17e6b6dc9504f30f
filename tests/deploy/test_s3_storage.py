"""The whole file flow against a real S3 API (moto's server on loopback): a person uploads a
photo into the safe (fitted to size), attaches it to a dossier, the agent downloads it, the
retention purge erases it; the objects appear in and disappear from the bucket."""

import datetime as dt
import io

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from PIL import Image
from storages.backends.s3 import S3Storage

from config.settings import S3_BACKEND, default_storage_from_env
from relais.documents.models import Document, PendingUpload
from relais.procedures import services
from relais.procedures.models import Attachment, Dossier, DossierState
from tests.documents import images
from tests.factories import verified_login
from tests.procedures.factories import agent_of
from tests.procedures.test_services import PAGE0, PAGE1

pytestmark = pytest.mark.django_db


def test_environment_selects_a_private_s3_backend():
    storage = default_storage_from_env(
        {
            "STORAGE_BACKEND": "s3",
            "AWS_STORAGE_BUCKET_NAME": "relais-prod",
            "AWS_S3_REGION_NAME": "fr-par",
            "AWS_S3_ENDPOINT_URL": "https://s3.fr-par.scw.cloud",
        }
    )
    assert storage["BACKEND"] == S3_BACKEND
    options = storage["OPTIONS"]
    assert options["bucket_name"] == "relais-prod" and options["endpoint_url"] == "https://s3.fr-par.scw.cloud"
    assert options["default_acl"] == "private" and options["file_overwrite"] is False
    assert options["querystring_auth"] is True  # no unsigned public address, should a URL ever be built
    assert default_storage_from_env({})["BACKEND"] == "django.core.files.storage.FileSystemStorage"


def test_s3_without_a_bucket_refuses_to_start():
    from django.core.exceptions import ImproperlyConfigured

    with pytest.raises(ImproperlyConfigured, match="AWS_STORAGE_BUCKET_NAME"):
        default_storage_from_env({"STORAGE_BACKEND": "s3"})


def test_objects_are_private_and_never_overwritten(s3_bucket, s3_server):
    first = default_storage.save("coffre/same-name.jpg", io.BytesIO(b"one"))
    second = default_storage.save("coffre/same-name.jpg", io.BytesIO(b"two"))
    assert first != second and s3_server.keys(s3_bucket) == sorted([first, second])
    grants = s3_server.client().get_object_acl(Bucket=s3_bucket, Key=first)["Grants"]
    assert [g["Grantee"].get("URI") for g in grants if g["Grantee"].get("URI")] == []  # no AllUsers grant


def _keys(s3_server, bucket, prefix):
    return [key for key in s3_server.keys(bucket) if key.startswith(prefix)]


def test_whole_file_flow_on_s3(client, s3_bucket, s3_server, procedure, owner, django_capture_on_commit_callbacks):
    assert isinstance(Document._meta.get_field("file").storage, S3Storage)  # every FileField follows STORAGES
    client.force_login(owner.user)
    # 1. A big phone photo into the safe: fitted, kept aside (step one), then kept in the safe.
    photo = SimpleUploadedFile("IMG_2040.jpg", images.jpeg(3000, 2250, quality=95), content_type="image/jpeg")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("documents:upload"), {"files": [photo]})
    pending = PendingUpload.objects.get()
    assert response["Location"] == reverse("documents:pending", args=[pending.pk])
    assert _keys(s3_server, s3_bucket, "coffre-attente/") == [pending.file.name]
    assert client.get(reverse("documents:pending_preview", args=[pending.pk])).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("documents:pending", args=[pending.pk]),
            {"doc_type": "identity", "title": "Carte d'identité", "expires_on": "2020-01-31"},
        )
    assert response.status_code == 302
    document = Document.objects.get(person=owner)
    assert _keys(s3_server, s3_bucket, "coffre-attente/") == []  # step-one copy gone
    assert _keys(s3_server, s3_bucket, "coffre/") == [document.file.name]
    assert _keys(s3_server, s3_bucket, "coffre-apercus/") == [document.preview.name]
    stored = s3_server.read(s3_bucket, document.file.name)
    assert stored[:3] == b"\xff\xd8\xff" and len(stored) == document.size <= len(photo.file.getvalue())
    download = client.get(reverse("documents:download", args=[document.pk]))
    assert download.status_code == 200 and b"".join(download) == stored

    # 2. Attached to a dossier from the safe: a fitted copy for the dossier, in the bucket too.
    client.post(reverse("procedures:start", args=[procedure.slug]))
    dossier = Dossier.objects.get(person=owner)
    dossier = services.dossier_save_page(
        dossier=dossier, actor=owner.user, page=0, values=PAGE0, revision=dossier.revision
    ).dossier
    dossier = services.dossier_save_page(
        dossier=dossier, actor=owner.user, page=1, values=PAGE1, revision=dossier.revision
    ).dossier
    response = client.post(
        reverse("procedures:attach_document", args=[dossier.pk]),
        {"field": "piece", "document_piece": document.pk, "revision": dossier.revision},
    )
    assert response.status_code == 302
    attachment = Attachment.objects.get(dossier=dossier)
    assert attachment.source_document_id == document.pk
    assert _keys(s3_server, s3_bucket, "procedures/") == [attachment.file.name]
    in_bucket = s3_server.read(s3_bucket, attachment.file.name)
    assert len(in_bucket) == attachment.size <= 1_000_000 < document.size  # fitted to the field's limit
    with Image.open(io.BytesIO(in_bucket)) as fitted:
        assert fitted.format == "JPEG" and max(fitted.size) >= 1600
    dossier.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("procedures:dossier_review", args=[dossier.pk]), {"revision": dossier.revision})
    assert response["Location"] == reverse("procedures:dossier", args=[dossier.pk])

    # 3. The agent downloads the very bytes that are in the bucket.
    agent = agent_of(procedure.organisation)
    verified_login(client, agent)
    response = client.get(reverse("procedures:attachment", args=[attachment.pk]))
    assert response.status_code == 200
    assert b"".join(response) == s3_server.read(s3_bucket, attachment.file.name)
    assert response["Content-Type"] == "image/jpeg"

    # 4. Retention: the closed dossier and the long-expired document are erased, objects included.
    Dossier.objects.filter(pk=dossier.pk).update(
        state=DossierState.CLOSED, state_changed_at=timezone.now() - dt.timedelta(days=6 * 365)
    )
    Document.objects.filter(pk=document.pk).update(expires_on=timezone.localdate() - dt.timedelta(days=3 * 365))
    with django_capture_on_commit_callbacks(execute=True):
        call_command("retention_purge", stdout=io.StringIO())
    assert not Attachment.objects.filter(pk=attachment.pk).exists()
    document.refresh_from_db()
    assert document.deleted_at is not None and not document.file
    assert s3_server.keys(s3_bucket) == []
