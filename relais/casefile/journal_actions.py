"""Journal actions of the person file, follow-ups (« suivi ») and private notes (see relais/journal/actions.py).

`follow_up.activated`, `.abandoned`, `.expired` and `.revoked` are recorded by
`states.follow_up_transition`. `person.file_viewed` is the one entry of a whole person-file page: its
details say what was shown (counts per kind, the grants, the notes read)."""

from django.utils.translation import gettext_lazy as _

from relais.journal.actions import MANDATE, declare


def _follow_up(code: str, sentence) -> None:
    declare(code, category=MANDATE, sentence=sentence)


_follow_up("follow_up.requested", _("%(organisation)s vous a proposé un suivi"))
_follow_up("follow_up.consented", _("%(organisation)s a enregistré votre accord de suivi"))
_follow_up("follow_up.activated", _("Votre suivi par %(organisation)s a commencé"))
_follow_up("follow_up.abandoned", _("La proposition de suivi de %(organisation)s est abandonnée"))
_follow_up("follow_up.expired", _("Votre suivi par %(organisation)s a pris fin (date dépassée)"))
_follow_up("follow_up.revoked", _("Votre suivi par %(organisation)s est arrêté"))
declare(
    "person.file_viewed",
    category=MANDATE,
    person_data_access=True,
    sentence=_("%(organisation)s a consulté votre dossier (démarches, documents, droits, notes)"),
)
declare(
    "follow_up.viewed",
    category=MANDATE,
    person_data_access=True,
    sentence=_("%(organisation)s a consulté votre suivi"),
)
declare("note.created", category=MANDATE, sentence=_("%(organisation)s a écrit une note sur votre accompagnement"))
declare("note.struck", category=MANDATE, sentence=_("%(organisation)s a barré une note sur votre accompagnement"))
declare("note.erased", category=MANDATE, sentence=_("Des notes de %(organisation)s sur vous ont été effacées"))
