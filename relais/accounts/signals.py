"""Signals of the accounts domain.

`person_erased` is sent (inside the erasure transaction) when a person deletes their account,
after the Person's own fields are blanked: each domain holding personal content about the
person (documents, dossier answers, notification bodies...) connects a receiver that erases or
pseudonymises it. Arguments: `person` (the blanked Person) and `user_id` (the erased account's id)."""

from django.dispatch import Signal

person_erased = Signal()
