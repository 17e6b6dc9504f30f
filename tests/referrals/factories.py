"""Factories of referrals: a helper's organisation following a person, a service taking referrals, a referral
sent through the real services."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.files.base import ContentFile

from relais.documents.models import Document
from relais.referrals import services
from relais.referrals.models import Delivery, ReferralSettings
from tests.casefile.factories import PDF_BYTES, make_active_follow_up
from tests.directory.factories import PlaceFactory, ServiceFactory
from tests.factories import OrganisationFactory, PersonFactory
from tests.mandates.factories import helper_of


def service_taking_referrals(*, delivery=Delivery.EMAIL, moderation=False, organisation=None, **extra):
    place = PlaceFactory(organisation=organisation, name="Épicerie solidaire test", email="")
    service = ServiceFactory(
        place=place, name="Épicerie solidaire", thematiques=["equipement-et-alimentation--alimentation"]
    )
    ReferralSettings.objects.create(
        service=service,
        accepts_referrals=True,
        documents_asked="Pièce d'identité",
        conditions="Revenus faibles",
        requires_moderation=moderation,
        delivery=delivery,
        contact_email="epicerie@example.org",
        **extra,
    )
    return service


def safe_document(person, *, doc_type="identity", title="Carte d'identité") -> Document:
    document = Document(
        person=person,
        doc_type=doc_type,
        title=title,
        content_type="application/pdf",
        size=len(PDF_BYTES),
        sha256="0" * 64,
    )
    document.file.save("test.pdf", ContentFile(PDF_BYTES), save=False)
    document.save()
    return document


@dataclass
class World:
    organisation: object
    helper: object
    person: object
    service: object


def world(*, delivery=Delivery.EMAIL, moderation=False, categories=("*",)) -> World:
    organisation = OrganisationFactory(name="France Services Test")
    helper = helper_of(organisation)
    person = PersonFactory(first_name="Camille", last_name="Martin")
    make_active_follow_up(organisation=organisation, person=person, helper=helper, categories=categories)
    service_org = OrganisationFactory(name="Épicerie associative") if delivery == Delivery.INBOX else None
    service = service_taking_referrals(delivery=delivery, moderation=moderation, organisation=service_org)
    return World(organisation=organisation, helper=helper, person=person, service=service)


def send(w: World, *, documents=(), consent=False, service=None, **extra):
    return services.referral_create(
        actor=w.helper,
        organisation=w.organisation,
        person=w.person,
        service=service or w.service,
        situations=["no_income"],
        request=extra.pop("request", "Aide alimentaire pour une famille de 3"),
        contact_preference="phone",
        contact_details="06 12 34 56 78",
        documents=list(documents),
        documents_consent=consent,
        **extra,
    )
