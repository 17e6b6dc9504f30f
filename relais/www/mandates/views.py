"""Screens of mandates: helper space, consent with the person present, acting for a person, the
person's own view (see who did what, revoke), person records without account, accompaniment."""

from __future__ import annotations

import csv
import io

import segno
from django.contrib import messages
from django.core import signing
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from relais import policy
from relais.accounts.models import Person
from relais.journal.selectors import entries_about_person
from relais.mandates import selectors, services
from relais.mandates.models import AccompanimentTheme, ConsentMethod, Mandate, MandateState
from relais.mandates.states import TransitionError, format_fingerprint
from relais.organisations.models import MandateCategory, Organisation
from relais.www.decorators import allowed
from relais.www.mandates import forms
from relais.www.mandates.acting import acting_clear, acting_set, current_acting


def _errors(error: ValidationError) -> str:
    return " ".join(error.messages)


def _org(request) -> Organisation:
    organisation = getattr(request, "organisation", None)
    if organisation is None:
        raise policy.Refused(_("Choisissez d'abord la structure pour laquelle vous agissez."))
    return organisation


def _helper_mandate(request, mandate_id: int) -> Mandate:
    mandate = selectors.mandate_for_organisation(organisation=_org(request), mandate_id=mandate_id)
    if mandate is None:
        raise Http404
    policy.require(request.user, "mandate.manage", mandate)
    return mandate


def _journal_view(request, person, *, what: str, mandate=None) -> None:
    from relais.journal.services import journal_record

    journal_record(
        action="person.viewed", actor=request.user, organisation=request.organisation, person=person,
        mandate=mandate, details={"screen": what},
    )


# --- Helper space -------------------------------------------------------------------------------


def _dossiers_by_person(person_ids: list[int]) -> dict[int, list]:
    """The persons' dossiers, when the procedures domain provides them (read-only)."""
    try:
        from relais.procedures.models import Dossier
    except ImportError:  # procedures not installed
        return {}
    result: dict[int, list] = {}
    qs = Dossier.objects.filter(person_id__in=person_ids).select_related("procedure").order_by("-pk")
    for dossier in qs[:500]:
        result.setdefault(dossier.person_id, []).append(dossier)
    return result


@allowed("mandates.helper_space")
def helper_home(request):
    organisation = _org(request)
    followed = selectors.persons_followed(organisation=organisation)
    dossiers = _dossiers_by_person([entry["person"].pk for entry in followed])
    for entry in followed:
        entry["dossiers"] = dossiers.get(entry["person"].pk, [])[:5]
    pending = selectors.mandates_of_organisation(organisation=organisation, states=[MandateState.PENDING])
    return render(request, "mandates/helper_home.html", {
        "title": _("Personnes accompagnées"),
        "organisation": organisation,
        "followed": followed,
        "pending": pending,
        "expiring": selectors.expiring_mandates(organisation=organisation),
        "recently_ended": selectors.mandates_of_organisation(
            organisation=organisation, states=[MandateState.EXPIRED, MandateState.REVOKED]
        )[:10],
        "can_create": policy.allows(request.user, "mandate.create"),
        "is_manager": policy.allows(request.user, "accompaniment.stats"),
    })


@allowed("mandate.create")
def person_find(request):
    organisation = _org(request)
    form = forms.FindPersonForm(request.GET or None)
    results = []
    account_match = None
    if form.is_valid():
        query = form.cleaned_data["query"].strip()
        if "@" in query:
            account_match = Person.objects.filter(user__email__iexact=query, user__is_active=True).first()
        else:
            results = list(selectors.persons_created_by(organisation=organisation, query=query)[:30])
    return render(request, "mandates/person_find.html", {
        "title": _("Nouveau mandat : trouver la personne"), "form": form, "results": results,
        "account_match": account_match, "searched": form.is_bound,
        "account_key": person_key(organisation=organisation, person=account_match) if account_match else "",
    })


