"""Journal actions of organisations (see relais/journal/actions.py)."""

from django.utils.translation import gettext_lazy as _

from relais.journal.actions import ORGANISATION, declare

declare(
    "organisation.member_added", category=ORGANISATION, sentence=_("%(actor)s a ajouté un membre à %(organisation)s")
)
declare(
    "organisation.member_removed", category=ORGANISATION, sentence=_("%(actor)s a retiré un membre de %(organisation)s")
)
declare(
    "organisation.api_token_created",
    category=ORGANISATION,
    sentence=_("%(actor)s a créé un jeton d'API pour %(organisation)s"),
)
declare(
    "organisation.api_token_revoked",
    category=ORGANISATION,
    sentence=_("%(actor)s a révoqué un jeton d'API de %(organisation)s"),
)
