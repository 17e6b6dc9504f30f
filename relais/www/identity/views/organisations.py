"""After a ProConnect sign-in: the Relais organisations of the SIRET ProConnect gave, proposed (a request to
their managers), never joined automatically; the managers accept (choosing the role) or refuse on « Ma structure »."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from relais import policy
from relais.core.errors import DomainError
from relais.identity import joining, services
from relais.www.decorators import allowed
from relais.www.identity.common import SIRETS_KEY
from relais.www.identity.forms import JoinForm


@allowed("identity.join")
def organisation_offer(request):
    organisations = services.organisations_to_join(user=request.user, sirets=request.session.get(SIRETS_KEY, []))
    if not organisations:
        request.session.pop(SIRETS_KEY, None)
        return redirect("www:dashboard")
    form = JoinForm(request.POST or None, organisations=organisations, initial={"organisation": organisations[0].pk})
    if request.method == "POST":
        if "skip" in request.POST:
            request.session.pop(SIRETS_KEY, None)
            return redirect("www:dashboard")
        if form.is_valid():
            organisation = next(o for o in organisations if o.pk == form.cleaned_data["organisation"])
            services.join_request_create(user=request.user, organisation=organisation)
            request.session.pop(SIRETS_KEY, None)
            messages.success(
                request,
                _(
                    "Votre demande est envoyée aux responsables de %(organisation)s. Vous pourrez agir pour la "
                    "structure quand ils vous auront ajouté."
                )
                % {"organisation": organisation.name},
            )
            return redirect("www:dashboard")
    return render(
        request,
        "identity/organisation_offer.html",
        {"title": _("Rejoindre votre structure"), "form": form, "organisations": organisations},
        status=400 if form.errors else 200,
    )


@require_POST
@allowed("organisation.manage_members")  # the two-factor middleware covers /identite/
def join_request_decide(request, request_id: int):
    organisation = request.organisation
    if organisation is None:
        raise policy.Refused(_("Choisissez d'abord une structure."))
    accept = request.POST.get("decision") == "accepter"
    try:
        join = joining.join_request_decide(
            organisation=organisation,
            request_id=request_id,
            actor=request.user,
            accept=accept,
            role=request.POST.get("role", ""),
        )
    except DomainError as error:
        messages.error(request, error.message)
    else:
        if accept:
            messages.success(
                request, _("%(email)s fait maintenant partie de la structure.") % {"email": join.user.email}
            )
        else:
            messages.info(
                request, _("La demande de %(email)s est refusée ; un message le prévient.") % {"email": join.user.email}
            )
    return redirect("www:organisation")
