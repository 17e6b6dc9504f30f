"""A person who deletes their account: the texts of their notifications are blanked (the delivery
records stay as proof that a message was sent, without its content)."""

from django.dispatch import receiver

from relais.accounts.signals import person_erased
from relais.notifications.models import Notification


@receiver(person_erased, dispatch_uid="notifications_erase_on_account_deletion")
def notifications_erase_for_person(sender, person, user_id=None, **kwargs) -> int:
    return Notification.objects.filter(person=person).update(subject="", body="", sms_body="", link="")
