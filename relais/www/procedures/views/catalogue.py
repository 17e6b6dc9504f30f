"""The public catalogue of procedures, a procedure's page, starting a dossier, the glossary."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from relais import policy
from relais.organisations.models import MandateCategory
from relais.procedures import fields as F_
from relais.procedures import selectors, services
from relais.www.decorators import allowed
from relais.www.mandates.acting import acting_refusal, current_acting, require_acting_domain
from relais.www.procedures import forms as pforms


def catalogue(request):
    category = request.GET.get("categorie", "")
    text = request.GET.get("q", "").strip()[:100]
    procedures = selectors.published_procedures(category=category, text=text)
    return render(
        request,
        "procedures/catalogue.html",
        {
            "title": _("Démarches en ligne"),
            "procedures": procedures,
            "categories": MandateCategory.choices,
            "category": category,
            "q": text,
            # Only a person has a space of their own dossiers (a professional gets a 403 there).
            "has_own_dossiers": policy.allows(request.user, "person.space"),
        },
    )


def detail(request, slug):
    procedure = selectors.procedure_by_slug(slug=slug)
    policy.require(request.user, "procedure.view", procedure)
    drafts = []
    if request.user.is_authenticated and hasattr(request.user, "person"):
        drafts = selectors.person_drafts(procedure=procedure, person=request.user.person)
    pages = F_.pages(procedure.current_version.fields) if procedure.current_version else []
    return render(
        request,
        "procedures/detail.html",
        {
            "title": procedure.title,
            "procedure": procedure,
            "help_organisation": procedure.organisation,
            "drafts": drafts,
            "page_count": len(pages),
        },
    )


@require_POST
def start(request, slug):
    procedure = selectors.procedure_by_slug(slug=slug)
    if not request.user.is_authenticated:
        return redirect_to_login(reverse("procedures:detail", args=[slug]))
    if not hasattr(request.user, "person"):  # a professional: only while acting for a person, under a mandate
        acting = current_acting(request)
        if acting is None:
            raise policy.Refused(
                acting_refusal(request)
                or _(
                    "Pour faire une démarche pour une personne, choisissez d'abord "
                    "la personne pour qui vous agissez (espace « Mandats »)."
                )
            )
        require_acting_domain(request, acting, procedure.category)
        dossier = services.dossier_start(
            actor=request.user, procedure=procedure, on_behalf_of=acting.person, mandate=acting.mandate
        )
        messages.success(request, _("Démarche commencée pour %(person)s.") % {"person": acting.person})
        return redirect("procedures:dossier_page", dossier.pk, 0)
    dossier = services.dossier_start(actor=request.user, procedure=procedure)
    return redirect("procedures:dossier_page", dossier.pk, 0)


def glossary(request):
    return render(
        request,
        "procedures/glossary.html",
        {
            "title": _("Les mots de l'administration expliqués"),
            "terms": selectors.glossary_terms(),
        },
    )


@allowed("glossary.manage")
def glossary_manage(request, term_id=None):
    instance = selectors.glossary_term_get(term_id=term_id) if term_id else None
    initial = {"term": instance.term, "slug": instance.slug, "definition": instance.definition} if instance else None
    form = pforms.GlossaryTermForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.glossary_term_save(actor=request.user, instance=instance, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Le terme est enregistré."))
            return redirect("procedures:glossary_manage")
    return render(
        request,
        "procedures/glossary_manage.html",
        {
            "title": _("Gérer le glossaire"),
            "form": form,
            "terms": selectors.glossary_terms(),
            "instance": instance,
        },
    )
