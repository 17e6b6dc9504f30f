"""Helpers shared by the escalation screens."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils.translation import gettext as _

from relais import policy
from relais.escalations import selectors
from relais.policy.roles import active_organisation


def organisation_of(request):
    organisation = active_organisation(request.user)
    if organisation is None:
        raise policy.Refused(_("Choisissez d'abord la structure pour laquelle vous agissez."))
    return organisation


def escalation_or_404(request, escalation_id: int):
    """The escalation, if the user is on one of its sides; 404 otherwise (an uninvited team sees nothing)."""
    escalation = selectors.escalation_for(user=request.user, escalation_id=escalation_id)
    if escalation is None:
        raise Http404
    return escalation


def errors_text(error: ValidationError) -> str:
    return " ".join(error.messages)
