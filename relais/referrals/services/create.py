"""Creating a referral: a professional who follows the person sends them to a service taking referrals."""

from __future__ import annotations

import datetime as dt

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from relais import policy
from relais.casefile import registry
from relais.core.errors import DomainError
from relais.documents.models import MANDATE_CATEGORY, Document
from relais.journal.services import journal_record
from relais.referrals.models import (
    ContactPreference,
    Delivery,
    Referral,
    ReferralAttachment,
    ReferralSettings,
    ReferralState,
    Situation,
)
from relais.referrals.states import referral_transition


class ReferralError(DomainError):
    """A referral that cannot be made as asked (plain French)."""


def shareable_documents(*, organisation, person) -> list[Document]:
    """The documents of the person's safe the organisation's grants cover (what it may share, with consent)."""
    scope = registry.scope_for(organisation=organisation, person=person)
    if not scope.grants:
        return []
    return [
        document
        for document in Document.objects.alive().filter(person=person).order_by("-created_at")[:50]
        if scope.covers(MANDATE_CATEGORY.get(document.doc_type))
    ]


def _copy(referral: Referral, document: Document, now) -> ReferralAttachment:
    with document.file.open("rb") as handle:
        data = handle.read()
    attachment = ReferralAttachment(
        referral=referral,
        document_id_copy=document.pk,
        title=document.title,
        content_type=document.content_type,
        extension=document.extension,
        created_at=now,
    )
    attachment.file.save(f"{document.pk}.{document.extension}", ContentFile(data), save=False)
    attachment.save()
    return attachment


@transaction.atomic
def referral_create(
    *,
    actor,
    organisation,
    person,
    service,
    situations: list[str],
    request: str,
    contact_preference: str,
    contact_details: str = "",
    available_on: dt.date | None = None,
    documents: list[Document] = (),
    documents_consent: bool = False,
) -> Referral:
    """Create and send (or hold for moderation) a referral. Documents are shared only with the person's consent."""
    policy.require(
        actor,
        "referrals.create",
        person,
        organisation=organisation,
        service=service,
        message=_("Vous ne pouvez orienter que les personnes que votre structure suit (mandat ou suivi)."),
    )
    conf = ReferralSettings.objects.filter(service=service).first()
    if conf is None or not conf.accepts_referrals:
        raise ReferralError(_("Ce service ne prend pas les orientations par Relais."))
    if not request.strip():
        raise ReferralError(_("Écrivez ce qui est demandé au service."))
    if contact_preference not in ContactPreference.values:
        raise ReferralError(_("Choisissez comment joindre la personne."))
    delivery = conf.delivery
    if delivery == Delivery.INBOX and service.place.organisation_id is None:
        delivery = Delivery.EMAIL
    now = timezone.now()
    referral = Referral.objects.create(
        service=service,
        service_name=f"{service.name} — {service.place.name}"[:300],
        organisation=organisation,
        receiving_organisation_id=service.place.organisation_id,
        referrer=actor,
        person=person,
        situations=[code for code in situations if code in Situation.values],
        request=request.strip()[:4000],
        contact_preference=contact_preference,
        contact_details=contact_details.strip()[:200],
        available_on=available_on,
        documents_consent_at=now if documents_consent and documents else None,
        state=ReferralState.MODERATION,  # every referral starts held; released at once without moderation
        delivery=delivery,
        created_at=now,
    )
    allowed = {document.pk for document in shareable_documents(organisation=organisation, person=person)}
    shared = []
    if documents_consent:
        for document in documents:
            if document.pk in allowed and document.person_id == person.pk:
                _copy(referral, document, now)
                shared.append(document.title)
    journal_record(
        action="referral.created",
        actor=actor,
        organisation=organisation,
        person=person,
        obj=referral,
        details={
            "service": referral.service_name,
            "documents": shared,
            "consent": bool(referral.documents_consent_at),
            "moderation": conf.requires_moderation,
        },
    )
    if not conf.requires_moderation:
        referral = referral_transition(referral, to=ReferralState.SENT, actor=actor, organisation=organisation)
    return referral
