"""Accompaniment sessions (with or without a person)."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from relais.accounts.models import Person, User
from relais.journal.services import journal_record
from relais.mandates.models import (
    AccompanimentOutcome,
    AccompanimentSession,
    AccompanimentTheme,
)
from relais.mandates.services.common import (
    _require_helper_of,
)

# --- Accompaniment sessions ---------------------------------------------------------------------


@transaction.atomic
def accompaniment_record(
    *,
    actor: User,
    organisation,
    happened_on: dt.date,
    duration_minutes: int,
    themes: list[str],
    outcome: str,
    notes: str = "",
    person: Person | None = None,
) -> AccompanimentSession:
    _require_helper_of(actor, organisation)
    themes = sorted(set(themes or []))
    if not themes:
        raise ValidationError(_("Choisissez au moins un thème."))
    if any(t not in AccompanimentTheme.values for t in themes):
        raise ValidationError(_("Thème inconnu."))
    if outcome not in AccompanimentOutcome.values:
        raise ValidationError(_("Choisissez le résultat."))
    if not duration_minutes or duration_minutes <= 0 or duration_minutes > 24 * 60:
        raise ValidationError(_("Indiquez une durée en minutes (entre 1 et 1440)."))
    if happened_on > timezone.localdate():
        raise ValidationError(_("La date ne peut pas être dans le futur."))
    session = AccompanimentSession.objects.create(
        organisation=organisation,
        helper=actor,
        person=person,
        happened_on=happened_on,
        duration_minutes=duration_minutes,
        themes=themes,
        outcome=outcome,
        notes=notes.strip(),
    )
    journal_record(
        action="accompaniment.recorded",
        actor=actor,
        organisation=organisation,
        person=person,
        obj=session,
        details={"themes": themes, "outcome": outcome, "anonymous": person is None},
    )
    return session
