"""The helper's worklist: the persons the organisation follows with something pending, oldest first."""

from __future__ import annotations

from django import forms
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from relais.casefile.registry import WaitingFor
from relais.mandates import services as mandate_services
from relais.organisations.models import MemberRole
from relais.organisations.selectors import organisation_members
from relais.policy.roles import active_organisation
from relais.www.decorators import allowed
from relais.www.persons import todo


class WorklistFilter(forms.Form):
    helper = forms.TypedChoiceField(label=gettext_lazy("Aidant"), required=False, coerce=int, empty_value=None)
    waiting = forms.ChoiceField(
        label=gettext_lazy("Ce qui attend"),
        required=False,
        choices=[
            ("", gettext_lazy("Tout")),
            (WaitingFor.PERSON, todo.WAITING_LABELS[WaitingFor.PERSON]),
            (WaitingFor.ADMINISTRATION, todo.WAITING_LABELS[WaitingFor.ADMINISTRATION]),
            (WaitingFor.HELPER, todo.WAITING_LABELS[WaitingFor.HELPER]),
        ],
    )

    def __init__(self, *args, helpers=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["helper"].choices = [("", _("Tous les aidants"))] + [
            (member.user_id, member.user.get_full_name() or member.user.email) for member in helpers
        ]


@allowed("mandates.helper_space")
def worklist(request):
    organisation = active_organisation(request.user)
    helpers = [
        member
        for member in organisation_members(organisation=organisation)
        if member.role in (MemberRole.HELPER, MemberRole.MANAGER)
    ]
    form = WorklistFilter(request.GET or None, helpers=helpers)
    helper_id, waiting = None, ""
    if form.is_valid():
        helper_id = form.cleaned_data["helper"]
        waiting = form.cleaned_data["waiting"]
    rows = todo.helper_worklist(organisation=organisation, user=request.user, helper_id=helper_id, waiting_for=waiting)
    mandate_services.persons_list_record(
        actor=request.user, organisation=organisation, persons=[row.person for row in rows], screen="worklist"
    )
    return render(
        request,
        "persons/worklist.html",
        {
            "title": _("Personnes à suivre"),
            "organisation": organisation,
            "form": form,
            "rows": rows,
            "filtered": bool(helper_id or waiting),
            "labels": todo.WAITING_LABELS,
        },
    )
