"""Erasure with the account, and retention limits applied by `manage.py retention_purge`."""

import datetime as dt
import io

import pytest
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.utils import timezone

from relais.accounts.services import account_delete
from relais.documents.models import Document
from relais.mandates.models import MandateState
from relais.notifications.models import Notification
from relais.notifications.services import notify
from relais.procedures.models import Dossier, DossierState, PersonProfile
from relais.procedures.services import dossier_start
from relais.rights.models import RightsProfile
from tests.documents.factories import add_document
from tests.factories import PersonFactory
from tests.mandates.factories import make_active_mandate
from tests.procedures.factories import make_procedure

pytestmark = pytest.mark.django_db(transaction=True)


def test_deleting_the_account_erases_what_the_person_owns(person):
    document = add_document(person)
    stored = document.file.name
    procedure = make_procedure()
    draft = dossier_start(actor=person.user, procedure=procedure)
    submitted = dossier_start(actor=person.user, procedure=make_procedure(slug="autre", title="Autre"))
    Dossier.objects.filter(pk=submitted.pk).update(state=DossierState.SUBMITTED)
    PersonProfile.objects.create(person=person, data={"identity.first_name": "Alex"})
    RightsProfile.objects.create(person=person, answers={"adults": 1})
    mandate = make_active_mandate(person=person)
    notify(event="test", key="erase-me", person=person, subject="Votre dossier", body="Texte personnel")

    account_delete(user=person.user)

    document.refresh_from_db()
    assert document.deleted_at and not document.file and not document.title
    assert not default_storage.exists(stored)
    assert not Dossier.objects.filter(pk=draft.pk).exists()  # drafts go with the account
    assert Dossier.objects.filter(pk=submitted.pk).exists()  # the processing organisation's record stays
    assert not PersonProfile.objects.filter(person=person).exists()
    assert not RightsProfile.objects.filter(person=person).exists()
    mandate.refresh_from_db()
    assert mandate.state == MandateState.REVOKED
    # Deleted with the account (user link) or blanked (person link): no text remains either way.
    assert not Notification.objects.filter(key="erase-me").exclude(body="", subject="").exists()


def test_retention_purge_applies_the_published_limits(settings):
    person = PersonFactory()
    procedure = make_procedure()
    old_draft = dossier_start(actor=person.user, procedure=procedure)
    recent_draft = dossier_start(actor=person.user, procedure=procedure)
    old_closed = dossier_start(actor=person.user, procedure=procedure)
    long_ago = timezone.now() - dt.timedelta(days=settings.DOSSIER_DRAFT_RETENTION_DAYS + 1)
    Dossier.objects.filter(pk=old_draft.pk).update(updated_at=long_ago)
    Dossier.objects.filter(pk=old_closed.pk).update(
        state=DossierState.ACCEPTED,
        state_changed_at=timezone.now() - dt.timedelta(days=settings.DOSSIER_CLOSED_RETENTION_DAYS + 1),
    )
    today = timezone.localdate()
    expired = add_document(person, expires_on=today - dt.timedelta(days=settings.DOCUMENTS_KEEP_AFTER_EXPIRY_DAYS + 1))
    valid = add_document(person, title="Carte d'identité", expires_on=today + dt.timedelta(days=100))

    call_command("retention_purge")

    assert not Dossier.objects.filter(pk__in=[old_draft.pk, old_closed.pk]).exists()
    assert Dossier.objects.filter(pk=recent_draft.pk).exists()
    expired.refresh_from_db()
    valid.refresh_from_db()
    assert expired.deleted_at and not expired.file
    assert valid.deleted_at is None and valid.file
    assert Document.objects.filter(person=person, deleted_at__isnull=True).count() == 1


def test_retention_purge_reports_every_registered_purge_in_a_stable_order():
    out = io.StringIO()
    call_command("retention_purge", stdout=out)
    assert out.getvalue().strip() == (
        "Brouillons supprimés : 0 ; dossiers clos supprimés : 0 ; documents expirés effacés : 0 ; "
        "notes privées effacées : 0 ; réponses au simulateur de droits effacées : 0 ; "
        "suivis de droits non réclamés supprimés : 0 ; "
        "feuilles d'accord de suivi effacées : 0 ; saisines clôturées anonymisées : 0 ; "
        "documents joints aux orientations effacés : 0 ; orientations anonymisées : 0 ; "
        "rendez-vous effacés (plus de 2 ans) : 0 ; "
        "demandes d'identification effacées (plus de 10 minutes) : 0 ; "
        "preuves d'identité effacées (plus de 5 ans) : 0 ; "
        "demandes pour rejoindre une structure effacées (plus de 90 jours) : 0 ; "
        "textes d'avis effacés (plus de 2 ans) : 0 ; pièces jointes de signalements effacées (plus d'un an) : 0 ; "
        "signalements effacés (plus de 3 ans) : 0 ; calculs inachevés de l'observatoire effacés : 0 ; "
        "messages de plus d'un an effacés : 0 ; "
        "compteurs de limite d'appels effacés : 0."
    )
