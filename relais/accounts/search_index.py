"""Keeping the persons' search keys (`PersonSearchKey`) in step with their records.

Every save of a Person that may change its name or phone (create, profile update, claim, erasure)
rebuilds its keys: a receiver of `post_save`, so no writer can forget it. An erased person keeps no key,
so the search never finds them. `search_keys_rebuild_all` fills the table for existing rows (the data
migration and the benchmark corpus use it)."""

from __future__ import annotations

from django.db import transaction
from django.db.models.signals import post_save
from django.dispatch import receiver

from relais.accounts.models import Person, PersonSearchKey
from relais.accounts.search_keys import person_keys

#: the fields the keys are made of: a save limited to other fields leaves the keys alone
KEY_FIELDS = frozenset({"first_name", "last_name", "birth_name", "phone", "erased_at"})
BATCH = 2000


def keys_of(person) -> set[str]:
    if person.erased_at is not None:
        return set()
    return person_keys(
        first_name=person.first_name, last_name=person.last_name, birth_name=person.birth_name, phone=person.phone
    )


@transaction.atomic
def search_keys_rebuild(*, person: Person) -> None:
    wanted = keys_of(person)
    existing = set(PersonSearchKey.objects.filter(person=person).values_list("key", flat=True))
    if existing - wanted:
        PersonSearchKey.objects.filter(person=person, key__in=existing - wanted).delete()
    if wanted - existing:
        PersonSearchKey.objects.bulk_create([PersonSearchKey(person=person, key=key) for key in wanted - existing])


def search_keys_rebuild_all(*, person_model=Person, key_model=PersonSearchKey, progress=None) -> int:
    """Rebuild every person's keys, in batches (models passed by the data migration). Returns the count."""
    count = 0
    last = 0
    fields = ("pk", "first_name", "last_name", "birth_name", "phone", "erased_at")
    while True:
        rows = list(person_model.objects.filter(pk__gt=last).order_by("pk").values_list(*fields)[:BATCH])
        if not rows:
            return count
        with transaction.atomic():
            ids = [row[0] for row in rows]
            key_model.objects.filter(person_id__in=ids).delete()
            keys = []
            for pk, first_name, last_name, birth_name, phone, erased_at in rows:
                if erased_at is None:
                    found = person_keys(first_name=first_name, last_name=last_name, birth_name=birth_name, phone=phone)
                    keys.extend(key_model(person_id=pk, key=key) for key in found)
            key_model.objects.bulk_create(keys, batch_size=5000)
        count += len(rows)
        last = rows[-1][0]
        if progress is not None:
            progress(count)


@receiver(post_save, sender=Person, dispatch_uid="accounts.person_search_keys")
def _person_saved(sender, instance: Person, created: bool, update_fields=None, raw=False, **kwargs) -> None:
    if raw:
        return
    if update_fields is not None and not (set(update_fields) & KEY_FIELDS):
        return
    search_keys_rebuild(person=instance)