@allowed("person.create_record")
def person_create(request):
    organisation = _org(request)
    form = forms.PersonRecordForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            person, code = services.person_record_create(actor=request.user, organisation=organisation, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, _errors(error))
        else:
            return render(request, "mandates/claim_sheet.html", {
                "title": _("Fiche créée"), "person": person, "code": code, "organisation": organisation,
            })
    return render(request, "mandates/person_create.html", {"title": _("Créer la fiche d'une personne sans compte"), "form": form})


@require_POST
@allowed("person.create_record")
def person_claim_code(request, person_id: int):
    organisation = _org(request)
    person = Person.objects.filter(pk=person_id, created_by_organisation=organisation).first()
    if person is None:
        raise Http404
    try:
        code = services.person_claim_code_renew(actor=request.user, organisation=organisation, person=person)
    except ValidationError as error:
        messages.error(request, _errors(error))
        return redirect("mandates:helper_home")
    return render(request, "mandates/claim_sheet.html", {
        "title": _("Nouveau code pour créer son compte"), "person": person, "code": code, "organisation": organisation,
    })


PERSON_KEY_SALT = "relais.mandates.person-found"
PERSON_KEY_MAX_AGE = 2 * 60 * 60


def person_key(*, organisation, person) -> str:
    """Proof that this organisation found this person by their exact email (valid 2 hours)."""
    return signing.dumps({"o": organisation.pk, "p": person.pk}, salt=PERSON_KEY_SALT)


def _person_for_mandate(request, organisation, person_id) -> Person:
    """A person the organisation knows (record it created, or a mandate with it), or found by exact email."""
    person = Person.objects.filter(pk=person_id).select_related("user").first()
    if person is None:
        raise Http404
    known = person.created_by_organisation_id == organisation.pk or person.mandates.filter(organisation=organisation).exists()
    if not known:
        key = request.POST.get("cle") or request.GET.get("cle") or ""
        try:
            data = signing.loads(key, salt=PERSON_KEY_SALT, max_age=PERSON_KEY_MAX_AGE)
        except signing.BadSignature:
            raise Http404 from None
        if data != {"o": organisation.pk, "p": person.pk}:
            raise Http404
    return person


@allowed("mandate.create")
def mandate_new(request, person_id: int):
    organisation = _org(request)
    person = _person_for_mandate(request, organisation, person_id)
    renew_from = None
    initial = {}
    if request.GET.get("renouveler"):
        renew_from = selectors.mandate_for_organisation(organisation=organisation, mandate_id=int(request.GET["renouveler"]))
        if renew_from is not None and renew_from.person_id == person.pk:
            initial = {
                "categories": [c for c in renew_from.all_categories() if c in (organisation.allowed_mandate_categories or [])],
                "duration_days": renew_from.duration_days,
                "consent_method": renew_from.consent_method if (renew_from.consent_method != ConsentMethod.ACCOUNT or person.user_id) else "",
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
                    actor=request.user, organisation=organisation, person=person,
                    categories=form.cleaned_data["categories"], duration_days=form.cleaned_data["duration_days"],
                    consent_method=form.cleaned_data["consent_method"], sms_phone=form.cleaned_data.get("sms_phone", ""),
                    renewed_from=renew_from,
                )
            except ValidationError as error:
                form.add_error(None, _errors(error))
            else:
                return redirect("mandates:consent", mandate_id=mandate.pk)
    return render(request, "mandates/mandate_new.html", {
        "title": _("Nouveau mandat pour %(person)s") % {"person": person}, "form": form, "person": person,
        "renew_from": renew_from, "organisation": organisation, "person_key": request.GET.get("cle", ""),
    })


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
    return render(request, "mandates/consent.html", {
        "title": _("Accord de %(person)s") % {"person": mandate.person},
        "mandate": mandate,
        "consent_text": mandate.consent_text.text_for(language),
        "consent_language": language,
        "code_form": forms.SmsCodeForm(),
        "upload_form": forms.AttestationUploadForm(),
        "totp_form": forms.TotpConfirmForm(),
    })


