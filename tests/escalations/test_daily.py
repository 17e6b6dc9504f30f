"""The daily task with a frozen clock (django.utils.timezone.now patched): the team's manager is invited after
5 working days without answer, or 15 days after the administration's last answer, once, and the thread says so;
the warning before the implicit decision; the digest."""

import datetime as dt
from contextlib import contextmanager
from unittest import mock

import pytest
from django.core.management import call_command

from relais.escalations import services
from relais.escalations.calendar import PARIS
from relais.escalations.models import Invitation, Kind, Message, Preference
from relais.notifications.models import Notification
from tests.escalations.factories import agent_of, open_escalation, world

pytestmark = pytest.mark.django_db

MONDAY = dt.datetime(2026, 3, 2, 10, 0, tzinfo=PARIS)


@contextmanager
def frozen(at: dt.datetime):
    with mock.patch("django.utils.timezone.now", return_value=at):
        yield


def _auto_steps(escalation):
    return list(Message.objects.filter(escalation=escalation, kind=Kind.AUTO_INVITATION))


def test_the_manager_is_invited_after_five_working_days_without_answer():
    with frozen(MONDAY):
        w = world()
    manager = agent_of(w["team"], manager=True)
    with frozen(MONDAY):
        escalation = open_escalation(w)
    # Friday of the same week: 4 working days, nothing yet
    with frozen(MONDAY + dt.timedelta(days=4)):
        assert services.auto_invite_due() == 0
    # the next Monday: 5 working days (the weekend does not count)
    with frozen(MONDAY + dt.timedelta(days=7)):
        assert services.auto_invite_due() == 1
        assert services.auto_invite_due() == 0  # once per silence
    steps = _auto_steps(escalation)
    assert len(steps) == 1 and steps[0].invited_user == manager
    assert "5 jours ouvrés" in steps[0].text and "responsable de l'équipe" in steps[0].text
    assert Invitation.objects.filter(escalation=escalation, user=manager, active=True).exists()


def test_a_public_holiday_does_not_count():
    start = dt.datetime(2026, 4, 30, 10, tzinfo=PARIS)  # Thursday; 1 May (Friday) and 8 May (Friday) are holidays
    with frozen(start):
        w = world()
        agent_of(w["team"], manager=True)
        open_escalation(w)
    with frozen(dt.datetime(2026, 5, 7, 10, tzinfo=PARIS)):  # Mon 4 … Thu 7: 4 working days
        assert services.auto_invite_due() == 0
    with frozen(dt.datetime(2026, 5, 11, 10, tzinfo=PARIS)):  # Monday 11: the fifth
        assert services.auto_invite_due() == 1


def test_fifteen_days_after_the_last_answer_and_configurable(settings):
    with frozen(MONDAY):
        w = world()
    agent_of(w["team"], manager=True)
    with frozen(MONDAY):
        escalation = open_escalation(w)
        services.escalation_answer(escalation=escalation, actor=w["agent"], text="Nous regardons.")
    with frozen(MONDAY + dt.timedelta(days=14)):
        assert services.auto_invite_due() == 0
    with frozen(MONDAY + dt.timedelta(days=15)):
        assert services.auto_invite_due() == 1
    assert "plus de 15 jours" in _auto_steps(escalation)[0].text
    settings.ESCALATIONS_NO_ANSWER_WORKING_DAYS = 2
    with frozen(MONDAY):
        other = open_escalation(w, subject="Autre")
    with frozen(MONDAY + dt.timedelta(days=2)):
        assert services.auto_invite_due() == 1
    assert len(_auto_steps(other)) == 1


def test_without_a_team_manager_the_administrations_managers_are_invited():
    from relais.organisations.models import MemberRole
    from tests.mandates.factories import helper_of

    with frozen(MONDAY):
        w = world()
    boss = helper_of(w["team"].organisation, role=MemberRole.MANAGER)
    with frozen(MONDAY):
        escalation = open_escalation(w)
    with frozen(MONDAY + dt.timedelta(days=7)):
        call_command("escalations_daily", stdout=mock.MagicMock())
    assert _auto_steps(escalation)[0].invited_user == boss


def test_the_helper_is_warned_before_the_implicit_decision_with_the_appeal_route(django_capture_on_commit_callbacks):
    with frozen(MONDAY):
        w = world()
    with frozen(MONDAY):
        escalation = open_escalation(w, original_request_on=dt.date(2026, 1, 20))
    assert escalation.decision_due_on == dt.date(2026, 3, 20)
    with frozen(MONDAY - dt.timedelta(days=30)), django_capture_on_commit_callbacks(execute=True):
        assert services.deadlines_warn() == 0
    with frozen(MONDAY + dt.timedelta(days=7)), django_capture_on_commit_callbacks(execute=True):
        assert services.deadlines_warn() == 1
        assert services.deadlines_warn() == 0
    warning = Notification.objects.get(event="escalation_deadline")
    assert warning.user == w["helper"]
    assert "décision implicite de rejet" in warning.body and "recours amiable" in warning.body


def test_deadline_configurable_per_administration_and_category():
    from relais.escalations.models import DeadlineRule

    with frozen(MONDAY):
        w = world()
    DeadlineRule.objects.create(organisation=w["team"].organisation, category="logement", months=4)
    with frozen(MONDAY):
        escalation = open_escalation(w, original_request_on=dt.date(2026, 1, 20))
    assert escalation.decision_due_on == dt.date(2026, 5, 20)


def test_the_digest_replaces_immediate_messages(django_capture_on_commit_callbacks):
    with frozen(MONDAY):
        w = world()
    Preference.objects.create(user=w["helper"], digest=True)
    with frozen(MONDAY):
        escalation = open_escalation(w)
    with frozen(MONDAY + dt.timedelta(hours=2)), django_capture_on_commit_callbacks(execute=True):
        services.escalation_answer(escalation=escalation, actor=w["agent"], text="Réponse")
    assert not Notification.objects.filter(user=w["helper"], event="escalation_answer").exists()
    with frozen(MONDAY + dt.timedelta(days=1)):
        assert services.digests_send() == 1
    digest = Notification.objects.get(user=w["helper"], event="escalation_digest")
    assert escalation.reference in digest.body


def test_hourly_runs_send_one_digest_a_day(django_capture_on_commit_callbacks):
    """The daily jobs run every hour: the digest goes once a day, and news of later hours wait for the next."""
    with frozen(MONDAY):
        w = world()
    Preference.objects.create(user=w["helper"], digest=True)
    with frozen(MONDAY):
        escalation = open_escalation(w)
    with frozen(MONDAY + dt.timedelta(hours=2)), django_capture_on_commit_callbacks(execute=True):
        services.escalation_answer(escalation=escalation, actor=w["agent"], text="Réponse")
    with frozen(MONDAY + dt.timedelta(days=1)):
        assert services.digests_send() == 1
    with frozen(MONDAY + dt.timedelta(days=1, hours=1)), django_capture_on_commit_callbacks(execute=True):
        services.escalation_answer(escalation=escalation, actor=w["agent"], text="Autre réponse")
    for hours in (2, 3, 12):
        with frozen(MONDAY + dt.timedelta(days=1, hours=hours)):
            assert services.digests_send() == 0
    with frozen(MONDAY + dt.timedelta(days=2)):
        assert services.digests_send() == 1
    assert Notification.objects.filter(user=w["helper"], event="escalation_digest").count() == 2
