"""Indicators with the JDMA scoring and the Observatoire's thresholds, from incremental aggregates equal to a full
rebuild; hidden below the minimum; before / after a ship date; the satisfaction-drop alert to the authors."""

import datetime as dt
import random

import pytest
from django.utils import timezone
from hypothesis import given, settings
from hypothesis import strategies as st

from relais.feedback import indicators, jdma
from relais.feedback.aggregates import aggregates_rebuild
from relais.feedback.alerts import satisfaction_alerts
from relais.feedback.models import COUNTERS, DailyAggregate, Review
from relais.notifications.models import Notification
from relais.organisations.models import MemberRole
from tests.feedback.factories import member, review
from tests.procedures.factories import make_procedure

pytestmark = pytest.mark.django_db


def expected(reviews):
    """The JDMA scoring written out plainly, review by review."""
    sat = [jdma.SATISFACTION_POINTS[r.satisfaction] for r in reviews]
    clar = [jdma.CLARITY_POINTS[r.comprehension] for r in reviews if r.comprehension]
    reached = [r.contact_reached == "yes" for r in reviews if r.contact_reached]
    quality = [jdma.QUALITY_POINTS[r.contact_satisfaction] for r in reviews if r.contact_satisfaction]
    tried = [("none" in r.contact_tried.split(",")) for r in reviews if r.contact_tried]

    def mean(values):
        return round(sum(values) / len(values), 1) if values else None

    return {
        "satisfaction": mean(sat),
        "clarity": mean(clar),
        "help_reachable": round(100 * sum(reached) / len(reached), 1) if reached else None,
        "help_quality": mean(quality),
        "autonomy": round(10 * sum(tried) / len(tried), 1) if tried else None,
    }


def random_answers(rng):
    return {
        "satisfaction": rng.choice(["good", "medium", "bad"]),
        "comprehension": rng.choice([None, 1, 2, 3, 4, 5]),
        "contact_tried": rng.choice(["", "none", "close", "association,websites", "other,none"]),
        "contact_reached": rng.choice(["", "yes", "no"]),
        "contact_satisfaction": rng.choice(["", "very_good", "good", "bad", "very_bad"]),
    }


def test_scores_follow_the_jdma_scoring_and_rebuild_equals_incremental(settings):
    settings.FEEDBACK_MIN_REVIEWS = 10
    procedure = make_procedure()
    rng = random.Random(7)
    for index in range(60):
        review(procedure, days_ago=index % 20, **random_answers(rng))
    target = f"procedure:{procedure.pk}"
    values = indicators.for_target(target)
    made = list(Review.objects.filter(procedure=procedure))
    assert {k: getattr(values, k) for k in expected(made)} == expected(made)
    assert values.shown and values.reviews == 60
    since = timezone.localdate() - dt.timedelta(days=indicators.window_days())
    assert indicators.DailyRows(target, since=since).between(since) == values  # what the public page reads
    incremental = {(r.target, r.day): [getattr(r, c) for c in COUNTERS] for r in DailyAggregate.objects.all()}
    aggregates_rebuild()
    rebuilt = {(r.target, r.day): [getattr(r, c) for c in COUNTERS] for r in DailyAggregate.objects.all()}
    assert rebuilt == incremental


def test_hidden_below_the_minimum(settings):
    settings.FEEDBACK_MIN_REVIEWS = 5
    procedure = make_procedure()
    for _ in range(4):
        review(procedure)
    assert not indicators.for_target(f"procedure:{procedure.pk}").shown
    review(procedure)
    assert indicators.for_target(f"procedure:{procedure.pk}").shown


def test_reviews_older_than_the_window_do_not_count(settings):
    settings.FEEDBACK_WINDOW_DAYS = 365
    procedure = make_procedure()
    review(procedure, days_ago=400, satisfaction="bad")
    review(procedure, days_ago=10, satisfaction="good")
    assert indicators.for_target(f"procedure:{procedure.pk}").satisfaction == 10.0


@given(st.floats(0, 10, allow_nan=False))
def test_score_colours_follow_the_observatoire(value):
    colour = jdma.colour_score(value)
    assert colour == ("green" if value >= 8 else "yellow" if value >= 5 else "red")


@given(st.floats(0, 100, allow_nan=False))
@settings(max_examples=50)
def test_reachable_colours_follow_the_observatoire(value):
    assert jdma.colour_reachable(value) == ("green" if value >= 85 else "yellow" if value >= 70 else "red")


def test_before_and_after_a_ship_date(settings):
    settings.FEEDBACK_MIN_REVIEWS = 20
    procedure = make_procedure()
    for days in range(10, 20):
        review(procedure, days_ago=days, satisfaction="bad")
    for days in range(0, 5):
        review(procedure, days_ago=days, satisfaction="good")
    on = timezone.localdate() - dt.timedelta(days=7)
    before, after = indicators.before_after(f"procedure:{procedure.pk}", on=on)
    assert indicators.DailyRows(f"procedure:{procedure.pk}", since=on - dt.timedelta(days=90)).before_after(on) == (
        before,
        after,
    )
    assert (before.reviews, before.satisfaction, after.reviews, after.satisfaction) == (10, 0.0, 5, 10.0)
    assert before.shown and after.shown  # a tenth of the publication minimum


def test_a_satisfaction_drop_alerts_the_authors_once_a_day(settings):
    settings.FEEDBACK_ALERT_MIN_REVIEWS = 5
    settings.FEEDBACK_ALERT_DROP = 2.0
    procedure = make_procedure()
    author = member(procedure.organisation, role=MemberRole.AGENT)
    steady = make_procedure(slug="stable", organisation=procedure.organisation)
    for days in range(35, 45):
        review(procedure, days_ago=days, satisfaction="good")
        review(steady, days_ago=days, satisfaction="good")
    for days in range(1, 11):
        review(procedure, days_ago=days, satisfaction="medium" if days % 2 else "bad")
        review(steady, days_ago=days, satisfaction="good")
    assert satisfaction_alerts() == 1
    assert satisfaction_alerts() == 1  # the same day: the notification key holds
    alerts = Notification.objects.filter(event="feedback_satisfaction_drop")
    assert [(n.user_id, procedure.title in n.subject) for n in alerts] == [(author.pk, True)]


def test_the_command_rebuilds_and_the_daily_job_is_registered():
    import io

    from django.core.management import call_command

    from relais.core.daily import registered_daily_jobs

    procedure = make_procedure()
    review(procedure, satisfaction="bad")
    DailyAggregate.objects.update(reviews=0, sat_bad=0)  # drifted, e.g. after a change outside the services
    out = io.StringIO()
    call_command("feedback_indicators", stdout=out)
    assert "1 lignes" in out.getvalue() and DailyAggregate.objects.get().sat_bad == 1
    assert "feedback" in {job.name for job in registered_daily_jobs()}
