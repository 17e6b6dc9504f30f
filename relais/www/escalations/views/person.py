"""The person's own page: what their helper asked the administrations for them, and what came back."""

from __future__ import annotations

from django.shortcuts import render
from django.utils.translation import gettext as _

from relais.escalations import selectors
from relais.www.decorators import allowed


@allowed("escalation.own")
def my_escalations(request):
    person = request.user.person
    return render(
        request,
        "escalations/mine.html",
        {
            "title": _("Mes demandes aux administrations"),
            "rows": selectors.for_person_with_answers(person=person),
        },
    )
