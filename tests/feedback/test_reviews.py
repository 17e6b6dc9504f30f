"""Reviews: JDMA answers saved with their aggregate, anonymous unless asked, spam and archived procedures refused,
personal data stripped, nothing published before moderation, erasure and export of a person's linked reviews."""

import datetime as dt

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from relais.accounts.services import person_export_data
from relais.accounts.signals import person_erased
from relais.feedback import pii
from relais.feedback.models import DailyAggregate, Kind, Review, StoryState
from relais.feedback.retention import feedback_purge
from relais.feedback.services.reviews import ReviewRefused, client_hash, review_submit, story_moderate
from relais.journal.models import Entry
from tests.factories import PersonFactory, UserFactory
from tests.procedures.factories import make_procedure

pytestmark = pytest.mark.django_db


def submit(procedure, actor=None, **kwargs):
    values = {"actor": actor or AnonymousUser(), "kind": Kind.PROCEDURE, "procedure": procedure, "satisfaction": "good"}
    values.update(kwargs)
    return review_submit(**values)


def test_a_review_counts_in_the_day_aggregate():
    procedure = make_procedure()
    submit(
        procedure, comprehension=4, contact_tried=["association"], contact_reached="yes", contact_satisfaction="good"
    )
    submit(procedure, satisfaction="bad", contact_tried=["none"])
    row = DailyAggregate.objects.get(target=f"procedure:{procedure.pk}")
    assert (row.reviews, row.sat_good, row.sat_bad, row.clar_4, row.tried_answered, row.tried_none) == (
        2,
        1,
        1,
        1,
        2,
        1,
    )
    assert (row.reached_yes, row.quality_good) == (1, 1)


def test_anonymous_unless_the_person_says_so():
    procedure = make_procedure()
    person = PersonFactory()
    anonymous, _ = submit(procedure, actor=person.user)
    linked, _ = submit(procedure, actor=person.user, link_to_person=True)
    assert anonymous.person is None and linked.person == person
    assert Entry.objects.filter(action="feedback.review_linked", person_id=person.pk).count() == 1


def test_the_raw_ip_is_never_stored():
    digest = client_hash(ip="203.0.113.7", user_agent="Firefox")
    assert "203.0.113.7" not in digest and len(digest) >= 40
    assert digest != client_hash(ip="203.0.113.8", user_agent="Firefox")


def test_more_than_n_reviews_a_day_from_one_client_is_refused(settings):
    settings.FEEDBACK_MAX_REVIEWS_PER_DAY = 3
    procedure = make_procedure()
    client = client_hash(ip="198.51.100.1", user_agent="x")
    for _ in range(3):
        submit(procedure, client=client)
    with pytest.raises(ReviewRefused, match="aujourd'hui"):
        submit(procedure, client=client)
    submit(procedure, client=client_hash(ip="198.51.100.2", user_agent="x"))  # another client still may
    tomorrow = timezone.now() + dt.timedelta(days=1, minutes=1)
    submit(procedure, client=client, now=tomorrow)
    assert Review.objects.count() == 5


def test_the_same_text_repeated_is_refused():
    procedure = make_procedure()
    submit(procedure, verbatim="Le formulaire plante à la fin")
    with pytest.raises(ReviewRefused, match="déjà été envoyé"):
        submit(procedure, verbatim="  le FORMULAIRE plante   à la fin ")


def test_a_review_on_an_archived_procedure_is_refused():
    procedure = make_procedure()
    procedure.is_archived = True
    procedure.save()
    with pytest.raises(ReviewRefused, match="archivée"):
        submit(procedure)
    assert not Review.objects.exists() and not DailyAggregate.objects.exists()


def test_personal_data_is_stripped_and_the_text_waits_for_moderation():
    procedure = make_procedure()
    review, removed = submit(procedure, verbatim="Rappelez-moi au 06 12 34 56 78 ou camille@example.org")
    assert sorted(removed) == ["email", "phone"]
    assert review.verbatim == f"Rappelez-moi au {pii.REMOVED} ou {pii.REMOVED}"
    assert review.story_state == StoryState.PENDING and review.group.field_key == ""
    staff = UserFactory(is_staff=True)
    story_moderate(actor=staff, review=review, publish=False)
    review.refresh_from_db()
    assert review.story_state == StoryState.REJECTED


def test_only_staff_moderate():
    from relais import policy

    review, _ = submit(make_procedure(), verbatim="Trop long")
    with pytest.raises(policy.Refused):
        story_moderate(actor=UserFactory(), review=review, publish=True)


def test_linked_reviews_are_in_the_export_and_lose_text_and_link_on_erasure():
    procedure = make_procedure()
    person = PersonFactory()
    review, _ = submit(procedure, actor=person.user, link_to_person=True, verbatim="Trop de pièces demandées")
    exported = person_export_data(user=person.user)
    assert any(key.startswith("feedback.review") for key in exported["person_related"])
    person_erased.send(sender=None, person=person, user_id=person.user_id)
    review.refresh_from_db()
    assert (review.person, review.verbatim, review.story_state) == (None, "", StoryState.NONE)
    assert DailyAggregate.objects.get().reviews == 1  # the anonymous answer codes still count


def test_texts_are_erased_after_two_years():
    procedure = make_procedure()
    old, _ = submit(procedure, verbatim="Ancien avis", now=timezone.now() - dt.timedelta(days=800))
    recent, _ = submit(procedure, verbatim="Avis récent")
    assert feedback_purge()["texts"] == 1
    old.refresh_from_db()
    recent.refresh_from_db()
    assert old.verbatim == "" and recent.verbatim == "Avis récent"