@require_POST
@allowed("mandates.helper_space")
def sms_send(request, mandate_id: int):
    mandate = _helper_mandate(request, mandate_id)
    try:
        services.mandate_sms_code_send(mandate=mandate, actor=request.user)
    except (ValidationError, TransitionError) as error:
        messages.error(request, _errors(error) if isinstance(error, ValidationError) else str(error))
    else:
        messages.success(request, _("Code envoyé par SMS au %(end)s. Demandez-le à la personne.") % {"end": "…" + mandate.sms_phone[-4:]})
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
            check = services.mandate_sms_code_verify(mandate=mandate, actor=request.user, code=form.cleaned_data["code"])
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
    return render(request, "mandates/mandate_detail.html", {
        "title": _("Mandat de %(person)s") % {"person": mandate.person},
        "mandate": mandate,
        "fingerprint": format_fingerprint(mandate.fingerprint) if mandate.fingerprint else "",
    })


# --- Attestation (helper of the organisation, or the person) ------------------------------------


def _attestation_mandate(request, mandate_id: int) -> Mandate:
    mandate = Mandate.objects.select_related("organisation", "person", "confirmed_by", "consent_text").filter(pk=mandate_id).first()
    if mandate is None or (not mandate.fingerprint and mandate.state != MandateState.PENDING):
        raise Http404
    if not (policy.allows(request.user, "mandate.manage", mandate) or policy.allows(request.user, "mandate.view_own", mandate)):
        raise policy.Refused(_("Cette attestation ne vous concerne pas."))
    return mandate


def attestation(request, mandate_id: int):
    if not request.user.is_authenticated:
        from django.contrib.auth.views import redirect_to_login

        return redirect_to_login(request.get_full_path())
    mandate = _attestation_mandate(request, mandate_id)
    language = "en" if request.GET.get("langue") == "en" else "fr"
    return render(request, "mandates/attestation.html", {
        "title": _("Attestation de mandat"),
        "mandate": mandate,
        "fingerprint": format_fingerprint(mandate.fingerprint) if mandate.fingerprint else "",
        "consent_text": mandate.consent_text.text_for(language),
    })


def attestation_qr(request, mandate_id: int):
    if not request.user.is_authenticated:
        from django.contrib.auth.views import redirect_to_login

        return redirect_to_login(request.get_full_path())
    mandate = _attestation_mandate(request, mandate_id)
    if not mandate.fingerprint:
        raise Http404
    buffer = io.BytesIO()
    segno.make(mandate.fingerprint, error="m").save(buffer, kind="svg", scale=4, border=2, xmldecl=False, svgns=True,
                                                    title=_("Empreinte du mandat"))
    response = HttpResponse(buffer.getvalue(), content_type="image/svg+xml")
    response["Content-Security-Policy"] = "default-src 'none'; style-src 'none'"
    return response


# --- Acting for a person ------------------------------------------------------------------------


@allowed("mandates.helper_space")
def acting_start(request):
    organisation = _org(request)
    mandates = list(selectors.active_mandates_of_organisation(organisation=organisation))
    allowed_cats = set(organisation.allowed_mandate_categories or [])
    choices = []
    for mandate in mandates:
        for category in mandate.active_categories():
            if category in allowed_cats:
                label = _("%(person)s — %(cat)s (jusqu'au %(end)s)") % {
                    "person": mandate.person, "cat": MandateCategory(category).label,
                    "end": timezone.localtime(mandate.expires_at).strftime("%d/%m/%Y"),
                }
                choices.append((f"{mandate.pk}:{category}", label))
    initial = {}
    if request.GET.get("personne"):
        wanted = [value for value, _label in choices if value.startswith(tuple(f"{m.pk}:" for m in mandates if str(m.person_id) == request.GET["personne"]))]
        if len(wanted) == 1:
            initial = {"mandate_category": wanted[0]}
    form = forms.ActingForm(request.POST or None, choices=choices, initial=initial)
    if request.method == "POST" and form.is_valid():
        mandate_id, category = form.cleaned_data["mandate_category"].split(":", 1)
        mandate = selectors.mandate_for_organisation(organisation=organisation, mandate_id=int(mandate_id))
        if mandate is None:
            raise Http404
        try:
            mandate = services.acting_start(actor=request.user, person=mandate.person, category=category, organisation=organisation)
        except policy.Refused as refused:
            messages.error(request, refused.message)
            return redirect("mandates:acting_start")
        acting_set(request, mandate=mandate, category=category)
        return redirect("mandates:acting_home")
    return render(request, "mandates/acting_start.html", {"title": _("Agir pour une personne"), "form": form, "has_choices": bool(choices)})


