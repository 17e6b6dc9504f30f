"""A person who deletes their account: their saved rights answers and the follow-up of their
unclaimed rights are deleted. The follow-up rows end after RIGHTS_UNCLAIMED_RETENTION_DAYS."""

from django.dispatch import receiver

from relais.accounts.signals import person_erased
from relais.core.retention import register_purge
from relais.rights.models import RightsProfile, UnclaimedRight
from relais.rights.take_up import unclaimed_purge_expired


@receiver(person_erased, dispatch_uid="rights_erase_on_account_deletion")
def rights_profile_erase_for_person(sender, person, user_id=None, **kwargs) -> int:
    deleted, _ = RightsProfile.objects.filter(person=person).delete()
    UnclaimedRight.objects.filter(person=person).delete()
    return deleted


def _describe(count: int) -> list[str]:
    return [f"suivis de droits non réclamés supprimés : {count}"]


register_purge("unclaimed_rights", order=40, run=unclaimed_purge_expired, describe=_describe)
