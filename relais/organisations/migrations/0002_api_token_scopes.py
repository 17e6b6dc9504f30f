"""Tokens made before scopes were checked had none: they keep what they could do (both scopes)."""

from django.db import migrations

ALL_SCOPES = ["dossiers:prefill", "dossiers:read"]


def grant_existing(apps, schema_editor):
    ApiToken = apps.get_model("organisations", "ApiToken")
    for token in ApiToken.objects.all():
        if not token.scopes:
            token.scopes = list(ALL_SCOPES)
            token.save(update_fields=["scopes"])


class Migration(migrations.Migration):
    dependencies = [("organisations", "0001_initial")]

    operations = [migrations.RunPython(grant_existing, migrations.RunPython.noop)]
