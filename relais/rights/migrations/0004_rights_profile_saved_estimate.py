from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("rights", "0003_unclaimed_rights_from_latest_batches")]

    operations = [
        migrations.AddField(
            model_name="rightsprofile",
            name="result",
            field=models.JSONField(blank=True, default=list, verbose_name="dernière estimation enregistrée"),
        ),
        migrations.AddField(
            model_name="rightsprofile",
            name="result_period",
            field=models.CharField(blank=True, max_length=7, verbose_name="mois de l'estimation"),
        ),
        migrations.AddField(
            model_name="rightsprofile",
            name="result_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="estimation enregistrée le"),
        ),
    ]
