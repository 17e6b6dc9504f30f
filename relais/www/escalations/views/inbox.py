"""The inbox: the escalations of the helper's organisation, or those the agent's teams were invited to,
filtered by status and team, sorted, with a badge on those with news; the notification preference."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from relais.escalations import selectors, services
from relais.escalations.models import Preference, Status
from relais.www.decorators import allowed
from relais.www.escalations.forms import PreferenceForm

ORDERS = {
    "activity": gettext_lazy("Activité la plus récente"),
    "oldest": gettext_lazy("Les plus anciennes d'abord"),
    "deadline": gettext_lazy("Décision implicite la plus proche"),
}


def _int(value: str, default: int) -> int:
    return int(value) if (value or "").isdigit() else default


@allowed("escalation.inbox")
def inbox(request):
    status = request.GET.get("statut", "")
    order = request.GET.get("tri", "activity")
    team_id = _int(request.GET.get("equipe", ""), 0) or None
    page = _int(request.GET.get("page", ""), 1)
    rows = selectors.inbox(user=request.user, status=status, team_id=team_id, order=order, page=page)
    more = len(rows) > selectors.INBOX_PAGE
    rows = rows[: selectors.INBOX_PAGE]
    services.inbox_listed(actor=request.user, escalations=rows)
    preference = Preference.objects.filter(user=request.user).first()
    return render(
        request,
        "escalations/inbox.html",
        {
            "title": _("Saisines"),
            "rows": rows,
            "status": status,
            "statuses": [("", _("Ouvertes")), *Status.choices, ("all", _("Toutes"))],
            "order": order if order in ORDERS else "activity",
            "orders": list(ORDERS.items()),
            "teams": selectors.my_teams(request.user),
            "team_id": team_id,
            "page": page,
            "more": more,
            "preference_form": PreferenceForm(initial={"digest": bool(preference and preference.digest)}),
        },
    )


@require_POST
@allowed("escalation.inbox")
def preferences(request):
    form = PreferenceForm(request.POST)
    form.is_valid()
    services.preference_set(user=request.user, digest=bool(form.cleaned_data.get("digest")))
    messages.success(request, _("Votre choix de messages est enregistré."))
    return redirect("escalations:inbox")
