"""Journal actions of referrals (see relais/journal/actions.py). Category: the directory (a referral is the
directory's next step). `referral.viewed_by_service` and `referral.attachment_opened` are the receiving
service's accesses to the person's data: journaled on every access, by link or inbox."""

from django.utils.translation import gettext_lazy as _

from relais.journal.actions import DIRECTORY, declare


def _referral(code: str, sentence, *, person_data_access: bool = False, details=("service",)) -> None:
    declare(code, category=DIRECTORY, sentence=sentence, person_data_access=person_data_access, details=details)


_referral("referral.created", _("%(organisation)s vous a orienté vers « %(service)s »"))
_referral("referral.sent", _("Votre orientation vers « %(service)s » a été envoyée au service"))
_referral("referral.opened", _("Le service « %(service)s » a ouvert votre orientation"), person_data_access=True)
_referral("referral.accepted", _("Le service « %(service)s » a accepté votre orientation"))
_referral("referral.refused", _("Le service « %(service)s » a refusé votre orientation"))
_referral("referral.expired", _("Votre orientation vers « %(service)s » est close sans réponse"))
_referral("referral.cancelled", _("Votre orientation vers « %(service)s » a été annulée"))
_referral("referral.reminded", _("Relais a relancé le service « %(service)s » sur votre orientation"))
_referral("referral.question_asked", _("Le service « %(service)s » a posé une question sur votre orientation"))
_referral("referral.replied", _("%(organisation)s a répondu à une question du service « %(service)s »"))
_referral("referral.link_renewed", _("Un nouveau lien a été envoyé au service « %(service)s »"))
_referral(
    "referral.viewed_by_service",
    _("Le service « %(service)s » a consulté votre orientation"),
    person_data_access=True,
)
_referral(
    "referral.attachment_opened",
    _("Le service « %(service)s » a ouvert un document transmis avec votre orientation"),
    person_data_access=True,
)
_referral(
    "referral.listed",
    _("%(organisation)s a vu la liste de ses orientations (%(count)s)"),
    person_data_access=True,
    details=("count",),
)
_referral(
    "referral.viewed",
    _("%(organisation)s a consulté votre orientation vers « %(service)s »"),
    person_data_access=True,
)
declare(
    "referral.settings_saved",
    category=DIRECTORY,
    sentence=_("%(organisation)s a réglé les orientations d'un service de l'annuaire"),
)
declare("referral.anonymised", category=DIRECTORY, sentence=_("Relais a anonymisé des orientations anciennes"))
