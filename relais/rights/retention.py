"""A person who deletes their account: their saved rights answers and the follow-up of their
unclaimed rights are deleted. The follow-up rows end after RIGHTS_UNCLAIMED_RETENTION_DAYS; saved
answers and estimates (RightsProfile) end after RIGHTS_PROFILE_RETENTION_DAYS without any change."""

import datetime as dt

from django.conf import settings
from django.dispatch import receiver
from django.utils import timezone

from relais.accounts.signals import person_erased
from relais.core.retention import register_purge
from relais.journal.services import journal_record
from relais.rights.models import RightsProfile, UnclaimedRight
from relais.rights.take_up import unclaimed_purge_expired


@receiver(person_erased, dispatch_uid="rights_erase_on_account_deletion")
def rights_profile_erase_for_person(sender, person, user_id=None, **kwargs) -> int:
    deleted, _ = RightsProfile.objects.filter(person=person).delete()
    UnclaimedRight.objects.filter(person=person).delete()
    return deleted


def rights_profiles_purge_stale(*, now: dt.datetime | None = None) -> int:
    """Retention: household answers and the saved estimate not changed for RIGHTS_PROFILE_RETENTION_DAYS
    (2 years by default) are deleted; the person answers again next time (the answers age: income, rent…)."""
    now = now or timezone.now()
    limit = now - dt.timedelta(days=int(getattr(settings, "RIGHTS_PROFILE_RETENTION_DAYS", 2 * 365)))
    deleted, by_model = RightsProfile.objects.filter(updated_at__lt=limit).delete()
    count = by_model.get(RightsProfile._meta.label, 0)
    if count:
        journal_record(action="retention.rights_profiles_purged", details={"count": count})
    return count


def _describe(count: int) -> list[str]:
    return [f"suivis de droits non réclamés supprimés : {count}"]


def _describe_profiles(count: int) -> list[str]:
    return [f"réponses au simulateur de droits effacées : {count}"]


register_purge("unclaimed_rights", order=40, run=unclaimed_purge_expired, describe=_describe)
register_purge("rights_profiles", order=40, run=rights_profiles_purge_stale, describe=_describe_profiles)
