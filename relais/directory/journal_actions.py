"""Journal actions of the directory of places (see relais/journal/actions.py)."""

from django.utils.translation import gettext_lazy as _

from relais.journal.actions import DIRECTORY, declare

declare(
    "directory.place_created",
    category=DIRECTORY,
    sentence=_("%(organisation)s a ajouté le lieu « %(name)s » à l'annuaire"),
    details=("name",),
)
declare("directory.place_updated", category=DIRECTORY, sentence=_("%(organisation)s a modifié un lieu de l'annuaire"))
declare(
    "directory.source_proposal",
    category=DIRECTORY,
    sentence=_("%(organisation)s a répondu à une mise à jour proposée par la source d'un lieu"),
)
declare(
    "directory.place_confirmed",
    category=DIRECTORY,
    sentence=_("%(organisation)s a confirmé les informations d'un lieu de l'annuaire"),
)
declare(
    "directory.place_published", category=DIRECTORY, sentence=_("%(organisation)s a publié un lieu dans l'annuaire")
)
declare("directory.place_hidden", category=DIRECTORY, sentence=_("%(organisation)s a masqué un lieu de l'annuaire"))
declare(
    "directory.service_saved",
    category=DIRECTORY,
    sentence=_("%(organisation)s a enregistré un service d'un lieu de l'annuaire"),
)
declare(
    "directory.error_reported",
    category=DIRECTORY,
    sentence=_("Une erreur a été signalée sur un lieu de %(organisation)s"),
)
declare(
    "directory.error_report_resolved",
    category=DIRECTORY,
    sentence=_("%(organisation)s a traité un signalement d'erreur"),
)
declare(
    "directory.freshness_campaign",
    category=DIRECTORY,
    sentence=_("Relais a demandé à %(organisation)s de vérifier ses lieux"),
)
declare("directory.import", category=DIRECTORY, sentence=_("%(actor)s a importé des lieux dans l'annuaire"))
