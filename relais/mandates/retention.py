"""A person who deletes their account withdraws every mandate at once."""

from django.dispatch import receiver

from relais.accounts.signals import person_erased
from relais.mandates.models import Mandate, MandateState
from relais.mandates.states import mandate_transition


@receiver(person_erased, dispatch_uid="mandates_revoke_on_account_deletion")
def mandates_revoke_for_person(sender, person, user_id=None, **kwargs) -> int:
    count = 0
    for mandate in Mandate.objects.filter(person=person, state__in=[MandateState.PENDING, MandateState.ACTIVE]):
        to = MandateState.REVOKED if mandate.state == MandateState.ACTIVE else MandateState.ABANDONED
        mandate_transition(mandate, to=to, actor=None, details={"reason": "account_deleted"})
        count += 1
    return count
