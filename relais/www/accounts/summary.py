"""« Mes données » in plain French: what Relais keeps about the person, on one page they can print or
save (the JSON download next to it holds everything, for another service). The screen composes the
domains here, so the view calls this one function."""

from __future__ import annotations

from django.shortcuts import render
from django.utils.translation import gettext as _

from relais.documents import selectors as documents
from relais.mandates import selectors as mandates
from relais.procedures import selectors as procedures
from relais.www.accounts.views import second_factor_required
from relais.www.decorators import allowed


def my_data_summary(*, user) -> dict:
    person = getattr(user, "person", None)
    summary = {
        "account": user,
        "person": person,
        "phone": (person.phone if person else "") or user.phone,
        "dossiers": [],
        "documents": [],
        "mandates": [],
        "history": [],
    }
    if person is not None:
        summary["dossiers"] = list(procedures.dossiers_of_person(person=person))
        summary["documents"] = list(documents.documents_of(person))
        summary["mandates"] = list(mandates.mandates_of_person(person=person))
        summary["history"] = mandates.person_history(person=person)
    return summary


@allowed("person.export_own_data")
@second_factor_required
def export_summary(request):
    return render(
        request,
        "accounts/export_summary.html",
        {"title": _("Mes données"), **my_data_summary(user=request.user)},
    )
