"""Retention: a closed escalation's personal data is wiped after 6 months by the retention command, the
statistics survive anonymised; the statistics per administration and team; the person file's timeline."""

import datetime as dt
from io import StringIO
from unittest import mock

import pytest
from django.core.management import call_command
from django.utils import timezone

from relais.casefile import registry
from relais.documents.models import DocumentUse
from relais.escalations import services, stats
from relais.escalations.models import BlockingCause, Escalation, Message, Status
from relais.escalations.retention import closed_purge
from tests.casefile.factories import document
from tests.escalations.factories import open_escalation, world

pytestmark = pytest.mark.django_db


def _closed(w, **kwargs):
    escalation = open_escalation(w, **kwargs)
    services.escalation_answer(escalation=escalation, actor=w["agent"], text="Réponse de la CAF")
    services.escalation_note(escalation=escalation, actor=w["agent"], text="Note interne")
    services.escalation_mark_processed(escalation=escalation, actor=w["agent"], text="Aide rétablie le 5 avril")
    return services.escalation_close(escalation=escalation, actor=w["helper"], useful="yes", outcome="APL versée")


def test_personal_data_is_wiped_after_six_months_and_the_statistics_remain():
    w = world()
    paper = document(person=w["camille"], doc_type="address", title="Quittance de loyer", expires_in_days=None)
    escalation = _closed(w, identifiers={"caf_number": "1234567"}, documents_attached=[paper])
    assert DocumentUse.objects.filter(target_id=str(escalation.pk)).exists()
    before = stats.lines()
    assert closed_purge() == 0  # closed just now: kept
    later = timezone.now() + dt.timedelta(days=184)
    with mock.patch("django.utils.timezone.now", return_value=later):
        out = StringIO()
        call_command("retention_purge", stdout=out)
    assert "saisines clôturées anonymisées : 1" in out.getvalue()
    escalation.refresh_from_db()
    assert escalation.wiped_at is not None
    assert escalation.person is None and escalation.subject == "" and escalation.description == ""
    assert escalation.identifiers == {} and escalation.outcome == ""
    assert not Message.objects.filter(escalation=escalation).exists()
    assert not DocumentUse.objects.filter(target_id=str(escalation.pk)).exists()
    assert stats.lines() == before  # the statistics survive
    assert stats.counts_by_cause()[BlockingCause.PAYMENT_SUSPENDED] == 1


def test_an_open_escalation_is_never_wiped_by_the_delay():
    w = world()
    open_escalation(w)
    with mock.patch("django.utils.timezone.now", return_value=timezone.now() + dt.timedelta(days=400)):
        assert closed_purge() == 0


def test_erasing_the_person_wipes_their_escalations():
    from relais.accounts.signals import person_erased

    w = world()
    escalation = open_escalation(w)
    person_erased.send(sender=None, person=w["camille"])
    escalation.refresh_from_db()
    assert escalation.wiped_at is not None and escalation.person is None


def test_statistics_per_administration_and_team_and_counts():
    w = world()
    _closed(w, procedure_label="Aide au logement")
    second = open_escalation(w, cause=BlockingCause.MISSING_DOCUMENT)
    services.escalation_close(escalation=second, actor=w["helper"], useful="no", outcome="")
    lines = {(line.administration, line.team): line for line in stats.lines()}
    team_line = lines[("CAF du Rhône", w["team"].name)]
    total = lines[("CAF du Rhône", "")]
    assert team_line.count == total.count == 2
    assert team_line.answered == 1 and team_line.median_first_answer_hours is not None
    assert team_line.closed_with_opinion == 2 and team_line.useful_share == 0.5
    causes = stats.counts_by_cause()
    assert causes[BlockingCause.PAYMENT_SUSPENDED] == 1 and causes[BlockingCause.MISSING_DOCUMENT] == 1
    assert causes[BlockingCause.OTHER] == 0
    assert stats.counts_by_procedure() == [("Aide au logement", 1)]
    rows = stats.csv_rows()
    assert any(row[1] == w["team"].name and row[2] == 2 for row in rows)


def test_the_timeline_shows_the_escalation_to_the_person_without_internal_notes():
    w = world()
    escalation = _closed(w)
    events = [e for e in registry.timeline(registry.Scope.for_self(w["camille"])) if e.kind == "escalations.escalation"]
    assert len(events) == 1
    assert "CAF du Rhône" in events[0].text and "Aide rétablie le 5 avril" in events[0].detail
    assert "Note interne" not in events[0].text + events[0].detail
    assert events[0].url == ""  # the person has no thread page
    scope = registry.scope_for(organisation=w["fs"], person=w["camille"])
    assert any(e.url.endswith(f"/saisines/{escalation.pk}/") for e in registry.timeline(scope))
    assert Escalation.objects.get(pk=escalation.pk).status == Status.CLOSED


def test_the_persons_export_holds_her_escalation_threads_but_not_the_teams_internal_notes():
    from relais.accounts.services import person_export_data

    w = world()
    escalation = open_escalation(w)
    services.escalation_answer(escalation=escalation, actor=w["agent"], text="Réponse de la CAF")
    services.escalation_note(escalation=escalation, actor=w["agent"], text="Note interne")
    rows = person_export_data(user=w["camille"].user)["threads"]["escalation_messages"]
    texts = [row["text"] for row in rows]
    assert "Réponse de la CAF" in texts
    assert "Note interne" not in texts
    assert {row["reference"] for row in rows} == {f"S-{escalation.pk:06d}"}
