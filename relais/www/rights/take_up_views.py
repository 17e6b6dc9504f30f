"""Rights probably not claimed, worked through: the rows of a batch with their state (to do, in
progress, closed), marking a row, and the take-up figures of the organisation for its managers."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from relais import policy
from relais.core.downloads import set_download_name
from relais.policy.roles import active_organisation
from relais.rights import selectors, take_up
from relais.rights.models import TakeUpState
from relais.rights.states import TakeUpError, next_states
from relais.www.decorators import allowed
from relais.www.rights.links import person_file_path

FILTER_LABELS = {
    "a-faire": gettext_lazy("À faire"),
    "en-cours": gettext_lazy("En cours"),
    "termine": gettext_lazy("Terminées"),
}


def batch_rows_context(request, batch) -> dict:
    """What the batch page shows: the rows of the chosen filter, with their next states and links."""
    filter_name = request.GET.get("etat", selectors.DEFAULT_FILTER)
    if filter_name not in selectors.FILTERS:
        filter_name = selectors.DEFAULT_FILTER
    rights = selectors.unclaimed_of_batch(batch=batch, filter_name=filter_name)
    counts = selectors.unclaimed_filter_counts(batch=batch)
    amounts = {(row.get("person_id"), row.get("benefit")): row for row in batch.rows}
    rows = [
        {
            "right": right,
            "person_file": person_file_path(right.person_id),
            "detail": amounts.get((right.person_id, right.benefit), {}),
            "next_states": next_states(right.state),
        }
        for right in rights
    ]
    return {
        "rows": rows,
        "filter_name": filter_name,
        "filters": [(name, str(FILTER_LABELS[name]), counts.get(name, 0)) for name in selectors.FILTERS],
    }


@require_POST
@allowed("rights.batch_space")
def unclaimed_mark(request, right_id: int):
    right = selectors.unclaimed_right_for(organisation=active_organisation(request.user), right_id=right_id)
    if right is None:
        raise Http404
    state = request.POST.get("state", "")
    batch_id = request.POST.get("batch", "")
    filter_name = request.POST.get("etat", selectors.DEFAULT_FILTER)
    try:
        take_up.unclaimed_mark(right=right, actor=request.user, state=state)
    except TakeUpError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            _("C'est noté : « %(label)s » pour %(person)s est maintenant « %(state)s ».")
            % {"label": right.label, "person": right.person, "state": TakeUpState(state).label},
        )
    if batch_id.isdigit() and filter_name in selectors.FILTERS:
        return redirect(f"{reverse('rights:batch_detail', args=[int(batch_id)])}?etat={filter_name}")
    return redirect("rights:batch_home")


def take_up_context(request, organisation) -> dict:
    """The take-up block of the batch home (managers only)."""
    if not policy.allows(request.user, "rights.take_up_view"):
        return {}
    counts = selectors.take_up_counts(organisation=organisation)
    detected = counts["detected"] or 1
    steps = [
        (_("Repérées"), counts["detected"]),
        (_("Personnes contactées"), counts["contacted"]),
        (_("Demandes faites"), counts["claimed"]),
        (_("Aides obtenues"), counts["obtained"]),
    ]
    return {
        "take_up": [
            {"label": label, "count": count, "percent": round(100 * count / detected)} for label, count in steps
        ],
        "take_up_not_interested": counts["not_interested"],
    }


@allowed("rights.take_up_view")
def take_up_csv(request):
    organisation = active_organisation(request.user)
    content = take_up.take_up_csv(organisation=organisation, actor=request.user)
    response = HttpResponse("\ufeff" + content, content_type="text/csv; charset=utf-8")
    return set_download_name(response, "suivi-droits-non-reclames.csv")
