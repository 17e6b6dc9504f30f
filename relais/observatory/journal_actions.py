"""Journal actions of the observatory (see relais/journal/actions.py)."""

from django.utils.translation import gettext_lazy as _

from relais.journal.actions import DIRECTORY, SYSTEM, declare

declare("observatory.build", category=SYSTEM, sentence=_("%(actor)s a recalculé l'observatoire territorial"))
declare(
    "observatory.freshness_campaign",
    category=DIRECTORY,
    sentence=_("%(actor)s a lancé une campagne de vérification des lieux du département %(departement)s"),
    details=("departement",),
)
