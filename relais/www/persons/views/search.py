"""The person search for professionals (/personnes/): safe, tolerant, journaled."""

from __future__ import annotations

from django.shortcuts import render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _

from relais import policy
from relais.casefile.search import persons_search, search_record
from relais.www.decorators import allowed
from relais.www.persons.forms import PersonSearchForm, page_number


def person_file_url(person) -> str:
    """The person's file (`persons:file`), once that screen exists; "" until then."""
    try:
        return reverse("persons:file", kwargs={"person_id": person.pk})
    except NoReverseMatch:
        return ""


def run_search(request, *, screen: str):
    """Validate the form, search and journal the search (one entry per request, none for an invalid form)."""
    organisation = getattr(request, "organisation", None)
    if organisation is None:
        raise policy.Refused(_("Choisissez d'abord la structure pour laquelle vous agissez."))
    form = PersonSearchForm(request.GET if request.GET.keys() - {"page"} else None)
    outcome = None
    if form.is_valid():
        criteria = form.criteria()
        outcome = persons_search(organisation=organisation, criteria=criteria, page=page_number(request))
        search_record(
            actor=request.user,
            organisation=organisation,
            outcome=outcome,
            screen=screen,
            commune_id=criteria.commune_id,
        )
    return organisation, form, outcome


@allowed("person.search")
def search(request):
    _organisation, form, outcome = run_search(request, screen="persons_search")
    rows = [{"result": result, "url": person_file_url(result.person)} for result in outcome.results] if outcome else []
    return render(
        request,
        "persons/search.html",
        {"title": _("Chercher une personne"), "form": form, "outcome": outcome, "rows": rows},
    )
