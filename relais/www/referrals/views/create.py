"""Creating a referral from a directory service: choose the person followed, then say what is asked."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from relais import policy
from relais.accounts.selectors import person_by_id
from relais.core.errors import DomainError
from relais.directory import selectors as directory_selectors
from relais.journal.services import journal_record
from relais.referrals import selectors, services
from relais.www.decorators import allowed
from relais.www.referrals.common import mobilisation_ways, organisation_or_refuse
from relais.www.referrals.forms import PersonChoiceForm, ReferralForm


def _service(service_id: int):
    service = directory_selectors.service_get(service_id=service_id)
    if service is None or not service.is_published:
        raise Http404
    return service


@allowed("referrals.create")
def referral_new(request, service_id: int):
    service = _service(service_id)
    organisation = organisation_or_refuse(request)
    conf = selectors.settings_for(service=service)
    context = {"title": _("Orienter une personne vers « %(service)s »") % {"service": service.name}, "service": service}
    if conf is None or not conf.accepts_referrals:
        context["ways"] = mobilisation_ways(service)
        return render(request, "referrals/not_accepted.html", context)
    context["conf"] = conf
    person_id = request.GET.get("personne") or request.POST.get("personne")
    if not person_id:
        persons = selectors.followed_persons(organisation=organisation)
        journal_record(
            action="referral.listed",
            actor=request.user,
            organisation=organisation,
            details={"count": len(persons), "screen": "referral_new", "persons": [p.pk for p in persons]},
        )
        context["choice"] = PersonChoiceForm(persons=persons)
        context["persons"] = persons
        return render(request, "referrals/choose_person.html", context)
    person = person_by_id(int(person_id)) if str(person_id).isdigit() else None
    if person is None:
        raise Http404
    policy.require(
        request.user,
        "referrals.create",
        person,
        message=_("Votre structure ne suit pas cette personne : proposez-lui d'abord un suivi ou un mandat."),
    )
    documents = services.shareable_documents(organisation=organisation, person=person)
    form = ReferralForm(request.POST or None, documents=documents)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            data = form.cleaned_data
            chosen = {int(pk) for pk in data.get("documents") or []}
            try:
                referral = services.referral_create(
                    actor=request.user,
                    organisation=organisation,
                    person=person,
                    service=service,
                    situations=data["situations"],
                    request=data["request"],
                    contact_preference=data["contact_preference"],
                    contact_details=data["contact_details"],
                    available_on=data["available_on"],
                    documents=[d for d in documents if d.pk in chosen],
                    documents_consent=bool(data.get("documents_consent")),
                )
            except DomainError as error:
                form.add_error(None, error.message)
            else:
                messages.success(request, _("L'orientation est envoyée. Vous serez prévenu de la réponse du service."))
                return redirect("referrals:sent_detail", referral_id=referral.pk)
    journal_record(
        action="referral.viewed",
        actor=request.user,
        organisation=organisation,
        person=person,
        details={"service": service.name, "screen": "referral_new"},
    )
    context.update({"person": person, "form": form})
    return render(request, "referrals/new.html", context, status=status)
