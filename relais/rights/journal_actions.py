"""Journal actions of rights estimates (see relais/journal/actions.py)."""

from django.utils.translation import gettext_lazy as _

from relais.journal.actions import RIGHTS, declare

declare(
    "rights.profile_saved",
    category=RIGHTS,
    sentence=_("%(organisation)s a enregistré votre situation pour estimer vos droits"),
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
