"""Screens of the territory feature: the "find a commune" page and the picker's suggestions."""

import re

from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from relais.territory import selectors
from relais.www.decorators import allowed
from relais.www.territory.forms import CommuneLookupForm

_SAFE_ID = re.compile(r"^[A-Za-z0-9_-]{1,100}$")
SUGGESTION_COUNT = 8


@require_GET
@allowed("territory.search")
def lookup(request):
    form = CommuneLookupForm(request.GET if "commune" in request.GET else None)
    commune = form.cleaned_data["commune"] if form.is_bound and form.is_valid() else None
    return render(
        request, "territory/lookup.html", {"title": _("Chercher une commune"), "form": form, "commune": commune}
    )


@require_GET
@allowed("territory.search")
def suggest(request):
    """htmx fragment: a listbox of communes for the text of the field named by `field`."""
    field = request.GET.get("field") or "q"
    picker_id = request.GET.get("id") or f"id_{field}"
    if not _SAFE_ID.match(picker_id):
        picker_id = "id_commune"
    query = (request.GET.get(field) or "").strip()
    communes, are_suggestions = [], False
    if len(query) >= 2:
        communes = selectors.commune_search(query, limit=SUGGESTION_COUNT)
        if not communes and not query.isdigit():
            communes, are_suggestions = selectors.commune_suggestions(query, limit=5), True
    return render(
        request,
        "components/commune_picker_options.html",
        {
            "communes": communes,
            "are_suggestions": are_suggestions,
            "picker_id": picker_id,
            "query": query if len(query) >= 2 else "",
        },
    )
