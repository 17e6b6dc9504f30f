"""Shared by the services: errors, the token hash, the person-side journal entry."""

from __future__ import annotations

import hashlib

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from relais.core.errors import Conflict
from relais.journal.services import journal_record
from relais.policy.roles import active_organisation
from relais.procedures.models import Dossier

MESSAGE_MAX_BYTES = 5 * 1024 * 1024


class StaleDossier(Conflict):
    """The dossier changed since the form was shown (another tab, another person)."""

    default_message = message = (
        "Ce dossier a été modifié entre-temps (dans un autre onglet ou par la personne qui vous aide). "
        "Pour ne rien écraser, vos dernières saisies n'ont pas été enregistrées : voici le dossier à jour. "
        "Vérifiez-le et saisissez à nouveau ce qui manque."
    )


class NotReady(ValidationError):
    """The dossier cannot be submitted yet; `problems` maps field keys to plain French."""

    def __init__(self, problems: dict[str, str], first_page: int) -> None:
        super().__init__(_("Il manque des réponses avant de pouvoir envoyer le dossier."))
        self.problems = problems
        self.first_page = first_page


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def journal_person_side(*, action: str, actor, dossier: Dossier, on_behalf_of, mandate, details=None) -> None:
    if on_behalf_of is not None:
        journal_record(
            action=action,
            actor=actor,
            organisation=active_organisation(actor),
            person=dossier.person,
            on_behalf_of=on_behalf_of,
            mandate=mandate,
            obj=dossier,
            details=details or {},
        )
