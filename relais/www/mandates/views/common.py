"""What the mandates screens share: the active organisation, the helper's mandate, error text."""

from __future__ import annotations

from django.core import signing
from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils.translation import gettext as _

from relais import policy
from relais.mandates import selectors, services
from relais.mandates.models import Mandate
from relais.organisations.models import Organisation


def _errors(error: ValidationError) -> str:
    return " ".join(error.messages)


def _org(request) -> Organisation:
    organisation = getattr(request, "organisation", None)
    if organisation is None:
        raise policy.Refused(_("Choisissez d'abord la structure pour laquelle vous agissez."))
    return organisation


def _helper_mandate(request, mandate_id: int) -> Mandate:
    mandate = selectors.mandate_for_organisation(organisation=_org(request), mandate_id=mandate_id)
    if mandate is None:
        raise Http404
    policy.require(request.user, "mandate.manage", mandate)
    return mandate


def _journal_view(request, person, *, what: str, mandate=None) -> None:
    services.person_view_record(
        actor=request.user, organisation=request.organisation, person=person, mandate=mandate, screen=what
    )


def _journal_list(request, persons, *, what: str) -> None:
    services.persons_list_record(actor=request.user, organisation=request.organisation, persons=persons, screen=what)


PERSON_KEY_SALT = "relais.mandates.person-found"
PERSON_KEY_MAX_AGE = 2 * 60 * 60


def person_key(*, organisation, person) -> str:
    """Proof that this organisation found this person by their exact email (valid 2 hours)."""
    return signing.dumps({"o": organisation.pk, "p": person.pk}, salt=PERSON_KEY_SALT)
