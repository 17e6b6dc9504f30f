"""The coordinator's dashboard (and an organisation manager's, for its département): the commune map, the
flags, the stale places by organisation with the one-click freshness campaign, the organisations' activity."""

from __future__ import annotations

from django.contrib import messages as flash
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from relais import policy
from relais.observatory import selectors
from relais.observatory.rules import coordinated_codes, dashboard_codes
from relais.observatory.services import freshness_campaign_launch
from relais.policy.roles import is_staff
from relais.www.decorators import allowed
from relais.www.observatory.views.public import departement_context


def _codes(user) -> list[str]:
    return selectors.all_departement_codes() if is_staff(user) else dashboard_codes(user)


@allowed("observatory.dashboard")
def dashboard(request):
    codes = _codes(request.user)
    code = request.GET.get("departement") or (codes[0] if codes else "")
    policy.require(request.user, "observatory.dashboard", code)
    build = selectors.latest_build()
    context = {"build": build, "code": code}
    if build is not None and selectors.departement_figures(build=build, code=code) is not None:
        context.update(departement_context(request, build, code, public_only=False))
    names = {d.code: d for d in selectors.departements_named(codes)}
    context.update(
        {
            "title": _("Tableau de bord de l'observatoire"),
            "choices": [names.get(c, c) for c in codes],
            "named": names.get(code, code),
            "stale": selectors.stale_by_organisation(departement_code=code),
            "activity": selectors.activity(departement_code=code),
            "may_campaign": policy.allows(request.user, "observatory.campaign", code),
            "coordinated": coordinated_codes(request.user),
        }
    )
    return render(request, "observatory/dashboard.html", context)


@require_POST
@allowed("observatory.campaign")
def campaign(request, code: str):
    counts = freshness_campaign_launch(actor=request.user, departement_code=code)
    if counts["organisations"]:
        flash.success(
            request,
            _(
                "Campagne lancée : %(organisations)s structure(s) prévenue(s) pour %(places)s lieu(x) à vérifier "
                "(%(notifications)s message(s) ; une structure déjà prévenue aujourd'hui ne l'est pas deux fois)."
            )
            % counts,
        )
    else:
        flash.info(request, _("Aucun lieu à vérifier dans ce département : aucune structure n'a été prévenue."))
    return redirect(reverse("observatory:dashboard") + f"?departement={code}#fraicheur")
