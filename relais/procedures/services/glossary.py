"""The glossary of administrative words."""

from __future__ import annotations

from django.db import transaction
from django.utils.text import slugify

from relais import policy
from relais.journal.services import journal_record
from relais.procedures.models import GlossaryTerm


@transaction.atomic
def glossary_term_save(
    *, actor, slug: str, term: str, definition: str, instance: GlossaryTerm | None = None
) -> GlossaryTerm:
    policy.require(actor, "glossary.manage")
    instance = instance or GlossaryTerm()
    instance.slug = slugify(slug or term)[:80]
    instance.term = term.strip()
    instance.definition = definition.strip()
    instance.full_clean()
    instance.save()
    journal_record(action="glossary.save", actor=actor, obj=instance, details={"term": instance.term})
    return instance
