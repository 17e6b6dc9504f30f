"""The person's own pages: their mandates, who did what for them, revoking, consenting."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from relais.accounts.models import Person
from relais.mandates import selectors, services
from relais.mandates.models import MandateState
from relais.mandates.states import TransitionError
from relais.organisations.models import MandateCategory
from relais.www.decorators import allowed
from relais.www.mandates.views.common import (
    _errors,
)

# --- The person's own view ----------------------------------------------------------------------


def _own_person(request) -> Person:
    return request.user.person


@allowed("mandate.view_own")
def person_mandates(request):
    person = _own_person(request)
    mandates = list(selectors.mandates_of_person(person=person, include_abandoned=False))
    return render(
        request,
        "mandates/person_mandates.html",
        {
            "title": _("Mes mandats"),
            "active": [m for m in mandates if m.is_in_force],
            "pending": list(selectors.pending_consent_requests(person=person)),
            "ended": [m for m in mandates if not m.is_in_force and m.state != MandateState.PENDING],
            "journal": selectors.person_history(person=person),
        },
    )


@require_POST
@allowed("mandate.revoke")
def person_revoke(request, mandate_id: int):
    person = _own_person(request)
    mandate = selectors.mandate_for_person(person=person, mandate_id=mandate_id)
    if mandate is None:
        raise Http404
    category = request.POST.get("category", "")
    try:
        if category == "__all__":
            services.mandate_revoke(mandate=mandate, actor=request.user)
            messages.success(
                request,
                _("C'est fait : %(org)s ne peut plus rien faire pour vous.") % {"org": mandate.organisation.name},
            )
        else:
            services.authorisation_revoke(mandate=mandate, category=category, actor=request.user)
            messages.success(
                request,
                _("C'est fait : accord retiré pour « %(cat)s ». Les autres domaines ne changent pas.")
                % {"cat": MandateCategory(category).label},
            )
    except (ValidationError, ValueError) as error:
        messages.error(request, _errors(error) if isinstance(error, ValidationError) else _("Domaine inconnu."))
    except TransitionError as error:
        messages.error(request, str(error))
    return redirect("mandates:person_mandates")


@require_POST
@allowed("mandate.consent")
def person_consent(request, mandate_id: int):
    person = _own_person(request)
    mandate = selectors.mandate_for_person(person=person, mandate_id=mandate_id)
    if mandate is None:
        raise Http404
    accept = request.POST.get("answer") == "yes"
    try:
        services.mandate_consent_by_account(mandate=mandate, user=request.user, accept=accept)
    except (ValidationError, TransitionError) as error:
        messages.error(request, _errors(error) if isinstance(error, ValidationError) else str(error))
    else:
        if accept:
            messages.success(request, _("Merci. Votre aidant va maintenant confirmer le mandat."))
        else:
            messages.info(request, _("Vous avez refusé. Rien n'a été donné à la structure."))
    return redirect("mandates:person_mandates")


@allowed("mandate.consent")
def person_consent_text(request, mandate_id: int):
    person = _own_person(request)
    mandate = selectors.mandate_for_person(person=person, mandate_id=mandate_id)
    if mandate is None:
        raise Http404
    language = "en" if (request.GET.get("langue") == "en" or translation.get_language() == "en") else "fr"
    return render(
        request,
        "mandates/person_consent.html",
        {
            "title": _("Demande d'accord de %(org)s") % {"org": mandate.organisation.name},
            "mandate": mandate,
            "consent_text": mandate.consent_text.text_for(language),
        },
    )
