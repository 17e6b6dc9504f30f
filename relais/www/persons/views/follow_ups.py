"""Follow-ups (« suivi »): the helper proposes one and records the consent (the person's account, or the
printed sheet signed at the desk), the organisation ends one with a reason; the person accepts,
refuses or withdraws from « Mes suivis». A follow-up lets the organisation see the file, never act."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from relais import policy
from relais.accounts.selectors import person_by_id
from relais.casefile import selectors, services
from relais.casefile.models import FollowUpConsentMethod, FollowUpState
from relais.casefile.states import FollowUpTransitionError
from relais.identity.selectors import proofs_for
from relais.policy.roles import active_organisation
from relais.www.decorators import allowed
from relais.www.persons.file_forms import FollowUpEndForm, FollowUpForm, SheetUploadForm


def _errors(error: ValidationError) -> str:
    return " ".join(error.messages)


def _organisation(request):
    organisation = active_organisation(request.user)
    if organisation is None:
        raise policy.Refused(_("Choisissez d'abord la structure pour laquelle vous agissez."))
    return organisation


def _helper_follow_up(request, follow_up_id: int):
    follow_up = selectors.follow_up_for_organisation(organisation=_organisation(request), follow_up_id=follow_up_id)
    if follow_up is None:
        raise Http404
    policy.require(request.user, "casefile.follow_up_manage", follow_up)
    return follow_up


# --- The helper's side ---------------------------------------------------------------------------


@allowed("casefile.follow_up_create")
def follow_up_new(request, person_id: int):
    person = person_by_id(person_id)
    if person is None:
        raise Http404
    policy.require(request.user, "casefile.follow_up_create", person)
    organisation = _organisation(request)
    form = FollowUpForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                follow_up = services.follow_up_request_create(
                    actor=request.user,
                    organisation=organisation,
                    person=person,
                    categories=form.cleaned_data["categories"],
                    duration_days=form.cleaned_data["duration_days"],
                    consent_method=form.cleaned_data["consent_method"],
                )
            except ValidationError as error:
                form.add_error(None, _errors(error))
            else:
                messages.success(request, _("Le suivi est proposé. Il attend l'accord de la personne."))
                return redirect("persons:follow_up_detail", follow_up_id=follow_up.pk)
    services.person_named_record(actor=request.user, organisation=organisation, person=person, screen="follow_up_new")
    return render(
        request,
        "persons/follow_up_new.html",
        {
            "title": _("Proposer un suivi à %(person)s") % {"person": person},
            "person": person,
            "form": form,
            "consent_text": services.consent_text_current().text_for(translation.get_language()),
        },
        status=status,
    )


@allowed("casefile.follow_up_manage")
def follow_up_detail(request, follow_up_id: int):
    follow_up = _helper_follow_up(request, follow_up_id)
    services.follow_up_view_record(actor=request.user, follow_up=follow_up, screen="follow_up_detail")
    return render(
        request,
        "persons/follow_up_detail.html",
        {
            "title": _("Suivi de %(person)s") % {"person": follow_up.person},
            "follow_up": follow_up,
            "upload_form": SheetUploadForm(),
            "end_form": FollowUpEndForm(),
            "is_paper": follow_up.consent_method == FollowUpConsentMethod.PAPER,
            "is_pending": follow_up.state == FollowUpState.PENDING,
            "is_active": follow_up.is_in_force,
            "identity_proofs": proofs_for(subject_kind="follow_up", subject_id=follow_up.pk),
        },
    )


@allowed("casefile.follow_up_manage")
def follow_up_sheet(request, follow_up_id: int):
    """The printable consent sheet the person signs at the desk (French, or English with ?langue=en)."""
    follow_up = _helper_follow_up(request, follow_up_id)
    services.follow_up_view_record(actor=request.user, follow_up=follow_up, screen="follow_up_sheet")
    language = "en" if request.GET.get("langue") == "en" else "fr"
    return render(
        request,
        "persons/follow_up_sheet.html",
        {
            "title": _("Feuille d'accord de suivi"),
            "follow_up": follow_up,
            "consent_text": follow_up.consent_text.text_for(language),
            "identity_proofs": proofs_for(subject_kind="follow_up", subject_id=follow_up.pk),
        },
    )


@require_POST
@allowed("casefile.follow_up_manage")
def follow_up_sheet_upload(request, follow_up_id: int):
    follow_up = _helper_follow_up(request, follow_up_id)
    form = SheetUploadForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("Ajoutez la photo ou le scan de la feuille d'accord signée."))
        return redirect("persons:follow_up_detail", follow_up_id=follow_up.pk)
    try:
        services.follow_up_sheet_upload(follow_up=follow_up, actor=request.user, upload=form.cleaned_data["sheet"])
    except (ValidationError, FollowUpTransitionError) as error:
        messages.error(request, _errors(error) if isinstance(error, ValidationError) else error.message)
    else:
        messages.success(request, _("L'accord est enregistré : le suivi a commencé."))
    return redirect("persons:follow_up_detail", follow_up_id=follow_up.pk)


@require_POST
@allowed("casefile.follow_up_manage")
def follow_up_abandon(request, follow_up_id: int):
    follow_up = _helper_follow_up(request, follow_up_id)
    try:
        services.follow_up_abandon(follow_up=follow_up, actor=request.user)
    except FollowUpTransitionError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("La proposition de suivi est abandonnée."))
    return redirect("persons:follow_up_detail", follow_up_id=follow_up.pk)


@require_POST
@allowed("casefile.follow_up_manage")
def follow_up_end(request, follow_up_id: int):
    """The organisation ends the follow-up, with a reason the person receives."""
    follow_up = _helper_follow_up(request, follow_up_id)
    form = FollowUpEndForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Écrivez le motif : la personne le recevra."))
        return redirect("persons:follow_up_detail", follow_up_id=follow_up.pk)
    try:
        services.follow_up_revoke_by_organisation(
            follow_up=follow_up, actor=request.user, reason=form.cleaned_data["reason"]
        )
    except (ValidationError, FollowUpTransitionError) as error:
        messages.error(request, _errors(error) if isinstance(error, ValidationError) else error.message)
    else:
        messages.success(request, _("Le suivi est arrêté. La personne est prévenue, avec le motif."))
    return redirect("persons:follow_up_detail", follow_up_id=follow_up.pk)


# --- The person's side ---------------------------------------------------------------------------


@allowed("casefile.follow_up_own")
def my_follow_ups(request):
    follow_ups = selectors.follow_ups_of_person(person=request.user.person)
    language = translation.get_language()
    return render(
        request,
        "persons/my_follow_ups.html",
        {
            "title": _("Mes suivis"),
            "pending": [
                (f, f.consent_text.text_for(language))
                for f in follow_ups
                if f.state == FollowUpState.PENDING and f.consent_method == FollowUpConsentMethod.ACCOUNT
            ],
            "active": [f for f in follow_ups if f.is_in_force],
            "ended": [f for f in follow_ups if f.state not in (FollowUpState.PENDING, FollowUpState.ACTIVE)],
        },
    )


def _own_follow_up(request, follow_up_id: int):
    follow_up = selectors.follow_up_for_person(person=request.user.person, follow_up_id=follow_up_id)
    if follow_up is None:
        raise Http404
    return follow_up


@require_POST
@allowed("casefile.follow_up_own")
def my_follow_up_answer(request, follow_up_id: int):
    follow_up = _own_follow_up(request, follow_up_id)
    accept = request.POST.get("answer") == "yes"
    try:
        services.follow_up_consent_by_account(follow_up=follow_up, user=request.user, accept=accept)
    except (ValidationError, FollowUpTransitionError) as error:
        messages.error(request, _errors(error) if isinstance(error, ValidationError) else error.message)
    else:
        if accept:
            messages.success(request, _("C'est fait : %(org)s vous suit.") % {"org": follow_up.organisation.name})
        else:
            messages.success(request, _("Vous avez refusé le suivi proposé. Rien n'est partagé."))
    return redirect("persons:my_follow_ups")


@require_POST
@allowed("casefile.follow_up_own")
def my_follow_up_revoke(request, follow_up_id: int):
    follow_up = _own_follow_up(request, follow_up_id)
    try:
        services.follow_up_revoke_by_person(follow_up=follow_up, user=request.user)
    except FollowUpTransitionError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request, _("C'est fait : %(org)s ne voit plus votre dossier.") % {"org": follow_up.organisation.name}
        )
    return redirect("persons:my_follow_ups")
