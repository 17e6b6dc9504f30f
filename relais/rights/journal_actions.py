"""Journal actions of rights estimates (see relais/journal/actions.py)."""

from django.utils.translation import gettext_lazy as _

from relais.journal.actions import RIGHTS, SYSTEM, declare
from relais.rights.models import TakeUpState

declare(
    "rights.profile_saved",
    category=RIGHTS,
    sentence=_("%(organisation)s a enregistré votre situation pour estimer vos droits"),
)
declare(
    "rights.result_saved",
    category=RIGHTS,
    details=("benefits",),
    sentence=_("%(organisation)s a enregistré une estimation de vos droits dans votre dossier (%(benefits)s aides)"),
)
declare(
    "rights.summary_sent",
    category=RIGHTS,
    details=("benefits",),
    sentence=_("%(organisation)s vous a envoyé le résumé d'une estimation de vos droits"),
)
declare(
    "rights.profile_opened",
    category=RIGHTS,
    person_data_access=True,
    sentence=_("%(organisation)s a consulté votre situation pour estimer vos droits"),
)
declare(
    "rights.person_viewed",
    category=RIGHTS,
    person_data_access=True,
    sentence=_("%(organisation)s a ouvert votre fiche pour estimer vos droits"),
)
declare(
    "rights.batch_viewed",
    category=RIGHTS,
    person_data_access=True,
    details=("count",),
    sentence=_("%(organisation)s a vu votre nom dans une recherche de droits non réclamés (%(count)s noms)"),
)
declare(
    "rights.batch_started",
    category=RIGHTS,
    sentence=_("%(organisation)s a lancé une estimation de droits pour plusieurs personnes"),
)
declare(
    "rights.batch_exported",
    category=RIGHTS,
    person_data_access=True,  # the file names the persons and their probable rights
    sentence=_("%(organisation)s a exporté une estimation de droits pour plusieurs personnes"),
)


def _take_up_values(entry) -> dict:
    """The state's label (« contacté ») rather than its code."""
    to = (entry.details or {}).get("to")
    return {"state": str(TakeUpState(to).label) if to in TakeUpState.values else str(_("suivi"))}


declare(
    "rights.unclaimed_marked",
    category=RIGHTS,
    details=("label",),
    values=_take_up_values,
    derived=("state",),
    sentence=_("%(organisation)s a noté « %(state)s » pour l'aide « %(label)s »"),
)
declare(
    "rights.take_up_exported",
    category=RIGHTS,
    person_data_access=True,  # the file names the persons and where their claims stand
    sentence=_("%(organisation)s a exporté le suivi des droits non réclamés"),
)
declare(
    "retention.unclaimed_rights_purged",
    category=SYSTEM,
    details=("count",),
    sentence=_("Relais a effacé %(count)s suivis de droits non réclamés arrivés en fin de conservation"),
)
declare(
    "retention.rights_profiles_purged",
    category=SYSTEM,
    details=("count",),
    sentence=_("Relais a effacé %(count)s réponses au simulateur de droits restées sans changement 2 ans"),
)
