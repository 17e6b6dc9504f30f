"""Messages on a dossier, from the person (or their helper) or from an agent."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from relais import policy
from relais.documents.processing import UploadRefused
from relais.procedures import services
from relais.www.procedures import forms as pforms
from relais.www.procedures.views.common import acting_kwargs, dossier_for_person, own


@require_POST
@login_required
def message_post(request, dossier_id):
    dossier = dossier_for_person(request, dossier_id, "dossier.message")
    acting = acting_kwargs(request, dossier)
    form = pforms.MessageForm(request.POST, request.FILES)
    target = reverse("procedures:dossier", args=[dossier.pk])
    if not acting and policy.allows(request.user, "dossier.instruct", dossier) and not own(request, dossier):
        target = reverse("procedures:backoffice_dossier", args=[dossier.pk])
    if not form.is_valid():
        messages.error(request, _("Écrivez votre message avant de l'envoyer."))
        return redirect(target + "#messages")
    upload = None
    if form.cleaned_data.get("file"):
        upload = (form.cleaned_data["file"].name, form.cleaned_data["file"].read())
    try:
        services.message_post(
            dossier=dossier, actor=request.user, body=form.cleaned_data["body"], upload=upload, **acting
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    except UploadRefused as refusal:
        messages.error(request, _("Le message n'est pas envoyé : %(reason)s") % {"reason": refusal.message})
    else:
        messages.success(request, _("Message envoyé."))
    return redirect(target + "#messages")
