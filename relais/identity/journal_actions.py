"""Journal actions of identity (see relais/journal/actions.py)."""

from django.utils.translation import gettext_lazy as _

from relais.journal.actions import ACCOUNT, ORGANISATION, declare

LABELS = {"franceconnect": "FranceConnect", "proconnect": "ProConnect"}


def _provider(entry) -> dict:
    """The provider's name as people know it (the entry keeps its code)."""
    code = (entry.details or {}).get("provider", "")
    return {"provider": LABELS.get(code, code)}


declare(
    "identity.signed_in",
    category=ACCOUNT,
    details=("provider",),
    values=_provider,
    sentence=_("%(actor)s s'est connecté avec %(provider)s"),
)
declare(
    "identity.account_created",
    category=ACCOUNT,
    details=("provider",),
    values=_provider,
    sentence=_("Votre compte a été créé avec %(provider)s (identité certifiée)"),
)
declare(
    "identity.linked",
    category=ACCOUNT,
    details=("provider",),
    values=_provider,
    sentence=_("%(actor)s a lié son compte à %(provider)s"),
)
declare(
    "identity.proof_recorded",
    category=ACCOUNT,
    details=("provider", "level"),
    values=_provider,
    sentence=_("Vous avez prouvé votre identité avec %(provider)s auprès de %(organisation)s (niveau %(level)s)"),
)
declare(
    "identity.join_requested",
    category=ORGANISATION,
    sentence=_("%(actor)s a demandé à rejoindre %(organisation)s après une connexion ProConnect"),
)
declare(
    "identity.join_accepted",
    category=ORGANISATION,
    details=("member_user_id", "role"),
    sentence=_("%(actor)s a accepté une demande pour rejoindre %(organisation)s"),
)
declare(
    "identity.join_refused",
    category=ORGANISATION,
    details=("member_user_id",),
    sentence=_("%(actor)s a refusé une demande pour rejoindre %(organisation)s"),
)
