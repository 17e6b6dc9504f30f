from django.db import migrations

from relais.casefile.consent_texts import TEXT_EN, TEXT_FR


def create_v1(apps, schema_editor):
    FollowUpConsentText = apps.get_model("casefile", "FollowUpConsentText")
    FollowUpConsentText.objects.get_or_create(version="1", defaults={"text_fr": TEXT_FR, "text_en": TEXT_EN})


def remove_v1(apps, schema_editor):
    FollowUpConsentText = apps.get_model("casefile", "FollowUpConsentText")
    FollowUpConsentText.objects.filter(version="1", follow_ups__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("casefile", "0001_initial")]

    operations = [migrations.RunPython(create_v1, remove_v1)]
