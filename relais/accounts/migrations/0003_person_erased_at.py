from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("accounts", "0002_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="person",
            name="erased_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="données effacées le"),
        ),
        migrations.AlterModelOptions(
            name="emailverification",
            options={"verbose_name": "vérification d'adresse"},
        ),
    ]
