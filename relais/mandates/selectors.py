"""Reads on mandates and accompaniment sessions."""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict

from django.db.models import Prefetch, Q

from relais.accounts.models import Person
from relais.journal import rendering
from relais.journal.selectors import entries_about_person
from relais.mandates.models import (
    AccompanimentSession,
    Authorisation,
    ConsentText,
    Mandate,
    MandateState,
)
from relais.organisations.selectors import organisation_names

EXPIRY_WARNING_DAYS = 15


def _with_authorisations(qs):
    return qs.select_related("organisation", "person", "created_by", "consent_text").prefetch_related(
        Prefetch("authorisations", queryset=Authorisation.objects.order_by("category"))
    )


def active_mandate_for(*, organisation, person, category: str, at: dt.datetime | None = None) -> Mandate | None:
    """The organisation's mandate in force for `person` covering `category` (authorisation not revoked)."""
    if organisation is None or person is None or not category:
        return None
    return (
        Mandate.objects.active(at=at)
        .filter(
            organisation=organisation,
            person=person,
            authorisations__category=category,
            authorisations__revoked_at__isnull=True,
        )
        .select_related("organisation", "person")
        .order_by("-expires_at")
        .first()
    )


def latest_mandate_for(*, organisation, person, category: str | None = None) -> Mandate | None:
    """The most recent non-pending mandate between them (to explain a refusal)."""
    qs = Mandate.objects.filter(organisation=organisation, person=person).exclude(
        state__in=[MandateState.PENDING, MandateState.ABANDONED]
    )
    if category:
        qs = qs.filter(authorisations__category=category)
    return qs.order_by("-starts_at", "-pk").first()


def current_consent_text() -> ConsentText | None:
    return ConsentText.objects.current()


def mandate_by_fingerprint(fingerprint: str) -> Mandate | None:
    fingerprint = (fingerprint or "").strip().lower()
    if not fingerprint:
        return None
    return _with_authorisations(Mandate.objects.filter(fingerprint=fingerprint)).first()


def mandates_of_person(*, person, include_abandoned: bool = True):
    qs = Mandate.objects.filter(person=person).select_related("organisation")
    if not include_abandoned:
        qs = qs.exclude(state=MandateState.ABANDONED)
    return _with_authorisations(qs).order_by("-created_at")


def pending_consent_requests(*, person):
    """Mandates waiting for the person to accept from their own account."""
    return _with_authorisations(
        Mandate.objects.pending().filter(person=person, consent_method="account", consented_at__isnull=True)
    )


def mandates_of_organisation(*, organisation, states=None):
    qs = Mandate.objects.filter(organisation=organisation)
    if states:
        qs = qs.filter(state__in=states)
    return _with_authorisations(qs)


def active_mandates_of_organisation(*, organisation):
    return _with_authorisations(Mandate.objects.active().filter(organisation=organisation)).order_by(
        "person__last_name", "person__first_name", "-expires_at"
    )


def expiring_mandates(*, organisation=None, days: int = EXPIRY_WARNING_DAYS):
    qs = Mandate.objects.expiring_within(days=days)
    if organisation is not None:
        qs = qs.filter(organisation=organisation)
    return _with_authorisations(qs).order_by("expires_at")


def mandate_for_organisation(*, organisation, mandate_id: int) -> Mandate | None:
    return _with_authorisations(Mandate.objects.filter(organisation=organisation, pk=mandate_id)).first()


def mandate_for_person(*, person, mandate_id: int) -> Mandate | None:
    return _with_authorisations(Mandate.objects.filter(person=person, pk=mandate_id)).first()


def persons_followed(*, organisation):
    """People with at least one mandate in force with the organisation, with those mandates."""
    mandates = list(active_mandates_of_organisation(organisation=organisation))
    by_person: dict[int, dict] = {}
    for mandate in mandates:
        entry = by_person.setdefault(mandate.person_id, {"person": mandate.person, "mandates": []})
        entry["mandates"].append(mandate)
    return list(by_person.values())


def persons_created_by(*, organisation, query: str = ""):
    qs = Person.objects.filter(
        Q(created_by_organisation=organisation) | Q(mandates__organisation=organisation)
    ).distinct()
    if query:
        qs = qs.filter(Q(last_name__icontains=query) | Q(first_name__icontains=query))
    return qs.order_by("last_name", "first_name")


def accompaniment_sessions(*, organisation, limit: int | None = None):
    qs = AccompanimentSession.objects.filter(organisation=organisation).select_related("helper", "person")
    return qs[:limit] if limit else qs


def accompaniment_counts(*, organisation, since: dt.date | None = None) -> dict:
    """Counts of sessions by month and theme (a session with two themes counts once for each)."""
    qs = AccompanimentSession.objects.filter(organisation=organisation)
    if since is not None:
        qs = qs.filter(happened_on__gte=since)
    table: dict[str, Counter] = defaultdict(Counter)
    totals: Counter = Counter()
    sessions_by_month: Counter = Counter()
    for happened_on, themes in qs.values_list("happened_on", "themes"):
        month = happened_on.strftime("%Y-%m")
        sessions_by_month[month] += 1
        for theme in themes or []:
            table[month][theme] += 1
            totals[theme] += 1
    months = sorted(table.keys() | sessions_by_month.keys(), reverse=True)
    return {"months": months, "table": table, "totals": totals, "sessions_by_month": sessions_by_month}


def mandate_get(*, mandate_id) -> Mandate | None:
    """A mandate with its organisation and person (the acting context re-reads it on every request)."""
    return Mandate.objects.select_related("person", "organisation").filter(pk=mandate_id).first()


def mandate_for_attestation(*, mandate_id: int) -> Mandate | None:
    return (
        Mandate.objects.select_related("organisation", "person", "confirmed_by", "consent_text", "revoked_by")
        .prefetch_related(
            Prefetch("authorisations", queryset=Authorisation.objects.select_related("revoked_by").order_by("category"))
        )
        .filter(pk=mandate_id)
        .first()
    )


def person_by_email(*, email: str) -> Person | None:
    """The person whose active account has exactly this email (case-insensitive)."""
    return Person.objects.filter(user__email__iexact=email, user__is_active=True).first()


def person_record_of(*, organisation, person_id: int) -> Person | None:
    """A person record created by the organisation."""
    return Person.objects.filter(pk=person_id, created_by_organisation=organisation).first()


def person_for_mandate(*, organisation, person_id: int) -> tuple[Person | None, bool]:
    """The person, and whether the organisation knows them (record it created, or a mandate with it)."""
    person = Person.objects.filter(pk=person_id).select_related("user").first()
    if person is None:
        return None, False
    known = (
        person.created_by_organisation_id == organisation.pk
        or person.mandates.filter(organisation=organisation).exists()
    )
    return person, known


def person_history(*, person, limit: int = 60) -> list[rendering.Line]:
    """ "Qui a fait quoi pour moi": what organisations did about the person, as sentences."""
    entries = list(entries_about_person(person_id=person.pk).exclude(organisation_id__isnull=True)[:limit])
    names = organisation_names(ids={e.organisation_id for e in entries})
    return rendering.describe(entries, organisation_names=names)
