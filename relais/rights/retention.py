"""A person who deletes their account: their saved rights answers are deleted."""

from django.dispatch import receiver

from relais.accounts.signals import person_erased
from relais.rights.models import RightsProfile


@receiver(person_erased, dispatch_uid="rights_erase_on_account_deletion")
def rights_profile_erase_for_person(sender, person, user_id=None, **kwargs) -> int:
    deleted, _ = RightsProfile.objects.filter(person=person).delete()
    return deleted
