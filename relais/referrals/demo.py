"""Demo content of referrals: the Épicerie solidaire des Minguettes (food aid, on a social worker's referral)
takes referrals by email with a signed link, and the Restaurant social du CCAS de Lyon in the CCAS's Relais
inbox. Idempotent."""

from relais.directory.models import Service
from relais.referrals.models import Delivery, ReferralSettings

SETTINGS = [
    (
        "epicerie-minguettes-epicerie",
        {
            "accepts_referrals": True,
            "documents_asked": "Pièce d'identité ; dernier avis d'imposition ou attestation CAF.",
            "conditions": "Familles et personnes seules aux revenus faibles, habitant Vénissieux.",
            "delivery": Delivery.EMAIL,
            "contact_email": "epicerie.minguettes@demo.relais.fr",
        },
    ),
    (
        "restaurant-social-repas",
        {
            "accepts_referrals": True,
            "documents_asked": "Aucun document obligatoire.",
            "conditions": "Repas gratuit sur orientation d'un travailleur social.",
            "delivery": Delivery.INBOX,
        },
    ),
]


def load(ctx: dict, stdout) -> None:
    count = 0
    for source_id, values in SETTINGS:
        service = Service.objects.filter(source="relais-demo", source_id=source_id).first()
        if service is None:
            continue
        ReferralSettings.objects.update_or_create(service=service, defaults=values)
        count += 1
    stdout.write(f"  {count} services acceptent les orientations (épicerie solidaire des Minguettes…)")
