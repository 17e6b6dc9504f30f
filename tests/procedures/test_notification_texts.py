"""Issue 20, item 7: the correction SMS says what to correct; the email gives its link once."""

import pytest
from django.core import mail

from relais.notifications.models import Notification
from relais.procedures import services
from relais.procedures.models import DossierState
from relais.procedures.states import SMS_LENGTH
from tests.procedures.factories import agent_of
from tests.procedures.test_services import submitted

pytestmark = pytest.mark.django_db(transaction=True)

LONG_REASON = (
    "La photo de votre avis d'imposition est floue : on ne lit pas le revenu fiscal de référence. "
    "Reprenez-la à la lumière du jour, bien à plat, toute la page visible, puis renvoyez le dossier. "
) * 3


def _correction(procedure, owner, reason):
    agent = agent_of(procedure.organisation)
    dossier = submitted(procedure, owner)
    services.dossier_decide(dossier=dossier, actor=agent, to=DossierState.IN_REVIEW, reason="")
    services.dossier_decide(dossier=dossier, actor=agent, to=DossierState.CORRECTION_REQUESTED, reason=reason)
    return Notification.objects.filter(event="dossier_correction_requested").get()


def test_the_correction_sms_gives_the_reason_shortened_to_fit(procedure, owner):
    notification = _correction(procedure, owner, LONG_REASON)
    sms = notification.sms_body
    assert "À corriger : La photo de votre avis d'imposition est floue" in sms
    assert sms.endswith(notification.link) and "…" in sms
    assert len(sms) <= SMS_LENGTH


def test_a_short_reason_is_given_whole(procedure, owner):
    sms = _correction(procedure, owner, "Photo floue").sms_body
    assert "À corriger : Photo floue. Détails" in sms


def test_the_email_gives_the_link_once(procedure, owner):
    notification = _correction(procedure, owner, "Photo floue.")
    [message] = [m for m in mail.outbox if "Correction demandée" in m.subject]
    assert message.body.count(notification.link) == 1
