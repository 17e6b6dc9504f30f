"""The person's space: their dossiers, one dossier's page, their profile, a dossier prepared by a partner."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from relais import policy
from relais.procedures import fields as F_
from relais.procedures import selectors, services
from relais.procedures.models import DossierState
from relais.procedures.states import what_next
from relais.www.decorators import allowed
from relais.www.procedures import forms as pforms
from relais.www.procedures.views.common import acting_kwargs, dossier_for_person, own, summary


@allowed("person.space")
def my_dossiers(request):
    dossiers = list(selectors.dossiers_of_person(person=request.user.person))
    return render(
        request,
        "procedures/my_dossiers.html",
        {
            "title": _("Mes démarches"),
            "drafts": [d for d in dossiers if d.state == DossierState.DRAFT],
            "others": [d for d in dossiers if d.state != DossierState.DRAFT],
        },
    )


def _next_page(dossier) -> int:
    done = set(dossier.meta.get("pages_done", []))
    for index in range(len(F_.pages(dossier.version.fields))):
        if index not in done:
            return index
    return 0


@login_required
def dossier(request, dossier_id):
    dossier = dossier_for_person(request, dossier_id)
    acting = acting_kwargs(request, dossier)
    if not (own(request, dossier) or acting):
        return redirect("procedures:backoffice_dossier", dossier.pk)
    if acting:
        services.dossier_record_read(dossier=dossier, actor=request.user, **acting)
    attachments = selectors.attachments_by_id(dossier=dossier)
    suggestions = services.profile_suggestions(dossier) if dossier.state != DossierState.DRAFT else []
    return render(
        request,
        "procedures/dossier.html",
        {
            "title": dossier.procedure.title,
            "dossier": dossier,
            "help_organisation": dossier.procedure.organisation,
            "what_next": what_next(dossier),
            "timeline": selectors.timeline(dossier=dossier),
            "versions": selectors.dossier_versions(dossier=dossier),
            "last_transition": selectors.last_transition(dossier=dossier),
            "summary": summary(dossier, dossier.data, attachments),
            "messages_list": selectors.dossier_messages(dossier=dossier),
            "message_form": pforms.MessageForm(),
            "can_edit": policy.allows(request.user, "dossier.edit", dossier, **acting),
            "can_message": policy.allows(request.user, "dossier.message", dossier, **acting),
            "acting_for": acting.get("on_behalf_of"),
            # a helper acting for the person may escalate a stuck dossier (relais/www/escalations)
            "can_escalate": bool(acting) and policy.allows(request.user, "escalation.create", dossier.person),
            "next_page": _next_page(dossier),
            "suggestions": suggestions,
            "page_count": len(F_.pages(dossier.version.fields)),
            "pages_done": len(dossier.meta.get("pages_done", [])),
        },
    )


@require_POST
@login_required
def profile_update(request, dossier_id):
    dossier = dossier_for_person(request, dossier_id)
    keys = request.POST.getlist("keys")
    if keys:
        services.profile_update_from_dossier(
            dossier=dossier, actor=request.user, keys=keys, **acting_kwargs(request, dossier)
        )
        messages.success(
            request, _("Votre profil est mis à jour. Ces informations seront proposées dans vos prochaines démarches.")
        )
    else:
        messages.info(request, _("Votre profil n'a pas été changé."))
    return redirect("procedures:dossier", dossier.pk)


@allowed("procedures.profile")
def profile(request):
    person = request.user.person
    initial = pforms.profile_initial(selectors.profile_data(person=person))
    form = pforms.ProfileForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        services.profile_save(person=person, actor=request.user, values=form.values)
        messages.success(
            request, _("Vos informations sont enregistrées. Elles pré-rempliront vos prochaines démarches.")
        )
        return redirect("procedures:profile")
    return render(
        request,
        "procedures/profile.html",
        {
            "title": _("Mes informations (dites-le nous une fois)"),
            "form": form,
        },
    )


def claim(request, token):
    if not request.user.is_authenticated:
        messages.info(request, _("Connectez-vous ou créez un compte pour retrouver le dossier préparé pour vous."))
        return redirect_to_login(request.get_full_path())
    if request.method == "POST":
        try:
            dossier = services.dossier_claim(token=token, actor=request.user)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            return redirect("procedures:my_dossiers")
        messages.success(
            request,
            _("Le dossier préparé pour vous est dans « Mes démarches ». Vérifiez les réponses puis envoyez-le."),
        )
        return redirect("procedures:dossier_page", dossier.pk, 0)
    return render(request, "procedures/claim.html", {"title": _("Retrouver un dossier préparé pour vous")})
