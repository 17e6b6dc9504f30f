"""Every way a sign-in with a provider can fail, as one plain-French message (docs/adr/0020)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from relais.core.errors import DomainError

MESSAGES = {
    # what the provider says on the callback
    "access_denied": _("Vous avez annulé la connexion. Rien n'a été enregistré."),
    "server_error": _("Le service d'identification ne répond pas pour le moment. Réessayez dans quelques minutes."),
    "temporarily_unavailable": _(
        "Le service d'identification ne répond pas pour le moment. Réessayez dans quelques minutes."
    ),
    "configuration": _(
        "La connexion n'a pas pu se faire à cause d'un réglage de Relais. L'équipe est prévenue : connectez-vous "
        "autrement en attendant."
    ),
    # what Relais finds
    "state": _("Ce lien de connexion a déjà servi ou a expiré. Recommencez la connexion depuis le début."),
    "nonce": _("La réponse du service d'identification n'a pas passé nos contrôles de sécurité. Recommencez."),
    "signature": _("La réponse du service d'identification n'a pas passé nos contrôles de sécurité. Recommencez."),
    "expired_code": _("La connexion a pris trop de temps et a expiré. Recommencez."),
    "unavailable": _("Le service d'identification ne répond pas pour le moment. Réessayez dans quelques minutes."),
    "claims": _("Le service d'identification n'a pas donné les informations nécessaires. Recommencez."),
    "not_configured": _("Cette connexion n'est pas disponible sur ce site."),
    "email_unverified": _(
        "Un compte Relais existe déjà avec cette adresse, mais elle n'est pas confirmée. Connectez-vous avec votre "
        "mot de passe et confirmez votre adresse, puis recommencez."
    ),
    "email_changed": _(
        "Cette identité ProConnect est liée à un compte Relais d'une autre adresse électronique. Connectez-vous "
        "avec votre mot de passe, ou demandez à votre structure de vérifier votre adresse."
    ),
    "mismatch": _(
        "L'identité donnée par FranceConnect n'est pas celle de la fiche de cette personne (nom ou date de "
        "naissance différents). Rien n'a été enregistré."
    ),
    "wrong_helper": _("Cette vérification d'identité a été lancée par un autre compte. Recommencez-la."),
}
STATUS = {"unavailable": 504, "server_error": 502, "temporarily_unavailable": 502, "not_configured": 404}


class IdentityError(DomainError):
    """A sign-in or a proof that could not be made; nothing was created."""

    def __init__(self, code: str, detail: str = ""):
        self.code = code if code in MESSAGES else "configuration"
        self.detail = detail
        super().__init__(str(MESSAGES[self.code]))
        self.status = STATUS.get(self.code, 400)


def callback_error(error: str) -> IdentityError:
    """The `error` parameter of a callback: cancelled, provider down, or anything else (configuration)."""
    if error in {"access_denied", "server_error", "temporarily_unavailable"}:
        return IdentityError(error)
    return IdentityError("configuration", error)
