from django.db import migrations

from relais.mandates.consent_texts import TEXT_EN, TEXT_FR


def create_v1(apps, schema_editor):
    ConsentText = apps.get_model("mandates", "ConsentText")
    ConsentText.objects.get_or_create(version="1", defaults={"text_fr": TEXT_FR, "text_en": TEXT_EN})


def remove_v1(apps, schema_editor):
    ConsentText = apps.get_model("mandates", "ConsentText")
    ConsentText.objects.filter(version="1", mandates__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("mandates", "0001_initial")]

    operations = [migrations.RunPython(create_v1, remove_v1)]
