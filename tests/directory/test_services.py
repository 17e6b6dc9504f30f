import datetime as dt

import pytest
from django.core import mail
from django.utils import timezone

from relais import policy
from relais.directory import services
from relais.directory.hours import InvalidHours
from relais.directory.models import ErrorReport, PlaceVersion
from relais.journal.models import Entry
from relais.organisations.models import MemberRole
from tests.directory.factories import PlaceFactory, ServiceFactory
from tests.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db


def member_of(organisation, role=MemberRole.HELPER):
    return MembershipFactory(organisation=organisation, role=role).user


def test_member_edits_and_version_and_journal_are_kept():
    place = PlaceFactory(checked_at=timezone.now() - dt.timedelta(days=300))
    ServiceFactory(place=place)
    editor = member_of(place.organisation)
    services.place_update(place=place, actor=editor, data={"phone": "+33400000000", "hours": "Mo-Fr 09:00-12:00"})
    place.refresh_from_db()
    assert place.phone == "+33400000000" and place.age_days() == 0
    versions = list(PlaceVersion.objects.filter(place=place).order_by("id"))
    assert len(versions) == 2  # state before the first edit, then the edit
    assert versions[-1].actor == editor and versions[-1].snapshot["phone"] == "+33400000000"
    assert Entry.objects.filter(action="directory.place_updated", actor_id=editor.pk).exists()
    assert place.services.get().checked_at == place.checked_at


def test_outsider_cannot_edit_and_coordinator_can():
    place = PlaceFactory()
    with pytest.raises(policy.Refused):
        services.place_update(place=place, actor=member_of(PlaceFactory().organisation), data={"phone": "1"})
    coordinator = UserFactory()
    from tests.factories import DepartementFactory

    coordinator.coordinated_departements.add(DepartementFactory(code="69"))
    services.place_set_published(place=place, actor=coordinator, published=False)
    place.refresh_from_db()
    assert not place.is_published


def test_invalid_hours_refused_and_nothing_saved():
    place = PlaceFactory(hours="Mo-Fr 09:00-12:00")
    with pytest.raises(InvalidHours):
        services.place_update(place=place, actor=member_of(place.organisation), data={"hours": "Lundi 9h-12h"})
    place.refresh_from_db()
    assert place.hours == "Mo-Fr 09:00-12:00"


def test_service_save_refreshes_search_fields():
    place = PlaceFactory(languages=["fr", "ar"])
    editor = member_of(place.organisation)
    service = services.service_save(
        place=place,
        actor=editor,
        data={
            "name": "Douches",
            "description": "Douches gratuites.",
            "thematiques": ["hygiene--douches"],
            "modes_accueil": ["en-presentiel"],
        },
    )
    assert " hygiene " in service.themes_text and " ar " in service.languages_text and service.cell


def test_error_report_reaches_editors(settings):
    place = PlaceFactory()
    place.organisation.email = "structure@example.org"
    place.organisation.save()
    editor = member_of(place.organisation)
    from django.test import TestCase

    with TestCase.captureOnCommitCallbacks(execute=True):
        report = services.error_report_create(
            place=place, message="Le lieu a déménagé rue Voltaire.", contact="06 00 00 00 00"
        )
    assert ErrorReport.objects.open().get() == report
    assert any("structure@example.org" in m.to for m in mail.outbox)
    from relais.notifications.models import Notification

    assert Notification.objects.filter(key=f"directory-report-{report.pk}-user-{editor.pk}").exists()
    services.error_report_resolve(report=report, actor=editor)
    assert not ErrorReport.objects.open().exists()


def test_freshness_campaign_notifies_organisations_with_stale_places():
    stale = PlaceFactory(checked_at=timezone.now() - dt.timedelta(days=200))
    PlaceFactory(checked_at=timezone.now() - dt.timedelta(days=10))
    editor = member_of(stale.organisation)
    from django.core.management import call_command
    from django.test import TestCase

    from relais.notifications.models import Notification

    with TestCase.captureOnCommitCallbacks(execute=True):
        call_command("directory_freshness_campaign")
    notes = Notification.objects.filter(key__startswith=f"directory-freshness-{stale.organisation_id}-{editor.pk}-")
    assert notes.count() == 1
    with TestCase.captureOnCommitCallbacks(execute=True):
        call_command("directory_freshness_campaign")  # idempotent within the month
    assert notes.count() == 1


def test_stale_flag_and_hide_thresholds():
    assert not PlaceFactory(checked_at=timezone.now() - dt.timedelta(days=100)).is_stale
    flagged = PlaceFactory(checked_at=timezone.now() - dt.timedelta(days=200))
    assert flagged.is_stale and not flagged.is_hidden_stale
    assert PlaceFactory(checked_at=timezone.now() - dt.timedelta(days=370)).is_hidden_stale
