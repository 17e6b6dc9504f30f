"""Reads of the rights domain."""

from __future__ import annotations

from django.db.models import Count

from relais.rights.models import BatchRun, RightsProfile, TakeUpState, UnclaimedRight
from relais.rights.states import CLOSED, IN_PROGRESS, TO_DO


def batches_for(*, organisation, limit: int = 20):
    return BatchRun.objects.filter(organisation=organisation).select_related("started_by")[:limit]


def batch_for(*, organisation, batch_id: int) -> BatchRun | None:
    return BatchRun.objects.filter(organisation=organisation, pk=batch_id).first()


def followed_with_consent_count(*, organisation) -> int:
    return RightsProfile.objects.filter(organisation=organisation, consent_to_batch=True).count()


def profile_answers(*, person) -> dict | None:
    profile = RightsProfile.objects.filter(person=person).first()
    return dict(profile.answers) if profile and profile.answers else None


# --- Rights probably not claimed, worked through -------------------------------------------------

FILTERS = {"a-faire": TO_DO, "en-cours": IN_PROGRESS, "termine": CLOSED}
DEFAULT_FILTER = "a-faire"


def unclaimed_of_batch(*, batch: BatchRun, filter_name: str = DEFAULT_FILTER, limit: int = 200):
    """The batch's rows as UnclaimedRight, in the states of `filter_name` (to do, in progress, closed)."""
    states = FILTERS.get(filter_name, FILTERS[DEFAULT_FILTER])
    return list(
        UnclaimedRight.objects.filter(organisation=batch.organisation_id, last_batch=batch, state__in=states)
        .select_related("person")
        .order_by("person__last_name", "person__first_name", "label")[:limit]
    )


def unclaimed_filter_counts(*, batch: BatchRun) -> dict[str, int]:
    counts = dict(
        UnclaimedRight.objects.filter(organisation=batch.organisation_id, last_batch=batch)
        .values_list("state")
        .annotate(n=Count("pk"))
    )
    return {name: sum(counts.get(state, 0) for state in states) for name, states in FILTERS.items()}


def unclaimed_right_for(*, organisation, right_id: int) -> UnclaimedRight | None:
    return UnclaimedRight.objects.filter(organisation=organisation, pk=right_id).select_related("person").first()


def unclaimed_for_person(*, organisation, person) -> list[UnclaimedRight]:
    """For the person file: the rights probably not claimed the organisation works through for this
    person, each with `state` / `get_state_display()`, `label`, `detected_at`, `last_seen_at`."""
    return list(UnclaimedRight.objects.filter(organisation=organisation, person=person).order_by("state", "label"))


def take_up_counts(*, organisation) -> dict[str, int]:
    """Take-up funnel of the organisation: detected → contacted → claimed → obtained (each step
    counts the rows that reached it or went further; « pas intéressé » counts as contacted)."""
    counts = dict(UnclaimedRight.objects.filter(organisation=organisation).values_list("state").annotate(n=Count("pk")))
    S = TakeUpState
    return {
        "detected": sum(counts.values()),
        "contacted": sum(counts.get(s, 0) for s in (S.CONTACTED, S.CLAIMING, S.OBTAINED, S.NOT_INTERESTED)),
        "claimed": counts.get(S.CLAIMING, 0) + counts.get(S.OBTAINED, 0),
        "obtained": counts.get(S.OBTAINED, 0),
        "not_interested": counts.get(S.NOT_INTERESTED, 0),
    }
