# Delivery: a lease while sending (for the requeue sweep) and a stable random uid (idempotency key).

import uuid

from django.db import migrations, models


def fill_uids(apps, schema_editor):
    Delivery = apps.get_model("notifications", "Delivery")
    for delivery in Delivery.objects.filter(uid__isnull=True).only("pk"):
        delivery.uid = uuid.uuid4()
        delivery.save(update_fields=["uid"])


class Migration(migrations.Migration):

    dependencies = [
        ("notifications", "0001_initial"),
    ]

    operations = [
        migrations.AlterModelOptions(
            name="attempt",
            options={"ordering": ["started_at", "pk"]},
        ),
        migrations.AddField(
            model_name="delivery",
            name="lease_until",
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.AlterField(
            model_name="delivery",
            name="channel",
            field=models.CharField(
                choices=[("email", "Courriel"), ("sms", "SMS"), ("organisation", "Par la structure qui m'accompagne")],
                max_length=16,
            ),
        ),
        migrations.AddField(
            model_name="delivery",
            name="uid",
            field=models.UUIDField(null=True, editable=False),
        ),
        migrations.RunPython(fill_uids, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="delivery",
            name="uid",
            field=models.UUIDField(default=uuid.uuid4, editable=False, unique=True),
        ),
    ]
