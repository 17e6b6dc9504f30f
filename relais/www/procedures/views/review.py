"""Checking a dossier before sending it, and sending it (first time or corrected)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from relais import policy
from relais.procedures import fields as F_
from relais.procedures import selectors, services
from relais.procedures.models import DossierState
from relais.procedures.services import NotReady, StaleDossier
from relais.www.procedures.views.common import acting_kwargs, dossier_for_person, summary


@login_required
def dossier_review(request, dossier_id):
    dossier = dossier_for_person(request, dossier_id)
    acting = acting_kwargs(request, dossier)
    if not policy.allows(request.user, "dossier.submit", dossier, **acting):
        return redirect("procedures:dossier", dossier.pk)
    problems = {}
    if request.method == "POST":  # the service checks the answers itself, on the locked row
        try:
            services.dossier_submit(
                dossier=dossier, actor=request.user, revision=int(request.POST.get("revision") or 0), **acting
            )
        except StaleDossier as stale:
            messages.error(request, stale.message)
            return redirect("procedures:dossier_review", dossier.pk)
        except NotReady as not_ready:
            problems = not_ready.problems
            messages.error(request, _("Il manque des réponses : complétez-les avant d'envoyer."))
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            problems = services.submission_problems(dossier)
        else:
            if acting:
                messages.success(
                    request,
                    _(
                        "Le dossier de %(person)s est envoyé. %(person)s et votre structure vont "
                        "recevoir une confirmation."
                    )
                    % {"person": acting["on_behalf_of"]},
                )
            else:
                messages.success(request, _("Votre dossier est envoyé. Vous allez recevoir une confirmation."))
            return redirect("procedures:dossier", dossier.pk)
    else:
        problems = services.submission_problems(dossier)
        if acting:  # a helper reads the person's answers under the mandate
            services.dossier_record_read(dossier=dossier, actor=request.user, **acting)
    attachments = selectors.attachments_by_id(dossier=dossier)
    problem_list = [
        {"text": text, "page": services.page_of_key(dossier.version, key)} for key, text in problems.items()
    ]
    return render(
        request,
        "procedures/review.html",
        {
            "title": _("Vérifier et envoyer — %(title)s") % {"title": dossier.procedure.title},
            "dossier": dossier,
            "summary": summary(dossier, dossier.data, attachments),
            "problems": problem_list,
            "help_organisation": dossier.procedure.organisation,
            "page_count": len(F_.pages(dossier.version.fields)),
            "is_correction": dossier.state != DossierState.DRAFT,
        },
    )