@require_POST
@allowed("mandates.helper_space")
def acting_stop(request):
    acting_clear(request)
    messages.info(request, _("Vous n'agissez plus pour cette personne."))
    return redirect("mandates:helper_home")


def _procedures_for(category: str) -> list:
    try:
        from relais.procedures.models import Procedure
    except ImportError:
        return []
    qs = Procedure.objects.filter(category=category)
    if hasattr(Procedure, "is_archived"):
        qs = qs.filter(is_archived=False)
    if hasattr(Procedure, "current_version"):
        qs = qs.filter(current_version__isnull=False)
    return list(qs.order_by("pk")[:50])


def _safe_documents(person) -> list:
    try:
        from relais.documents.models import Document
    except ImportError:
        return []
    fields = {f.name for f in Document._meta.get_fields()}
    if "person" not in fields:
        return []
    qs = Document.objects.filter(person=person)
    if "deleted_at" in fields:
        qs = qs.filter(deleted_at__isnull=True)
    return list(qs.order_by("-pk")[:20])


@allowed("mandates.helper_space")
def acting_home(request):
    acting = current_acting(request)
    if acting is None:
        from relais.www.mandates.acting import acting_refusal

        reason = acting_refusal(request)
        if reason:
            raise policy.Refused(reason)
        messages.info(request, _("Choisissez d'abord la personne pour qui vous agissez."))
        return redirect("mandates:acting_start")
    _journal_view(request, acting.person, what="acting_home", mandate=acting.mandate)
    dossiers = _dossiers_by_person([acting.person.pk]).get(acting.person.pk, [])
    return render(request, "mandates/acting_home.html", {
        "title": _("Agir pour %(person)s") % {"person": acting.person},
        "procedures": _procedures_for(acting.category),
        "dossiers": dossiers,
        "documents": _safe_documents(acting.person),
    })


@require_POST
@allowed("mandates.helper_space")
def acting_procedure(request, procedure_id: int):
    """Start a dossier of `procedure` for the person acted for (the procedures service checks the mandate)."""
    acting = current_acting(request)
    if acting is None:
        from relais.www.mandates.acting import acting_refusal

        raise policy.Refused(acting_refusal(request) or _("Choisissez d'abord la personne pour qui vous agissez."))
    from relais.procedures.models import Procedure

    procedure = Procedure.objects.filter(pk=procedure_id).first()
    if procedure is None:
        raise Http404
    decision = policy.decide(request.user, "mandate.act", acting.person, category=procedure.category, mandate=acting.mandate)
    if not decision:
        raise policy.Refused(decision.reason)
    from relais.procedures import services as procedure_services

    try:
        dossier = procedure_services.dossier_start(
            procedure=procedure, actor=request.user, on_behalf_of=acting.person, mandate=acting.mandate
        )
    except ValidationError as error:
        messages.error(request, _errors(error))
        return redirect("mandates:acting_home")
    messages.success(request, _("Démarche commencée pour %(person)s.") % {"person": acting.person})
    return redirect("procedures:dossier", dossier_id=dossier.pk)


# --- The person's own view ----------------------------------------------------------------------

ACTION_LABELS = {
    "mandate.requested": _("a préparé un mandat"),
    "mandate.consent_code_sent": _("a envoyé un code d'accord par SMS"),
    "mandate.consented": _("a enregistré votre accord"),
    "mandate.activated": _("a activé le mandat"),
    "mandate.abandoned": _("a abandonné la demande de mandat"),
    "mandate.expired": _("fin du mandat (date dépassée)"),
    "mandate.revoked": _("mandat retiré"),
    "mandate.authorisation_revoked": _("accord retiré pour un domaine"),
    "mandate.acting_started": _("a commencé à agir pour vous"),
    "person.viewed": _("a consulté votre dossier"),
    "person.record_created": _("a créé votre fiche"),
    "person.record_claimed": _("vous avez créé votre compte"),
    "accompaniment.recorded": _("a noté un accompagnement"),
    "dossier.create": _("a commencé une démarche pour vous"),
    "dossier.save_page": _("a rempli une page de votre démarche"),
    "dossier.attach_document": _("a joint un document de votre coffre-fort"),
    "dossier.attachment_remove": _("a retiré un fichier de votre démarche"),
    "dossier.submit": _("a envoyé votre dossier"),
    "dossier.resubmit": _("a renvoyé votre dossier corrigé"),
    "dossier.submit_correction": _("a renvoyé votre dossier corrigé"),
    "dossier.message": _("a écrit à l'administration pour vous"),
    "dossier.read.dossier": _("a consulté votre dossier"),
    "dossier.read.attachment": _("a consulté un fichier de votre dossier"),
}
PREFIX_LABELS = {
    "dossier.": _("démarche"),
    "document.": _("document"),
    "procedure.": _("démarche"),
}


