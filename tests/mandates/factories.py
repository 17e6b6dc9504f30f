"""Factories for mandates. `make_active_mandate(...)` gives a mandate in force through the real services
(consent by paper attestation, confirmed with the helper's TOTP) — other domains may use it."""

from __future__ import annotations

import datetime as dt

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from relais.mandates import services
from relais.mandates.models import AccompanimentSession, Mandate, MandateState
from relais.organisations.models import MemberRole
from tests.factories import MembershipFactory, OrganisationFactory, PersonFactory, add_totp, totp_now

PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def helper_of(organisation, *, role=MemberRole.HELPER):
    membership = MembershipFactory(organisation=organisation, role=role)
    add_totp(membership.user)
    return membership.user


def make_active_mandate(
    *, organisation=None, person=None, helper=None, categories=("social", "logement"), duration_days: int = 31
) -> Mandate:
    """A mandate in force, created through the real services (one transaction, journaled)."""
    organisation = organisation or OrganisationFactory()
    person = person or PersonFactory()
    helper = helper or helper_of(organisation)
    mandate = services.mandate_request_create(
        actor=helper,
        organisation=organisation,
        person=person,
        categories=list(categories),
        duration_days=duration_days,
        consent_method="paper",
    )
    services.mandate_attestation_upload(
        mandate=mandate, actor=helper, upload=SimpleUploadedFile("a.pdf", PDF_BYTES, content_type="application/pdf")
    )
    # Each TOTP code is accepted once per device: clear the last-used step so tests can confirm repeatedly.
    helper.totpdevice_set.update(last_t=-1)
    return services.mandate_confirm(mandate=mandate, actor=helper, totp_token=totp_now())


def age_mandate(mandate: Mandate, *, days: int) -> Mandate:
    """Shift a mandate's dates into the past (queryset update: the state is not touched)."""
    delta = dt.timedelta(days=days)
    Mandate.objects.filter(pk=mandate.pk).update(
        starts_at=mandate.starts_at - delta, expires_at=mandate.expires_at - delta
    )
    mandate.refresh_from_db()
    return mandate


def expire_now(mandate: Mandate) -> Mandate:
    """Make the mandate's end date pass (still marked active until the expiry task runs)."""
    end = timezone.now() - dt.timedelta(seconds=1)
    Mandate.objects.filter(pk=mandate.pk).update(
        expires_at=end, starts_at=end - dt.timedelta(days=mandate.duration_days)
    )
    mandate.refresh_from_db()
    return mandate


def make_session(*, organisation, helper, **kwargs) -> AccompanimentSession:
    defaults = {"happened_on": timezone.localdate(), "duration_minutes": 30, "themes": ["social"], "outcome": "done"}
    defaults.update(kwargs)
    return AccompanimentSession.objects.create(organisation=organisation, helper=helper, **defaults)


__all__ = ["MandateState", "age_mandate", "expire_now", "helper_of", "make_active_mandate", "make_session"]
