"""An estimate saved to the person file, and its summary sent (relais/rights/saved_results.py)."""

import pytest

from relais.casefile.registry import Scope
from relais.notifications.models import Notification
from relais.rights import saved_results
from relais.rights.casefile_entries import benefits
from relais.rights.models import RightsProfile
from relais.rights.services import BenefitLine, Estimate
from tests.factories import PersonFactory
from tests.rights.factories import SINGLE_PARENT_ANSWERS

pytestmark = pytest.mark.django_db


def _line(key, label, amount, *, received=False, yearly=False):
    return BenefitLine(
        key=key,
        label=label,
        explanation="",
        claim_label="",
        claim_url="",
        amount=amount,
        exact_amount=float(amount),
        yearly=yearly,
        free=False,
        already_received=received,
    )


ESTIMATE = Estimate(
    period="2026-12",
    lines=[
        _line("paje", "Allocation de base de la prestation d'accueil du jeune enfant (PAJE)", 198),
        _line("aide_logement", "Aide au logement (APL, ALF ou ALS)", 400, received=True),
        _line("ars", "Allocation de rentrée scolaire (ARS)", 427, yearly=True),
    ],
    rules_date=None,
    rules_outdated=False,
)


def test_the_person_saves_the_estimate_and_sees_it_in_her_file():
    person = PersonFactory()
    saved_results.rights_result_save(
        person=person, answers=dict(SINGLE_PARENT_ANSWERS), estimate=ESTIMATE, actor=person.user
    )
    profile = RightsProfile.objects.get(person=person)
    assert [row["benefit"] for row in profile.result] == ["paje", "aide_logement", "ars"]
    assert profile.result_period == "2026-12" and profile.result_at is not None
    texts = [item.text for item in benefits(Scope.for_self(person, person.user)).items]
    assert any("PAJE" in text and "198" in text for text in texts)
    assert not any("Estimation" in text and "Aide au logement" in text for text in texts)  # received already


def test_the_summary_is_sent_to_the_person_by_her_channel(django_capture_on_commit_callbacks):
    person = PersonFactory()
    with django_capture_on_commit_callbacks(execute=True):
        saved_results.rights_summary_send(person=person, estimate=ESTIMATE, actor=person.user)
    notification = Notification.objects.get(person=person, event="rights.summary")
    assert "environ 198 € par mois" in notification.body and "environ 427 € par an" in notification.body
    assert "198 €" in notification.sms_body


def test_bad_answers_save_nothing():
    from relais.rights.household import HouseholdError

    person = PersonFactory()
    with pytest.raises(HouseholdError):
        saved_results.rights_result_save(
            person=person, answers={"adults": [{"age": 3}]}, estimate=ESTIMATE, actor=person.user
        )
    assert not RightsProfile.objects.filter(person=person).exists()


def test_saved_answers_and_estimate_end_after_two_years_without_change(settings):
    import datetime as dt

    from django.utils import timezone

    from relais.journal.models import Entry
    from relais.rights.retention import rights_profiles_purge_stale

    settings.RIGHTS_PROFILE_RETENTION_DAYS = 730
    old, recent = PersonFactory(), PersonFactory()
    RightsProfile.objects.create(person=old, answers=SINGLE_PARENT_ANSWERS)
    RightsProfile.objects.create(person=recent, answers=SINGLE_PARENT_ANSWERS)
    RightsProfile.objects.filter(person=old).update(updated_at=timezone.now() - dt.timedelta(days=731))
    RightsProfile.objects.filter(person=recent).update(updated_at=timezone.now() - dt.timedelta(days=729))

    assert rights_profiles_purge_stale() == 1
    assert list(RightsProfile.objects.values_list("person", flat=True)) == [recent.pk]
    assert Entry.objects.filter(action="retention.rights_profiles_purged").count() == 1
    assert rights_profiles_purge_stale() == 0
