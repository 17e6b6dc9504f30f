"""Journal actions of escalations (see relais/journal/actions.py). The escalation's reference is in each
entry's details; what the person reads never shows an internal note."""

from django.utils.translation import gettext_lazy as _

from relais.journal.actions import DOSSIER, declare


def _escalation(code: str, sentence, *, person_data_access: bool = False, details=("reference",)) -> None:
    declare(code, category=DOSSIER, sentence=sentence, person_data_access=person_data_access, details=details)


_escalation(
    "escalation.opened",
    _("%(organisation)s a demandé à %(team)s de débloquer votre situation (saisine %(reference)s)"),
    details=("reference", "team"),
)
_escalation("escalation.answered", _("Une réponse a été écrite dans la saisine %(reference)s"))
_escalation("escalation.noted", _("L'administration a travaillé sur la saisine %(reference)s"))
_escalation(
    "escalation.invited", _("%(team)s a été invitée dans la saisine %(reference)s"), details=("reference", "team")
)
_escalation(
    "escalation.handed_over",
    _("La saisine %(reference)s a été transmise à %(team)s"),
    details=("reference", "team"),
)
_escalation("escalation.processed", _("L'administration a traité la saisine %(reference)s"))
_escalation(
    "escalation.auto_invited",
    _("Relais a invité le responsable de l'équipe dans la saisine %(reference)s, faute de réponse"),
)
_escalation("escalation.closed", _("%(organisation)s a clôturé la saisine %(reference)s"))
_escalation("escalation.wiped", _("Les informations personnelles de la saisine %(reference)s ont été effacées"))
_escalation(
    "escalation.viewed",
    _("%(organisation)s a consulté la saisine %(reference)s"),
    person_data_access=True,
)
declare(
    "escalation.listed",
    category=DOSSIER,
    person_data_access=True,
    details=("count",),
    sentence=_("%(organisation)s a vu votre nom dans une liste de saisines (%(count)s saisines)"),
)
declare(
    "escalation.person_viewed",
    category=DOSSIER,
    person_data_access=True,
    sentence=_("%(organisation)s a consulté vos informations pour saisir une administration"),
)
