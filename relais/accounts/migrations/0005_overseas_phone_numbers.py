"""Phone numbers of the overseas departments saved before there was one normaliser (relais.core.phone): the
profile form turned « 0692 12 34 56 » into +33692123456, a number that does not exist. The national prefixes
below belong to the overseas departments only, so the correction is unambiguous. The person-search keys of the
phone (« t:<number> ») follow."""

from django.db import migrations

# national prefix (after the 0) → country code; a copy of relais.core.phone, so that this migration never changes
OVERSEAS = {
    "590": "590", "690": "590", "691": "590",
    "596": "596", "696": "596", "697": "596",
    "594": "594", "694": "594",
    "262": "262", "263": "262", "692": "262", "693": "262", "269": "262", "639": "262",
}  # fmt: skip


def corrected(number: str) -> str | None:
    if len(number) == 12 and number.startswith("+33") and number[3:6] in OVERSEAS:
        return f"+{OVERSEAS[number[3:6]]}{number[3:]}"
    return None


def forwards(apps, schema_editor):
    for label in ("accounts.User", "accounts.Person"):
        model = apps.get_model(label)
        for pk, phone in model.objects.filter(phone__startswith="+33").values_list("pk", "phone").iterator():
            fixed = corrected(phone)
            if fixed:
                model.objects.filter(pk=pk).update(phone=fixed)
    keys = apps.get_model("accounts.PersonSearchKey")
    rows = keys.objects.filter(key__startswith="t:+33").values_list("pk", "person_id", "key")
    for pk, person_id, key in list(rows):
        fixed = corrected(key[2:])
        if not fixed:
            continue
        if keys.objects.filter(person_id=person_id, key=f"t:{fixed}").exists():
            keys.objects.filter(pk=pk).delete()
        else:
            keys.objects.filter(pk=pk).update(key=f"t:{fixed}")


class Migration(migrations.Migration):
    dependencies = [("accounts", "0004_person_search")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
