"""Creating a mandate with the person present: summary, consent (SMS, attestation, own account),
the helper's confirmation; the mandate's detail and its printed attestation."""

from __future__ import annotations

import io

import segno
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from relais import policy
from relais.identity.selectors import proofs_for
from relais.mandates import selectors, services
from relais.mandates.models import ConsentMethod, Mandate, MandateState
from relais.mandates.states import TransitionError, format_fingerprint
from relais.www.decorators import allowed
from relais.www.mandates import forms
from relais.www.mandates.views.common import (
    _errors,
    _helper_mandate,
    _journal_view,
    _org,
)
from relais.www.mandates.views.persons import _person_for_mandate


@allowed("mandate.create")
def mandate_new(request, person_id: int):
    organisation = _org(request)
    person = _person_for_mandate(request, organisation, person_id)
    renew_from = None
    initial = {}
    if request.GET.get("renouveler"):
        renew_from = selectors.mandate_for_organisation(
            organisation=organisation, mandate_id=int(request.GET["renouveler"])
        )
        if renew_from is not None and renew_from.person_id == person.pk:
            initial = {
                "categories": [
                    c for c in renew_from.all_categories() if c in (organisation.allowed_mandate_categories or [])
                ],
                "duration_days": renew_from.duration_days,
                "consent_method": renew_from.consent_method
                if (renew_from.consent_method != ConsentMethod.ACCOUNT or person.user_id)
                else "",
                "sms_phone": renew_from.sms_phone or person.phone,
            }
        else:
            renew_from = None
    form = forms.MandateForm(request.POST or None, organisation=organisation, person=person, initial=initial)
    if request.method == "POST":
        renew_id = request.POST.get("renew_from")
        if renew_id and renew_id.isdigit():
            renew_from = selectors.mandate_for_organisation(organisation=organisation, mandate_id=int(renew_id))
        if form.is_valid():
            try:
                mandate = services.mandate_request_create(
                    actor=request.user,
                    organisation=organisation,
                    person=person,
                    categories=form.cleaned_data["categories"],
                    duration_days=form.cleaned_data["duration_days"],
                    consent_method=form.cleaned_data["consent_method"],
                    sms_phone=form.cleaned_data.get("sms_phone", ""),
                    renewed_from=renew_from,
                )
            except ValidationError as error:
                form.add_error(None, _errors(error))
            else:
                return redirect("mandates:consent", mandate_id=mandate.pk)
    else:
        _journal_view(request, person, what="mandate_new")
    return render(
        request,
        "mandates/mandate_new.html",
        {
            "title": _("Nouveau mandat pour %(person)s") % {"person": person},
            "form": form,
            "person": person,
            "renew_from": renew_from,
            "organisation": organisation,
            "person_key": request.GET.get("cle", ""),
        },
    )


@allowed("mandates.helper_space")
def mandate_renew(request, mandate_id: int):
    mandate = _helper_mandate(request, mandate_id)
    return redirect(f"{reverse('mandates:mandate_new', args=[mandate.person_id])}?renouveler={mandate.pk}")


@allowed("mandates.helper_space")
def consent(request, mandate_id: int):
    """The plain-language summary read with the person, then the consent step for the chosen method."""
    mandate = _helper_mandate(request, mandate_id)
    if mandate.state != MandateState.PENDING:
        return redirect("mandates:mandate_detail", mandate_id=mandate.pk)
    language = "en" if request.GET.get("langue") == "en" else "fr"
    _journal_view(request, mandate.person, what="consent", mandate=mandate)
    return render(
        request,
        "mandates/consent.html",
        {
            "title": _("Accord de %(person)s") % {"person": mandate.person},
            "mandate": mandate,
            "consent_text": mandate.consent_text.text_for(language),
            "consent_language": language,
            "code_form": forms.SmsCodeForm(),
            "upload_form": forms.AttestationUploadForm(),
            "totp_form": forms.TotpConfirmForm(),
            "identity_proofs": proofs_for(subject_kind="mandate", subject_id=mandate.pk),
        },
    )


@require_POST
@allowed("mandates.helper_space")
def sms_send(request, mandate_id: int):
    mandate = _helper_mandate(request, mandate_id)
    try:
        services.mandate_sms_code_send(mandate=mandate, actor=request.user)
    except (ValidationError, TransitionError) as error:
        messages.error(request, _errors(error) if isinstance(error, ValidationError) else str(error))
    else:
        messages.success(
            request,
            _("Code envoyé par SMS au %(end)s. Demandez-le à la personne.") % {"end": "…" + mandate.sms_phone[-4:]},
        )
    return redirect("mandates:consent", mandate_id=mandate.pk)


