"""Rights probably not claimed, worked through: the rows kept from each batch, their states, take-up.

`unclaimed_sync(batch)` (end of each batch) creates one UnclaimedRight per (organisation, person,
benefit) not seen before and leaves the state of rows already worked; `unclaimed_mark` changes a
row's state through the state machine (relais/rights/states.py); `take_up_csv` exports the rows."""

from __future__ import annotations

import datetime as dt
import io

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from relais import policy
from relais.core import csv as safe_csv
from relais.journal.services import journal_record
from relais.rights.models import BatchRun, TakeUpState, UnclaimedRight
from relais.rights.states import unclaimed_transition


@transaction.atomic
def unclaimed_sync(*, batch: BatchRun) -> int:
    """Keep the batch's rows as UnclaimedRight (new ones « à traiter »); returns how many are new."""
    now = timezone.now()
    wanted = {(row["person_id"], row["benefit"]): row for row in batch.rows if row.get("person_id")}
    existing = set(
        UnclaimedRight.objects.filter(organisation=batch.organisation_id).values_list("person_id", "benefit")
    )
    new = [
        UnclaimedRight(
            organisation_id=batch.organisation_id,
            person_id=person_id,
            benefit=benefit[:80],
            label=str(row.get("label", benefit))[:200],
            last_batch=batch,
            last_seen_at=now,
        )
        for (person_id, benefit), row in wanted.items()
        if (person_id, benefit) not in existing
    ]
    UnclaimedRight.objects.bulk_create(new, ignore_conflicts=True, batch_size=500)
    seen = Q()
    for person_id, benefit in wanted.keys() & existing:
        seen |= Q(person_id=person_id, benefit=benefit)
    if seen:
        UnclaimedRight.objects.filter(seen, organisation=batch.organisation_id).update(
            last_batch=batch, last_seen_at=now
        )
    return len(new)


def unclaimed_mark(*, right: UnclaimedRight, actor, state: str) -> UnclaimedRight:
    """The helper notes where the right stands (« contacté », « demande en cours », « obtenu »...)."""
    policy.require(actor, "rights.unclaimed_mark", right)
    return unclaimed_transition(right, to=state, actor=actor)


TAKE_UP_CSV_HEADER = ["personne", "prénom", "nom", "aide", "suivi", "repérée le", "suivi changé le"]


def take_up_csv(*, organisation, actor) -> str:
    """Every row the organisation works through, with its state (journaled: it names persons)."""
    policy.require(actor, "rights.take_up_view")
    rows = (
        UnclaimedRight.objects.filter(organisation=organisation)
        .select_related("person")
        .order_by("person__last_name", "person__first_name", "label")
    )
    journal_record(
        action="rights.take_up_exported",
        actor=actor,
        organisation=organisation,
        details={"rows": rows.count()},
    )
    buffer = io.StringIO()
    writer = safe_csv.writer(buffer, delimiter=";")
    writer.writerow(TAKE_UP_CSV_HEADER)
    for right in rows:
        writer.writerow(
            [
                right.person_id,
                right.person.first_name,
                right.person.last_name,
                right.label,
                right.get_state_display(),
                timezone.localtime(right.detected_at).strftime("%d/%m/%Y"),
                timezone.localtime(right.state_changed_at).strftime("%d/%m/%Y") if right.state_changed_at else "",
            ]
        )
    return buffer.getvalue()


def unclaimed_purge_expired(*, now: dt.datetime | None = None) -> int:
    """Retention: rows closed (« obtenu », « pas intéressé ») or not seen again by any batch for
    RIGHTS_UNCLAIMED_RETENTION_DAYS (2 years by default) are deleted, with their history."""
    now = now or timezone.now()
    limit = now - dt.timedelta(days=int(getattr(settings, "RIGHTS_UNCLAIMED_RETENTION_DAYS", 2 * 365)))
    closed = Q(state__in=[TakeUpState.OBTAINED, TakeUpState.NOT_INTERESTED], state_changed_at__lt=limit)
    stale = Q(last_seen_at__lt=limit) & (Q(state_changed_at__isnull=True) | Q(state_changed_at__lt=limit))
    deleted, by_model = UnclaimedRight.objects.filter(closed | stale).delete()
    count = by_model.get(UnclaimedRight._meta.label, 0)
    if count:
        journal_record(action="retention.unclaimed_rights_purged", details={"count": count})
    return count