def _action_label(action: str, details: dict) -> str:
    label = ACTION_LABELS.get(action)
    if label is None:
        prefix = next((p for p in PREFIX_LABELS if action.startswith(p)), None)
        verb = action.split(".", 1)[-1].replace("_", " ")
        label = f"{PREFIX_LABELS[prefix]} : {verb}" if prefix else action.replace("_", " ").replace(".", " : ")
    category = details.get("category") if isinstance(details, dict) else None
    if category and category in MandateCategory.values:
        label = f"{label} ({MandateCategory(category).label})"
    return str(label)


def journal_extract(*, person, limit: int = 60) -> list[dict]:
    entries = list(entries_about_person(person_id=person.pk).exclude(organisation_id__isnull=True)[:limit])
    organisations = Organisation.objects.in_bulk({e.organisation_id for e in entries if e.organisation_id})
    return [
        {
            "at": entry.at,
            "organisation": organisations.get(entry.organisation_id),
            "actor": entry.actor_label,
            "label": _action_label(entry.action, entry.details),
            "under_mandate": entry.mandate_id is not None,
        }
        for entry in entries
    ]


def _own_person(request) -> Person:
    return request.user.person


@allowed("mandate.view_own")
def person_mandates(request):
    person = _own_person(request)
    mandates = list(selectors.mandates_of_person(person=person).exclude(state=MandateState.ABANDONED))
    return render(request, "mandates/person_mandates.html", {
        "title": _("Mes mandats"),
        "active": [m for m in mandates if m.is_in_force],
        "pending": list(selectors.pending_consent_requests(person=person)),
        "ended": [m for m in mandates if not m.is_in_force and m.state != MandateState.PENDING],
        "journal": journal_extract(person=person),
    })


@require_POST
@allowed("mandate.revoke")
def person_revoke(request, mandate_id: int):
    person = _own_person(request)
    mandate = selectors.mandate_for_person(person=person, mandate_id=mandate_id)
    if mandate is None:
        raise Http404
    category = request.POST.get("category", "")
    try:
        if category == "__all__":
            services.mandate_revoke(mandate=mandate, actor=request.user)
            messages.success(request, _("C'est fait : %(org)s ne peut plus rien faire pour vous.") % {"org": mandate.organisation.name})
        else:
            services.authorisation_revoke(mandate=mandate, category=category, actor=request.user)
            messages.success(request, _("C'est fait : accord retiré pour « %(cat)s ». Les autres domaines ne changent pas.")
                             % {"cat": MandateCategory(category).label})
    except (ValidationError, ValueError) as error:
        messages.error(request, _errors(error) if isinstance(error, ValidationError) else _("Domaine inconnu."))
    except TransitionError as error:
        messages.error(request, str(error))
    return redirect("mandates:person_mandates")


@require_POST
@allowed("mandate.consent")
def person_consent(request, mandate_id: int):
    person = _own_person(request)
    mandate = selectors.mandate_for_person(person=person, mandate_id=mandate_id)
    if mandate is None:
        raise Http404
    accept = request.POST.get("answer") == "yes"
    try:
        services.mandate_consent_by_account(mandate=mandate, user=request.user, accept=accept)
    except (ValidationError, TransitionError) as error:
        messages.error(request, _errors(error) if isinstance(error, ValidationError) else str(error))
    else:
        if accept:
            messages.success(request, _("Merci. Votre aidant va maintenant confirmer le mandat."))
        else:
            messages.info(request, _("Vous avez refusé. Rien n'a été donné à la structure."))
    return redirect("mandates:person_mandates")


