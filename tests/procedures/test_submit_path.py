"""The submit request does no needless work: the locked read is the row alone (the related rows the
view loaded are reused), a draft has no version to look up, the person and their account are not
read again, and the notification is inserted without a read first."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from relais.notifications.models import Delivery, Notification
from relais.notifications.services import notify
from relais.procedures import services
from relais.procedures.models import DossierState
from tests.procedures.test_services import fill

pytestmark = pytest.mark.django_db


def test_submit_request_reads_each_row_once(client, procedure, owner, django_capture_on_commit_callbacks):
    dossier = fill(services.dossier_start(actor=owner.user, procedure=procedure), owner.user)
    dossier.refresh_from_db()
    client.force_login(owner.user)
    url = reverse("procedures:dossier_review", args=[dossier.pk])
    with CaptureQueriesContext(connection) as captured, django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"revision": dossier.revision})
    assert response.status_code == 302 and response["Location"] == reverse("procedures:dossier", args=[dossier.pk])
    dossier.refresh_from_db()
    assert dossier.state == DossierState.SUBMITTED
    selects = [q["sql"] for q in captured.captured_queries if q["sql"].lstrip().upper().startswith("SELECT")]
    locked = [sql for sql in selects if "FOR UPDATE" in sql and 'FROM "procedures_dossier"' in sql]
    if connection.vendor == "postgresql":  # SQLite has no FOR UPDATE: the transaction is the lock
        assert len(locked) == 1 and "JOIN" not in locked[0].upper()
    dossier_reads = [sql for sql in selects if 'FROM "procedures_dossier"' in sql]
    assert len(dossier_reads) == 2  # the view's read (with its related rows) and the locked one
    assert not [sql for sql in selects if 'FROM "accounts_person"' in sql]  # came with the dossier
    assert not [sql for sql in selects if 'FROM "procedures_dossierversion"' in sql]  # a draft has none
    assert not [sql for sql in selects if 'FROM "notifications_notification"' in sql]  # inserted directly
    assert Notification.objects.filter(person=owner, event="dossier_submitted").count() == 1


def test_a_second_notification_with_the_same_key_sends_nothing_new(owner):
    first = notify(event="e", key="k-1", person=owner, subject="s", body="b")
    again = notify(event="e", key="k-1", person=owner, subject="s", body="b")
    assert again.pk == first.pk
    assert Delivery.objects.filter(notification=first).count() == 1


def test_the_notification_is_written_with_the_move_and_sent_after_commit(
    procedure, owner, django_capture_on_commit_callbacks
):
    """One transaction for the move and its notification (no second commit after it); the delivery
    is enqueued only when that transaction commits."""
    dossier = fill(services.dossier_start(actor=owner.user, procedure=procedure), owner.user)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.dossier_submit(dossier=dossier, actor=owner.user)
        notification = Notification.objects.get(person=owner, event="dossier_submitted")  # before the commit
    assert Delivery.objects.filter(notification=notification, status="pending").count() == 1
    assert len(callbacks) == 1  # the delivery's enqueue, nothing else left for after the commit
