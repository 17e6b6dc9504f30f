"""Rows of the latest finished batch of each organisation become rows to work through (« à traiter »),
so that detections made before this change can be worked through without running a new batch."""

from django.db import migrations
from django.utils import timezone


def forwards(apps, schema_editor):
    BatchRun = apps.get_model("rights", "BatchRun")
    UnclaimedRight = apps.get_model("rights", "UnclaimedRight")
    Person = apps.get_model("accounts", "Person")
    latest = {}
    for batch in BatchRun.objects.filter(status="done").order_by("organisation_id", "-created_at", "-pk"):
        latest.setdefault(batch.organisation_id, batch)
    now = timezone.now()
    for batch in latest.values():
        rows = {
            (r.get("person_id"), r.get("benefit")): r
            for r in batch.rows or []
            if r.get("person_id") and r.get("benefit")
        }
        existing = set(Person.objects.filter(pk__in={p for p, _b in rows}).values_list("pk", flat=True))
        UnclaimedRight.objects.bulk_create(
            [
                UnclaimedRight(
                    organisation_id=batch.organisation_id,
                    person_id=person_id,
                    benefit=benefit[:80],
                    label=str(row.get("label", benefit))[:200],
                    last_batch=batch,
                    last_seen_at=now,
                )
                for (person_id, benefit), row in rows.items()
                if person_id in existing
            ],
            ignore_conflicts=True,
            batch_size=500,
        )


class Migration(migrations.Migration):
    dependencies = [("rights", "0002_unclaimed_rights_worked_through")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
