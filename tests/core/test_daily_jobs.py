"""The daily jobs (`manage.py daily_jobs`, run every hour by `serve`): every app's expiries and
reminders in one command, idempotent, and a failing job never stops the others."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from relais.core import daily
from relais.mandates.models import MandateState
from tests.factories import OrganisationFactory
from tests.mandates.factories import expire_now, helper_of, make_active_mandate

pytestmark = pytest.mark.django_db


def test_the_apps_register_their_daily_jobs():
    names = [job.name for job in daily.registered_daily_jobs()]
    assert {"mandates", "follow_ups"} <= set(names)
    assert names == sorted(names)
    out = StringIO()
    call_command("daily_jobs", "--list", stdout=out)
    assert "mandates : fin des mandats échus" in out.getvalue()


def test_the_command_ends_overdue_mandates_once(django_capture_on_commit_callbacks):
    organisation = OrganisationFactory()
    helper = helper_of(organisation)
    past = expire_now(make_active_mandate(organisation=organisation, helper=helper))
    out = StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("daily_jobs", stdout=out)
    past.refresh_from_db()
    assert past.state == MandateState.EXPIRED
    assert "'expired': 1" in out.getvalue()
    out = StringIO()
    call_command("daily_jobs", "--only", "mandates", stdout=out)
    assert "'expired': 0" in out.getvalue()  # run again: nothing twice


def test_a_failing_job_is_reported_and_the_others_run(monkeypatch):
    ran = []

    def broken():
        raise RuntimeError("base indisponible")

    monkeypatch.setitem(daily._JOBS, "aaa_broken", daily.DailyJob("aaa_broken", broken, "tâche cassée"))
    monkeypatch.setitem(daily._JOBS, "zzz_after", daily.DailyJob("zzz_after", lambda: ran.append(1) or 1, "après"))
    err = StringIO()
    with pytest.raises(CommandError, match="1 tâche"):
        call_command("daily_jobs", stdout=StringIO(), stderr=err)
    assert ran == [1]
    assert "aaa_broken : échec (RuntimeError: base indisponible)" in err.getvalue()


def test_an_unknown_job_name_is_refused_with_the_known_ones():
    with pytest.raises(CommandError, match="Tâches connues : .*mandates"):
        call_command("daily_jobs", "--only", "nimporte")