@allowed("mandate.consent")
def person_consent_text(request, mandate_id: int):
    person = _own_person(request)
    mandate = selectors.mandate_for_person(person=person, mandate_id=mandate_id)
    if mandate is None:
        raise Http404
    language = "en" if (request.GET.get("langue") == "en" or translation.get_language() == "en") else "fr"
    return render(request, "mandates/person_consent.html", {
        "title": _("Demande d'accord de %(org)s") % {"org": mandate.organisation.name},
        "mandate": mandate, "consent_text": mandate.consent_text.text_for(language),
    })


# --- Claiming a record created by a helper ------------------------------------------------------


@allowed("person.claim_record")
def claim(request):
    form = forms.ClaimForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = services.person_record_claim(
                code=form.cleaned_data["code"], birth_date=form.cleaned_data["birth_date"],
                email=form.cleaned_data["email"], password=form.cleaned_data["password"],
                language=translation.get_language() or "fr",
            )
        except ValidationError as error:
            form.add_error(None, _errors(error))
        else:
            from django.contrib.auth import login

            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            messages.success(request, _("Votre compte est créé et relié à votre fiche."))
            return redirect("mandates:person_mandates")
    return render(request, "mandates/claim.html", {"title": _("Créer mon compte avec le code de mon aidant"), "form": form})


# --- Accompaniment sessions ---------------------------------------------------------------------


@allowed("accompaniment.record")
def accompaniment_list(request):
    organisation = _org(request)
    return render(request, "mandates/accompaniment_list.html", {
        "title": _("Accompagnements"),
        "sessions": selectors.accompaniment_sessions(organisation=organisation, limit=50),
        "is_manager": policy.allows(request.user, "accompaniment.stats"),
    })


@allowed("accompaniment.record")
def accompaniment_new(request):
    organisation = _org(request)
    persons = [entry["person"] for entry in selectors.persons_followed(organisation=organisation)]
    form = forms.AccompanimentForm(request.POST or None, persons=persons)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        person = next((p for p in persons if p.pk == data.get("person")), None)
        try:
            services.accompaniment_record(
                actor=request.user, organisation=organisation, happened_on=data["happened_on"],
                duration_minutes=data["duration_minutes"], themes=data["themes"], outcome=data["outcome"],
                notes=data["notes"], person=person,
            )
        except ValidationError as error:
            form.add_error(None, _errors(error))
        else:
            messages.success(request, _("Accompagnement enregistré."))
            return redirect("mandates:accompaniment_list")
    return render(request, "mandates/accompaniment_new.html", {"title": _("Noter un accompagnement"), "form": form})


@allowed("accompaniment.stats")
def accompaniment_stats(request):
    organisation = _org(request)
    counts = selectors.accompaniment_counts(organisation=organisation)
    themes = [(value, label) for value, label in AccompanimentTheme.choices if counts["totals"].get(value)]
    rows = [
        {"month": month, "sessions": counts["sessions_by_month"][month],
         "cells": [counts["table"][month].get(value, 0) for value, _label in themes]}
        for month in counts["months"]
    ]
    return render(request, "mandates/accompaniment_stats.html", {
        "title": _("Accompagnements : chiffres"), "themes": themes, "rows": rows,
        "totals": [counts["totals"].get(value, 0) for value, _label in themes],
    })


@allowed("accompaniment.stats")
def accompaniment_export(request):
    organisation = _org(request)
    counts = selectors.accompaniment_counts(organisation=organisation)
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")
    writer.writerow(["mois", "theme", "libelle", "accompagnements"])
    labels = dict(AccompanimentTheme.choices)
    for month in counts["months"]:
        for theme, count in sorted(counts["table"][month].items()):
            writer.writerow([month, theme, str(labels.get(theme, theme)), count])
    response = HttpResponse("\ufeff" + buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="accompagnements-{timezone.localdate():%Y%m%d}.csv"'
    return response
