"""The coordinator's one-click freshness campaign: the directory's own campaign (one notification per
organisation editor, journaled per organisation), limited to the coordinator's départements and idempotent
per day (the notification keys carry the day)."""

from __future__ import annotations

from django.db import transaction

from relais import policy
from relais.directory.services import freshness_campaign
from relais.journal.services import journal_record


@transaction.atomic
def freshness_campaign_launch(*, actor, departement_code: str, now=None) -> dict:
    policy.require(actor, "observatory.campaign", departement_code)
    counts = freshness_campaign(now=now, departement_codes=[departement_code], period="%Y-%m-%d")
    journal_record(
        action="observatory.freshness_campaign",
        actor=actor,
        object_type="departement",
        object_id=departement_code,
        details={"departement": departement_code, **counts},
    )
    return counts
