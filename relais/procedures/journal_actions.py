"""Journal actions of procedures and dossiers (see relais/journal/actions.py).

Dossier entries carry the dossier as their object: its reference (D-000004) is derived from the
entry's object id. `dossier.<move>` is recorded by `states.transition` for every move of
`states.TRANSITIONS`; `dossier.read.<what>` by `services.dossier_record_read`."""

from django.utils.translation import gettext_lazy as _

from relais.journal.actions import DOSSIER, PROCEDURE, SYSTEM, declare
from relais.procedures.models import Dossier

#: the values of `what` passed to `services.dossier_record_read` (journal action dossier.read.<what>)
READ_KINDS = ("dossier", "attachment")


def dossier_reference(entry) -> dict:
    if entry.object_type != Dossier._meta.label_lower or not str(entry.object_id).isdigit():
        return {}
    return {"reference": Dossier(pk=int(entry.object_id)).reference}


def _dossier(code: str, sentence, *, on_behalf_sentence=None, person_data_access: bool = False, details=()) -> None:
    declare(
        code,
        category=DOSSIER,
        sentence=sentence,
        on_behalf_sentence=on_behalf_sentence,
        details=details,
        person_data_access=person_data_access,
        values=dossier_reference,
        derived=("reference",),
    )


declare(
    "glossary.save",
    category=PROCEDURE,
    details=("term",),
    sentence=_("%(actor)s a enregistré le mot « %(term)s » dans le glossaire"),
)
declare("procedure.create", category=PROCEDURE, sentence=_("%(organisation)s a créé une démarche"))
declare("procedure.update", category=PROCEDURE, sentence=_("%(organisation)s a modifié une démarche"))
declare("procedure.publish", category=PROCEDURE, sentence=_("%(organisation)s a publié une version d'une démarche"))
declare(
    "profile.save", category=DOSSIER, sentence=_("%(organisation)s a enregistré vos informations utiles aux démarches")
)
declare(
    "dossier.export_csv",
    category=DOSSIER,
    person_data_access=True,  # the file holds the names and answers of every dossier exported
    details=("count",),
    sentence=_("%(organisation)s a exporté %(count)s dossiers d'une démarche"),
)
declare(
    "retention.dossiers_purged",
    category=SYSTEM,
    details=("drafts", "closed"),
    sentence=_("Relais a effacé %(drafts)s brouillons et %(closed)s dossiers clos arrivés en fin de conservation"),
)

# Written for the person by a helper under a mandate.
_dossier("dossier.create", _("%(organisation)s a commencé une démarche pour vous"))
_dossier("dossier.save_page", _("%(organisation)s a rempli une page de votre démarche"))
_dossier("dossier.attachment_remove", _("%(organisation)s a retiré un fichier de votre démarche"))
_dossier("dossier.attach_document", _("%(organisation)s a joint un document de votre coffre-fort à votre démarche"))
_dossier(
    "dossier.message",
    _("%(organisation)s vous a écrit au sujet de votre dossier %(reference)s"),
    on_behalf_sentence=_("%(organisation)s a écrit à l'administration pour vous"),
)
_dossier("dossier.prefill", _("%(organisation)s a prérempli votre dossier %(reference)s"))
_dossier("dossier.claim", _("%(actor)s a rattaché le dossier %(reference)s à son compte"))
_dossier("dossier.assign", _("%(organisation)s a confié votre dossier %(reference)s à un agent"))
# Reads by a professional.
_dossier("dossier.read.dossier", _("%(organisation)s a consulté votre dossier %(reference)s"), person_data_access=True)
_dossier(
    "dossier.read.attachment",
    _("%(organisation)s a consulté un fichier de votre dossier %(reference)s"),
    person_data_access=True,
)
# One entry per page of the back-office list (names shown): the dossiers listed are in its details.
declare(
    "dossier.read.list",
    category=DOSSIER,
    person_data_access=True,
    details=("count",),
    sentence=_("%(organisation)s a vu votre nom dans la liste des dossiers d'une démarche (%(count)s noms)"),
)
# The moves of states.TRANSITIONS, one action each.
_dossier(
    "dossier.submit",
    _("%(actor)s a envoyé le dossier %(reference)s"),
    on_behalf_sentence=_("%(organisation)s a envoyé votre dossier %(reference)s"),
)
_dossier(
    "dossier.resubmit",
    _("%(actor)s a envoyé une correction du dossier %(reference)s"),
    on_behalf_sentence=_("%(organisation)s a renvoyé votre dossier corrigé %(reference)s"),
)
_dossier(
    "dossier.submit_correction",
    _("%(actor)s a renvoyé le dossier corrigé %(reference)s"),
    on_behalf_sentence=_("%(organisation)s a renvoyé votre dossier corrigé %(reference)s"),
)
_dossier("dossier.start_review", _("%(organisation)s a commencé l'examen de votre dossier %(reference)s"))
_dossier("dossier.request_correction", _("%(organisation)s vous demande de corriger votre dossier %(reference)s"))
_dossier("dossier.accept", _("%(organisation)s a accepté votre dossier %(reference)s"))
_dossier("dossier.refuse", _("%(organisation)s a refusé votre dossier %(reference)s"))
_dossier("dossier.close", _("%(organisation)s a clos votre dossier %(reference)s"))
_dossier("dossier.reopen", _("%(organisation)s a rouvert votre dossier %(reference)s"))
