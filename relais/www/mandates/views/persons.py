"""Finding a person, creating a record for a person without account, and claiming it."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import login
from django.core import signing
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from relais.accounts.models import Person
from relais.mandates import selectors, services
from relais.www.decorators import allowed
from relais.www.mandates import forms
from relais.www.mandates.views.common import (
    PERSON_KEY_MAX_AGE,
    PERSON_KEY_SALT,
    _errors,
    _journal_list,
    _org,
    person_key,
)


@allowed("mandate.create")
def person_find(request):
    organisation = _org(request)
    form = forms.FindPersonForm(request.GET or None)
    results = []
    account_match = None
    if form.is_valid():
        query = form.cleaned_data["query"].strip()
        if "@" in query:
            account_match = selectors.person_by_email(email=query)
        else:
            results = list(selectors.persons_created_by(organisation=organisation, query=query)[:30])
        _journal_list(request, [*results, account_match], what="person_find")
    return render(
        request,
        "mandates/person_find.html",
        {
            "title": _("Nouveau mandat : trouver la personne"),
            "form": form,
            "results": results,
            "account_match": account_match,
            "searched": form.is_bound,
            "account_key": person_key(organisation=organisation, person=account_match) if account_match else "",
        },
    )


@allowed("person.create_record")
def person_create(request):
    organisation = _org(request)
    form = forms.PersonRecordForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            person, code = services.person_record_create(
                actor=request.user, organisation=organisation, **form.cleaned_data
            )
        except ValidationError as error:
            form.add_error(None, _errors(error))
        else:
            return render(
                request,
                "mandates/claim_sheet.html",
                {
                    "title": _("Fiche créée"),
                    "person": person,
                    "code": code,
                    "organisation": organisation,
                },
            )
    return render(
        request, "mandates/person_create.html", {"title": _("Créer la fiche d'une personne sans compte"), "form": form}
    )


@require_POST
@allowed("person.create_record")
def person_claim_code(request, person_id: int):
    organisation = _org(request)
    person = selectors.person_record_of(organisation=organisation, person_id=person_id)
    if person is None:
        raise Http404
    try:
        code = services.person_claim_code_renew(actor=request.user, organisation=organisation, person=person)
    except ValidationError as error:
        messages.error(request, _errors(error))
        return redirect("mandates:helper_home")
    return render(
        request,
        "mandates/claim_sheet.html",
        {
            "title": _("Nouveau code pour créer son compte"),
            "person": person,
            "code": code,
            "organisation": organisation,
        },
    )


def _person_for_mandate(request, organisation, person_id) -> Person:
    """A person the organisation knows (record it created, or a mandate with it), or found by exact email."""
    person, known = selectors.person_for_mandate(organisation=organisation, person_id=person_id)
    if person is None:
        raise Http404
    if not known:
        key = request.POST.get("cle") or request.GET.get("cle") or ""
        try:
            data = signing.loads(key, salt=PERSON_KEY_SALT, max_age=PERSON_KEY_MAX_AGE)
        except signing.BadSignature:
            raise Http404 from None
        if data != {"o": organisation.pk, "p": person.pk}:
            raise Http404
    return person


# --- Claiming a record created by a helper ------------------------------------------------------


@allowed("person.claim_record")
def claim(request):
    form = forms.ClaimForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = services.person_record_claim(
                code=form.cleaned_data["code"],
                birth_date=form.cleaned_data["birth_date"],
                email=form.cleaned_data["email"],
                password=form.cleaned_data["password"],
                language=translation.get_language() or "fr",
            )
        except ValidationError as error:
            form.add_error(None, _errors(error))
        else:
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            messages.success(request, _("Votre compte est créé et relié à votre fiche."))
            return redirect("mandates:person_mandates")
    return render(
        request, "mandates/claim.html", {"title": _("Créer mon compte avec le code de mon aidant"), "form": form}
    )