@require_POST
@allowed("mandates.helper_space")
def sms_verify(request, mandate_id: int):
    mandate = _helper_mandate(request, mandate_id)
    form = forms.SmsCodeForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Tapez le code à 6 chiffres reçu par la personne."))
    else:
        try:
            check = services.mandate_sms_code_verify(
                mandate=mandate, actor=request.user, code=form.cleaned_data["code"]
            )
        except TransitionError as error:
            messages.error(request, str(error))
        else:
            if check.ok:
                messages.success(request, _("Code bon : la personne a donné son accord. Confirmez avec votre code."))
            else:
                messages.error(request, check.message)
    return redirect("mandates:consent", mandate_id=mandate.pk)


@require_POST
@allowed("mandates.helper_space")
def attestation_upload(request, mandate_id: int):
    mandate = _helper_mandate(request, mandate_id)
    form = forms.AttestationUploadForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("Ajoutez la photo ou le scan de l'attestation signée."))
    else:
        try:
            services.mandate_attestation_upload(mandate=mandate, actor=request.user, upload=form.cleaned_data["file"])
        except ValidationError as error:
            messages.error(request, _errors(error))
        except TransitionError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("Attestation signée enregistrée. Confirmez avec votre code."))
    return redirect("mandates:consent", mandate_id=mandate.pk)


@require_POST
@allowed("mandates.helper_space")
def confirm(request, mandate_id: int):
    mandate = _helper_mandate(request, mandate_id)
    form = forms.TotpConfirmForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Tapez votre code de double authentification."))
        return redirect("mandates:consent", mandate_id=mandate.pk)
    try:
        mandate = services.mandate_confirm(mandate=mandate, actor=request.user, totp_token=form.cleaned_data["token"])
    except ValidationError as error:
        messages.error(request, _errors(error))
        return redirect("mandates:consent", mandate_id=mandate.pk)
    except TransitionError as error:
        messages.error(request, str(error))
        return redirect("mandates:consent", mandate_id=mandate.pk)
    messages.success(request, _("Le mandat est actif. Imprimez l'attestation et donnez-la à la personne."))
    return redirect("mandates:mandate_detail", mandate_id=mandate.pk)


@require_POST
@allowed("mandates.helper_space")
def abandon(request, mandate_id: int):
    mandate = _helper_mandate(request, mandate_id)
    try:
        services.mandate_abandon(mandate=mandate, actor=request.user)
    except TransitionError as error:
        messages.error(request, str(error))
    else:
        messages.info(request, _("Demande de mandat abandonnée."))
    return redirect("mandates:helper_home")


@allowed("mandates.helper_space")
def mandate_detail(request, mandate_id: int):
    mandate = _helper_mandate(request, mandate_id)
    _journal_view(request, mandate.person, what="mandate_detail", mandate=mandate)
    return render(
        request,
        "mandates/mandate_detail.html",
        {
            "title": _("Mandat de %(person)s") % {"person": mandate.person},
            "mandate": mandate,
            "fingerprint": format_fingerprint(mandate.fingerprint) if mandate.fingerprint else "",
        },
    )


# --- Attestation (helper of the organisation, or the person) ------------------------------------


def _attestation_mandate(request, mandate_id: int) -> tuple[Mandate, bool]:
    """(the mandate, whether the reader is the person themselves rather than a helper)."""
    mandate = selectors.mandate_for_attestation(mandate_id=mandate_id)
    if mandate is None or (not mandate.fingerprint and mandate.state != MandateState.PENDING):
        raise Http404
    own = policy.allows(request.user, "mandate.view_own", mandate)
    if not (own or policy.allows(request.user, "mandate.manage", mandate)):
        raise policy.Refused(_("Cette attestation ne vous concerne pas."))
    return mandate, own


def attestation(request, mandate_id: int):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    mandate, own = _attestation_mandate(request, mandate_id)
    if not own:  # a helper reads the person's attestation (name, birth date, what the mandate covers)
        _journal_view(request, mandate.person, what="attestation", mandate=mandate)
    language = "en" if request.GET.get("langue") == "en" else "fr"
    return render(
        request,
        "mandates/attestation.html",
        {
            "title": _("Attestation de mandat"),
            "mandate": mandate,
            "fingerprint": format_fingerprint(mandate.fingerprint) if mandate.fingerprint else "",
            "consent_text": mandate.consent_text.text_for(language),
            "identity_proofs": proofs_for(subject_kind="mandate", subject_id=mandate.pk),
        },
    )


def attestation_qr(request, mandate_id: int):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    mandate, _own = _attestation_mandate(request, mandate_id)
    if not mandate.fingerprint:
        raise Http404
    buffer = io.BytesIO()
    segno.make(mandate.fingerprint, error="m").save(
        buffer, kind="svg", scale=4, border=2, xmldecl=False, svgns=True, title=_("Empreinte du mandat")
    )
    response = HttpResponse(buffer.getvalue(), content_type="image/svg+xml")
    response["Content-Security-Policy"] = "default-src 'none'; style-src 'none'"
    return response
