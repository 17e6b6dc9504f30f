"""Acting for a person under a mandate: choosing the person and category, the acting home,
starting a procedure for them."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from relais import policy
from relais.documents import selectors as document_selectors
from relais.mandates import selectors, services
from relais.organisations.models import MandateCategory
from relais.procedures import selectors as procedure_selectors
from relais.procedures import services as procedure_services
from relais.www.decorators import allowed
from relais.www.mandates import forms
from relais.www.mandates.acting import (
    acting_clear,
    acting_refusal,
    acting_set,
    current_acting,
    require_acting_domain,
    safe_next,
)
from relais.www.mandates.views.common import (
    _errors,
    _journal_list,
    _journal_view,
    _org,
)

# --- Acting for a person ------------------------------------------------------------------------


def _chosen(choices) -> set[int]:
    return {int(value.split(":", 1)[0]) for value, _label in choices}


@allowed("mandates.helper_space")
def acting_start(request):
    organisation = _org(request)
    mandates = list(selectors.active_mandates_of_organisation(organisation=organisation))
    allowed_cats = set(organisation.allowed_mandate_categories or [])
    choices = []
    for mandate in mandates:
        for category in mandate.active_categories():
            if category in allowed_cats:
                label = _("%(person)s — %(cat)s (jusqu'au %(end)s)") % {
                    "person": mandate.person,
                    "cat": MandateCategory(category).label,
                    "end": timezone.localtime(mandate.expires_at).strftime("%d/%m/%Y"),
                }
                choices.append((f"{mandate.pk}:{category}", label))
    initial = {}
    if request.GET.get("personne"):
        wanted = [
            value
            for value, _label in choices
            if value.startswith(tuple(f"{m.pk}:" for m in mandates if str(m.person_id) == request.GET["personne"]))
        ]
        if len(wanted) == 1:
            initial = {"mandate_category": wanted[0]}
    form = forms.ActingForm(request.POST or None, choices=choices, initial=initial)
    if request.method == "POST" and form.is_valid():
        mandate_id, category = form.cleaned_data["mandate_category"].split(":", 1)
        mandate = selectors.mandate_for_organisation(organisation=organisation, mandate_id=int(mandate_id))
        if mandate is None:
            raise Http404
        try:
            mandate = services.acting_start(
                actor=request.user, person=mandate.person, category=category, organisation=organisation
            )
        except policy.Refused as refused:
            messages.error(request, refused.message)
            return redirect("mandates:acting_start")
        acting_set(request, mandate=mandate, category=category)
        return redirect("mandates:acting_home")
    if request.method == "GET":  # the choices name the people followed
        _journal_list(request, [m.person_id for m in mandates if m.pk in _chosen(choices)], what="acting_start")
    return render(
        request,
        "mandates/acting_start.html",
        {"title": _("Agir pour une personne"), "form": form, "has_choices": bool(choices)},
    )


@require_POST
@allowed("mandates.helper_space")
def acting_stop(request):
    acting_clear(request)
    messages.info(request, _("Vous n'agissez plus pour cette personne."))
    return redirect("mandates:helper_home")


@allowed("mandates.helper_space")
def acting_home(request):
    acting = current_acting(request)
    if acting is None:
        reason = acting_refusal(request)
        if reason:
            raise policy.Refused(reason)
        messages.info(request, _("Choisissez d'abord la personne pour qui vous agissez."))
        return redirect("mandates:acting_start")
    _journal_view(request, acting.person, what="acting_home", mandate=acting.mandate)
    dossiers = list(procedure_selectors.dossiers_of_person(person=acting.person))
    return render(
        request,
        "mandates/acting_home.html",
        {
            "title": _("Agir pour %(person)s") % {"person": acting.person},
            "procedures": list(procedure_selectors.published_procedures(category=acting.category)[:50]),
            "dossiers": dossiers,
            "documents": list(document_selectors.documents_of(acting.person)[:20]),
        },
    )


@require_POST
@allowed("mandates.helper_space")
def acting_procedure(request, procedure_id: int):
    """Start a dossier of `procedure` for the person acted for (the procedures service checks the mandate)."""
    acting = current_acting(request)
    if acting is None:
        raise policy.Refused(acting_refusal(request) or _("Choisissez d'abord la personne pour qui vous agissez."))
    procedure = procedure_selectors.published_procedure_get(procedure_id=procedure_id)
    if procedure is None:
        raise Http404
    require_acting_domain(request, acting, procedure.category)
    try:
        dossier = procedure_services.dossier_start(
            procedure=procedure, actor=request.user, on_behalf_of=acting.person, mandate=acting.mandate
        )
    except ValidationError as error:
        messages.error(request, _errors(error))
        return redirect("mandates:acting_home")
    messages.success(request, _("Démarche commencée pour %(person)s.") % {"person": acting.person})
    return redirect("procedures:dossier", dossier_id=dossier.pk)


@require_POST
@allowed("mandates.helper_space")
def acting_switch(request):
    """« Passer au domaine X »: the same mandate, another domain it covers, chosen explicitly."""
    acting = current_acting(request)
    if acting is None:
        raise policy.Refused(acting_refusal(request) or _("Choisissez d'abord la personne pour qui vous agissez."))
    category = request.POST.get("category", "")
    if category not in MandateCategory.values:
        messages.error(request, _("Choisissez le domaine dans lequel vous voulez agir."))
        return redirect("mandates:acting_home")
    if category != acting.category:
        services.acting_domain_switch(
            actor=request.user, mandate=acting.mandate, category=category, previous=acting.category
        )
        acting_set(request, mandate=acting.mandate, category=category)
    messages.success(
        request,
        _("Vous agissez maintenant pour %(person)s dans le domaine « %(cat)s ».")
        % {"person": acting.person, "cat": MandateCategory(category).label},
    )
    return redirect(safe_next(request, request.POST.get("next"), reverse("mandates:acting_home")))
