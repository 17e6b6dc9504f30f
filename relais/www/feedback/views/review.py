"""The review at the end of a procedure, of the rights simulator and of the directory: one page, no JavaScript."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from relais.feedback import selectors
from relais.feedback.models import Kind
from relais.feedback.services.reviews import ReviewRefused, client_hash, review_submit
from relais.policy.roles import is_person
from relais.policy.throttle import client_ip
from relais.www.decorators import allowed
from relais.www.feedback.forms import ReviewForm

KINDS = {"demarche": Kind.PROCEDURE, "simulateur": Kind.SIMULATOR, "annuaire": Kind.DIRECTORY}
REMOVED_WORDS = {
    "email": gettext_lazy("une adresse électronique"),
    "iban": gettext_lazy("un numéro de compte bancaire (IBAN)"),
    "nir": gettext_lazy("un numéro de sécurité sociale"),
    "phone": gettext_lazy("un numéro de téléphone"),
}


def removed_message(kinds: list[str]) -> str:
    words = sorted({str(REMOVED_WORDS[k]) for k in kinds})
    return _("Nous avons retiré de votre texte ce qui ressemblait à %(what)s, pour protéger vos données.") % {
        "what": ", ".join(words)
    }


def _subject(kind: str, request):
    code = KINDS.get(kind)
    if code is None:
        raise Http404
    procedure = None
    if code == Kind.PROCEDURE:
        procedure = selectors.procedure_for_review(slug=request.GET.get("demarche", ""))
        if procedure is None:
            raise Http404
    return code, procedure


@allowed("feedback.review")
def give(request, kind: str):
    code, procedure = _subject(kind, request)
    archived = procedure is not None and (procedure.is_archived or procedure.current_version_id is None)
    form = ReviewForm(request.POST if request.method == "POST" else None, person=is_person(request.user))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            _review, removed = review_submit(
                actor=request.user,
                kind=code,
                procedure=procedure,
                satisfaction=data["satisfaction"],
                comprehension=int(data["comprehension"]) if data["comprehension"] else None,
                contact_tried=data["contact_tried"],
                contact_reached=data["contact_reached"],
                contact_satisfaction=data["contact_satisfaction"],
                verbatim=data["verbatim"],
                link_to_person=data.get("link_to_person", False),
                client=client_hash(ip=client_ip(request), user_agent=request.META.get("HTTP_USER_AGENT", "")),
            )
        except ReviewRefused as refused:
            form.add_error(None, refused.message)
        else:
            if removed:
                messages.warning(request, removed_message(removed))
            query = f"?demarche={procedure.slug}" if procedure else ""
            return redirect(reverse("feedback:review_thanks") + query)
    if code == Kind.PROCEDURE:
        title = _("Votre avis sur la démarche « %(title)s »") % {"title": procedure.title}
    elif code == Kind.SIMULATOR:
        title = _("Votre avis sur le simulateur de droits")
    else:
        title = _("Votre avis sur l'annuaire des lieux d'aide")
    return render(
        request,
        "feedback/review.html",
        {"title": title, "form": form, "procedure": procedure, "archived": archived, "kind": kind},
    )


@allowed("feedback.review")
def thanks(request):
    procedure = selectors.procedure_for_review(slug=request.GET.get("demarche", ""))
    return render(request, "feedback/thanks.html", {"title": _("Merci pour votre avis"), "procedure": procedure})
