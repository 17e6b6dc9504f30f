"""The document safe: services, policy and the journal of professional access."""

import datetime as dt

import pytest
from django.core.files.storage import default_storage

from relais import policy
from relais.documents import selectors, services
from relais.documents.models import DocType, Document, PendingUpload
from relais.documents.processing import UploadRefused
from relais.journal.models import Entry
from relais.journal.selectors import journal_verify
from tests.documents import images
from tests.documents.factories import add_document
from tests.factories import OrganisationFactory, PersonFactory

pytestmark = pytest.mark.django_db


def test_person_adds_a_document_fitted_and_stored_under_a_random_name(person):
    data = images.jpeg(2400, 1800, quality=95, exif=images.gps_exif())
    document = services.document_add(
        person=person,
        actor=person.user,
        files=[data],
        doc_type=DocType.IDENTITY,
        title="Carte d'identité",
        expires_on=dt.date(2030, 1, 1),
        max_bytes=300_000,
    )
    assert document.size <= 300_000 and document.content_type == "image/jpeg"
    assert document.file.name.startswith("coffre/") and "identit" not in document.file.name
    assert document.preview
    stored = default_storage.open(document.file.name).read()
    assert len(stored) == document.size and b"GPS" not in stored
    assert list(selectors.documents_of(person)) == [document]
    assert Entry.objects.filter(action="document.added", person_id=person.pk).count() == 1


def test_several_pages_become_one_pdf(person):
    document = services.document_add(
        person=person,
        actor=person.user,
        files=[images.jpeg(600, 800), images.jpeg(600, 800, seed=2)],
        doc_type=DocType.PAYSLIP,
        title="Bulletins",
    )
    assert document.content_type == "application/pdf" and document.pages == 2


def test_bad_file_refused_and_nothing_saved(person):
    add_document(person)
    with pytest.raises(UploadRefused):
        services.document_add(person=person, actor=person.user, files=[b""], doc_type="other", title="x")
    assert selectors.documents_of(person).count() == 1


def test_someone_else_cannot_add_or_open(person):
    stranger = PersonFactory()
    document = add_document(person)
    with pytest.raises(policy.Refused):
        services.document_add(
            person=person, actor=stranger.user, files=[images.jpeg(100, 100)], doc_type="other", title="x"
        )
    with pytest.raises(policy.Refused):
        services.document_open(document=document, actor=stranger.user)
    assert not policy.allows(None, "document.view", document)


def test_owner_opening_is_not_journaled(person):
    document = add_document(person)
    assert services.document_open(document=document, actor=person.user)[:3] == b"\xff\xd8\xff"
    assert not Entry.objects.filter(action="document.opened").exists()


def test_professional_needs_on_behalf_of_and_a_mandate(person, helper_user, grant_mandate):
    document = add_document(person, doc_type=DocType.TAX_NOTICE)
    helper_user.active_membership = helper_user.memberships.first()
    # No mandate: refused even with on_behalf_of.
    with pytest.raises(policy.Refused):
        services.document_open(document=document, actor=helper_user, on_behalf_of=person)
    grant_mandate(helper_user, person, categories=("argent",))
    # A mandate but no on_behalf_of: refused (a professional always says for whom they act).
    with pytest.raises(policy.Refused):
        services.document_open(document=document, actor=helper_user)
    data = services.document_open(document=document, actor=helper_user, on_behalf_of=person, mandate=42)
    assert data[:3] == b"\xff\xd8\xff"
    entry = Entry.objects.get(action="document.opened")
    assert (entry.actor_id, entry.person_id, entry.on_behalf_of_id, entry.mandate_id) == (
        helper_user.pk,
        person.pk,
        person.pk,
        42,
    )
    assert entry.organisation_id == helper_user.active_membership.organisation_id
    assert entry.details["title"] == document.title
    assert journal_verify().ok
    # The mandate's categories matter: an identity paper needs "papiers".
    identity = add_document(person, doc_type=DocType.IDENTITY, title="CNI")
    assert not policy.allows(helper_user, "document.view", identity, on_behalf_of=person)
    # And a helper may never delete for the person.
    with pytest.raises(policy.Refused):
        services.document_delete(document=document, actor=helper_user, on_behalf_of=person)


