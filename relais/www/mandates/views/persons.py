"""Finding a person, creating a record for a person without account, and claiming it."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import login
from django.core import signing
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from relais.accounts.models import Person
from relais.casefile.search import Result, duplicates_record, likely_duplicates
from relais.mandates import selectors, services
from relais.www.decorators import allowed
from relais.www.mandates import forms
from relais.www.mandates.views.common import (
    PERSON_KEY_MAX_AGE,
    PERSON_KEY_SALT,
    _errors,
    _org,
    person_key,
)
from relais.www.persons.views.search import person_file_url, run_search


@allowed("mandate.create")
def person_find(request):
    organisation, form, outcome = run_search(request, screen="person_find")
    rows = []
    for result in outcome.results if outcome else []:
        url = reverse("mandates:mandate_new", kwargs={"person_id": result.person.pk})
        if result.outside:
            url += "?" + urlencode({"cle": person_key(organisation=organisation, person=result.person)})
        rows.append({"result": result, "action_url": url, "action_label": _("Préparer un mandat")})
    return render(
        request,
        "mandates/person_find.html",
        {"title": _("Nouveau mandat : trouver la personne"), "form": form, "outcome": outcome, "rows": rows},
    )


@allowed("person.create_record")
def person_create(request):
    """Create the record of a person without account; likely duplicates are shown first, and creating the
    record anyway needs the box « Ce n'est pas la même personne » (nothing typed is lost on that step)."""
    organisation = _org(request)
    duplicate_step = request.method == "POST" and bool(request.POST.get("duplicates_shown"))
    form = forms.PersonRecordForm(request.POST or None, duplicate_step=duplicate_step)
    duplicates, elsewhere = [], 0
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        confirmed = data.pop("not_duplicate", False)
        duplicates, elsewhere = likely_duplicates(
            organisation=organisation,
            first_name=data["first_name"],
            last_name=data["last_name"],
            birth_date=data["birth_date"],
        )
        if (duplicates or elsewhere) and not confirmed:
            duplicates_record(actor=request.user, organisation=organisation, persons=duplicates, screen="person_create")
            if duplicate_step:
                form.add_error(
                    "not_duplicate",
                    _(
                        "Cochez « Ce n'est pas la même personne » pour créer sa fiche, ou choisissez "
                        "la fiche existante."
                    ),
                )
            else:
                form = forms.PersonRecordForm(request.POST, duplicate_step=True)
                form.is_valid()
        else:
            try:
                person, code = services.person_record_create(actor=request.user, organisation=organisation, **data)
            except ValidationError as error:
                form.add_error(None, _errors(error))
            else:
                return render(
                    request,
                    "mandates/claim_sheet.html",
                    {"title": _("Fiche créée"), "person": person, "code": code, "organisation": organisation},
                )
    rows = [
        {
            "result": Result(person=person),
            "url": person_file_url(person),
            "action_url": reverse("mandates:mandate_new", kwargs={"person_id": person.pk}),
            "action_label": _("Préparer un mandat avec cette fiche"),
        }
        for person in duplicates
    ]
    return render(
        request,
        "mandates/person_create.html",
        {
            "title": _("Créer la fiche d'une personne sans compte"),
            "form": form,
            "duplicate_step": "not_duplicate" in form.fields,
            "rows": rows,
            "elsewhere": elsewhere,
        },
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
