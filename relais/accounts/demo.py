"""Demo logins (documented in the README). Idempotent."""

import base64

from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from relais.accounts.models import Person, User
from relais.organisations.models import MemberRole, Organisation, OrganisationKind
from relais.organisations.services import membership_add
from relais.territory.models import Commune, Departement

DEMO_PASSWORD = "Relais-demo-2026"
# Every demo professional uses this TOTP secret (add it to an authenticator app, or run
# `make totp` to print the current code). Never used outside demo data.
DEMO_TOTP_BASE32 = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"

ORGANISATIONS = [
    # key, name, kind, commune code, siret, phone, address, allowed mandate categories
    (
        "fs_venissieux",
        "France Services Vénissieux",
        OrganisationKind.FRANCE_SERVICES,
        "69259",
        "",
        "04 72 00 00 01",
        "5 avenue Marcel Houël, 69200 Vénissieux",
        ["papiers", "famille", "social", "travail", "logement", "transports", "argent"],
    ),
    (
        "caf_rhone",
        "Caisse d'allocations familiales du Rhône",
        OrganisationKind.BENEFITS_BODY,
        "69383",
        "",
        "32 30",
        "67 boulevard Vivier-Merle, 69003 Lyon",
        [],
    ),
    (
        "cpam_rhone",
        "Caisse primaire d'assurance maladie du Rhône",
        OrganisationKind.BENEFITS_BODY,
        "69383",
        "",
        "36 46",
        "276 cours Émile-Zola, 69100 Villeurbanne",
        [],
    ),
    (
        "ccas_lyon",
        "CCAS de Lyon",
        OrganisationKind.CCAS,
        "69381",
        "",
        "04 72 00 00 02",
        "4 rue du Griffon, 69001 Lyon",
        ["social", "logement", "famille", "argent"],
    ),
    (
        "asso_marseille",
        "Association Entraide Marseille",
        OrganisationKind.ASSOCIATION,
        "13201",
        "",
        "04 91 00 00 03",
        "10 rue de la République, 13001 Marseille",
        ["social", "logement"],
    ),
]

USERS = [
    # email, first, last, kind, [(org key, role)]
    ("camille.martin@demo.relais.fr", "Camille", "Martin", "person", []),
    ("jules.bernard@demo.relais.fr", "Jules", "Bernard", "person", []),
    (
        "sami.aidant@demo.relais.fr",
        "Sami",
        "Haddad",
        "pro",
        [("fs_venissieux", MemberRole.HELPER), ("ccas_lyon", MemberRole.HELPER)],
    ),
    ("ines.instructrice@demo.relais.fr", "Inès", "Moreau", "pro", [("cpam_rhone", MemberRole.AGENT)]),
    ("marc.responsable@demo.relais.fr", "Marc", "Lefèvre", "pro", [("fs_venissieux", MemberRole.MANAGER)]),
    ("claire.coordination@demo.relais.fr", "Claire", "Dubois", "coordinator", []),
    ("admin@demo.relais.fr", "Alex", "Admin", "staff", []),
]


def demo_totp_hex() -> str:
    return base64.b32decode(DEMO_TOTP_BASE32).hex()


def load(ctx: dict, stdout) -> None:
    orgs = {}
    for key, name, kind, commune_code, siret, phone, address, categories in ORGANISATIONS:
        commune = Commune.objects.filter(code=commune_code).first()
        org, _ = Organisation.objects.update_or_create(
            name=name,
            defaults={
                "kind": kind,
                "siret": siret,
                "phone": phone,
                "address": address,
                "commune": commune,
                "departement": commune.departement if commune else None,
                "allowed_mandate_categories": categories,
            },
        )
        orgs[key] = org
    users = {}
    for email, first, last, kind, memberships in USERS:
        user = User.objects.filter(email=email).first()
        if user is None:
            user = User.objects.create_user(email=email, password=DEMO_PASSWORD, first_name=first, last_name=last)
        user.is_staff = user.is_superuser = kind == "staff"
        user.email_verified_at = user.email_verified_at or timezone.now()
        user.save()
        if kind == "person":
            Person.objects.get_or_create(
                user=user, defaults={"first_name": first, "last_name": last, "email": email, "phone": "+33612345678"}
            )
        for org_key, role in memberships:
            membership_add(user=user, organisation=orgs[org_key], role=role)
        if kind == "coordinator":
            user.coordinated_departements.set(Departement.objects.filter(code__in=["69"]))
        if kind in {"pro", "coordinator", "staff"}:
            TOTPDevice.objects.update_or_create(
                user=user, name="demo", defaults={"key": demo_totp_hex(), "confirmed": True}
            )
        users[email] = user
    ctx["organisations"] = orgs
    ctx["users"] = users
    stdout.write(f"  {len(orgs)} structures, {len(users)} comptes (mot de passe : {DEMO_PASSWORD})")
