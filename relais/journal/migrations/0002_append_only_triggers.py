from django.db import migrations

from relais.journal.triggers import create_triggers, drop_triggers


def forwards(apps, schema_editor):
    with schema_editor.connection.cursor() as cursor:
        create_triggers(cursor, schema_editor.connection.vendor)


def backwards(apps, schema_editor):
    with schema_editor.connection.cursor() as cursor:
        drop_triggers(cursor, schema_editor.connection.vendor)


class Migration(migrations.Migration):
    dependencies = [("journal", "0001_initial")]
    operations = [migrations.RunPython(forwards, backwards)]