def test_helper_adds_for_the_person_and_it_is_journaled(person, helper_user, grant_mandate):
    helper_user.active_membership = helper_user.memberships.first()
    grant_mandate(helper_user, person)
    document = services.document_add(
        person=person,
        actor=helper_user,
        on_behalf_of=person,
        files=[images.jpeg(300, 200)],
        doc_type="payslip",
        title="Bulletin",
    )
    assert document.uploaded_by == helper_user and document.on_behalf_of == person
    log = list(selectors.document_access_log(person))
    assert [e.action for e in log] == ["document.added"]


def test_agent_of_an_attached_dossier_may_view(person, agent_user, grant_dossier_view):
    document = add_document(person)
    dossier = OrganisationFactory()  # any model instance stands for the procedures' dossier here
    assert not policy.allows(agent_user, "document.view", document)
    services.document_attach(document=document, actor=person.user, target=dossier)
    assert list(selectors.documents_used_by(dossier)) == [document]
    assert not policy.allows(agent_user, "document.view", document)
    grant_dossier_view(agent_user, dossier)
    assert policy.allows(agent_user, "document.view", document)
    services.document_open(document=document, actor=agent_user, purpose="instruction")
    assert Entry.objects.filter(action="document.opened", actor_id=agent_user.pk, person_id=person.pk).exists()
    # The agent may not attach it elsewhere, edit or delete it.
    assert not policy.allows(agent_user, "document.attach", document)
    assert not policy.allows(agent_user, "document.delete", document)


def test_delete_removes_the_file_and_journals(person, django_capture_on_commit_callbacks):
    document = add_document(person)
    name = document.file.name
    with django_capture_on_commit_callbacks(execute=True):
        services.document_delete(document=document, actor=person.user)
    document.refresh_from_db()
    assert document.deleted_at and not document.file
    assert not default_storage.exists(name)
    assert selectors.documents_of(person).count() == 0
    assert not policy.allows(person.user, "document.view", document)
    assert Entry.objects.filter(action="document.deleted", person_id=person.pk).exists()


def test_access_log_shows_only_others_by_default(person, helper_user, grant_mandate):
    document = add_document(person)
    services.document_open(document=document, actor=person.user)
    assert list(selectors.document_access_log(person)) == []
    grant_mandate(helper_user, person)
    services.document_open(document=document, actor=helper_user, on_behalf_of=person)
    assert [e.action for e in selectors.document_access_log(person)] == ["document.opened"]
    assert len(selectors.document_access_log(person, include_own=True)) == 2


def test_two_step_upload(person, django_capture_on_commit_callbacks):
    pending = services.pending_create(person=person, actor=person.user, files=[images.heic(640, 480)])
    assert pending.content_type == "image/jpeg" and pending.preview
    stranger = PersonFactory()
    with pytest.raises(policy.Refused):
        services.pending_confirm(pending=pending, actor=stranger.user, doc_type="other", title="x")
    with django_capture_on_commit_callbacks(execute=True):
        document = services.pending_confirm(pending=pending, actor=person.user, doc_type="address", title="Facture EDF")
    assert document.sha256 == pending.sha256 and document.size == pending.size
    assert not PendingUpload.objects.exists()
    assert not default_storage.exists(pending.file.name)


def test_pending_purge(person):
    pending = services.pending_create(person=person, actor=person.user, files=[images.jpeg(200, 100)])
    assert services.pending_purge() == 0
    PendingUpload.objects.filter(pk=pending.pk).update(created_at=pending.created_at - dt.timedelta(days=2))
    assert services.pending_purge() == 1


def test_expiry_state():
    today = dt.date(2026, 6, 1)
    assert Document(expires_on=dt.date(2026, 5, 31)).expiry_state(today) == "expired"
    assert Document(expires_on=dt.date(2026, 6, 20)).expiry_state(today) == "soon"
    assert Document(expires_on=dt.date(2027, 1, 1)).expiry_state(today) == ""
    assert Document().expiry_state(today) == ""


def test_purge_task(person):
    from relais.documents.tasks import purge_pending

    pending = services.pending_create(person=person, actor=person.user, files=[images.jpeg(200, 100)])
    PendingUpload.objects.filter(pk=pending.pk).update(created_at=pending.created_at - dt.timedelta(days=2))
    assert purge_pending.call() == 1
    assert not PendingUpload.objects.exists()


def test_demo_is_idempotent(person):
    import io

    from relais.documents import demo

    ctx = {"users": {demo.DEMO_PERSON_EMAIL: person.user}}
    demo.load(ctx, io.StringIO())
    demo.load(ctx, io.StringIO())
    assert selectors.documents_of(person).count() == 3
