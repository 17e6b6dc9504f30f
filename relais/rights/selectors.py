"""Reads of the rights domain."""

from __future__ import annotations

from relais.rights.models import BatchRun, RightsProfile


def batches_for(*, organisation, limit: int = 20):
    return BatchRun.objects.filter(organisation=organisation).select_related("started_by")[:limit]


def batch_for(*, organisation, batch_id: int) -> BatchRun | None:
    return BatchRun.objects.filter(organisation=organisation, pk=batch_id).first()


def followed_with_consent_count(*, organisation) -> int:
    return RightsProfile.objects.filter(organisation=organisation, consent_to_batch=True).count()


def profile_answers(*, person) -> dict | None:
    profile = RightsProfile.objects.filter(person=person).first()
    return dict(profile.answers) if profile and profile.answers else None
