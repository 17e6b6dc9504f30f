"""Journal actions of mandates, person records and accompaniment (see relais/journal/actions.py).

`mandate.activated`, `.abandoned`, `.expired` and `.revoked` are recorded by
`states.mandate_transition` (its `JOURNAL_ACTIONS`); the mandate category concerned, when there is
one, is in the entry's details and read as its label (« Logement »)."""

from django.utils.translation import gettext_lazy as _

from relais.journal.actions import MANDATE, declare
from relais.organisations.models import MandateCategory


def category_label(entry) -> dict:
    category = (entry.details or {}).get("category")
    if category in MandateCategory.values:
        return {"category": str(MandateCategory(category).label)}
    return {}


def _mandate(code: str, sentence, *, person_data_access: bool = False, derived: bool = False) -> None:
    declare(
        code,
        category=MANDATE,
        sentence=sentence,
        person_data_access=person_data_access,
        values=category_label if derived else None,
        derived=("category",) if derived else (),
    )


_mandate("mandate.requested", _("%(organisation)s a préparé un mandat"))
_mandate("mandate.consent_code_sent", _("%(organisation)s a envoyé un code d'accord par SMS"))
_mandate("mandate.consented", _("%(organisation)s a enregistré votre accord"))
_mandate("mandate.activated", _("%(organisation)s a activé le mandat"))
_mandate("mandate.abandoned", _("%(organisation)s a abandonné la demande de mandat"))
_mandate("mandate.expired", _("Le mandat donné à %(organisation)s a pris fin (date dépassée)"))
_mandate("mandate.revoked", _("Le mandat donné à %(organisation)s est retiré"))
_mandate("mandate.expiry_reminded", _("Relais a rappelé la fin prochaine du mandat donné à %(organisation)s"))
_mandate(
    "mandate.acting_domain_switched",
    _("%(organisation)s agit maintenant pour vous dans le domaine « %(category)s »"),
    derived=True,
)
_mandate("mandate.authorisation_revoked", _("Accord retiré à %(organisation)s pour « %(category)s »"), derived=True)
_mandate("mandate.acting_started", _("%(organisation)s a commencé à agir pour vous (%(category)s)"), derived=True)
_mandate("person.viewed", _("%(organisation)s a consulté vos informations"), person_data_access=True)
# One entry per list shown to a helper (people followed, mandates, sessions): the persons listed are in its details.
declare(
    "person.listed",
    category=MANDATE,
    person_data_access=True,
    details=("count",),
    sentence=_("%(organisation)s a vu votre nom dans la liste des personnes qu'elle accompagne (%(count)s noms)"),
)
_mandate("person.record_created", _("%(organisation)s a créé votre fiche"))
_mandate("person.claim_code_renewed", _("%(organisation)s a renouvelé le code pour créer votre compte"))
_mandate("person.record_claimed", _("%(actor)s a créé son compte à partir de sa fiche"))
_mandate("accompaniment.recorded", _("%(organisation)s a noté un accompagnement"))
