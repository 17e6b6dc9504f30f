"""Demo procedures, glossary and dossiers of camille.martin@demo.relais.fr. Idempotent."""

from __future__ import annotations

from django.utils import timezone

from relais.organisations.models import MemberRole
from relais.procedures import services
from relais.procedures.models import Dossier, GlossaryTerm, PersonProfile, Procedure, ProcedureVersion
from relais.procedures.states import transition

GLOSSARY = [
    (
        "quotient-familial",
        "Quotient familial",
        "Un nombre calculé par la CAF à partir de vos revenus et du nombre de personnes dans votre foyer. "
        "Il est écrit sur votre espace CAF ou sur vos courriers de la CAF. Plus il est bas, plus les aides peuvent "
        "être élevées.",
    ),
    (
        "avis-d-imposition",
        "Avis d'imposition",
        "La feuille envoyée chaque été par les impôts, même si vous ne payez pas d'impôt. Elle indique vos revenus "
        "de l'année "
        "d'avant. Vous la trouvez aussi sur impots.gouv.fr, dans « Documents ».",
    ),
    (
        "reste-a-vivre",
        "Reste à vivre",
        "L'argent qu'il vous reste chaque mois une fois payés le loyer, l'énergie et les autres dépenses obligatoires.",
    ),
    (
        "iban",
        "IBAN (RIB)",
        "Le numéro de votre compte bancaire. Il commence par FR76 et se trouve sur votre RIB, que vous pouvez "
        "demander à votre banque "
        "ou télécharger sur son site.",
    ),
    (
        "nir",
        "Numéro de sécurité sociale",
        "Les 15 chiffres écrits sur votre carte Vitale. Il commence par 1 pour un homme et 2 pour une femme.",
    ),
    (
        "allocataire",
        "Numéro d'allocataire",
        "Le numéro qui vous identifie à la CAF. Il est en haut de chaque courrier de la CAF.",
    ),
    (
        "complementaire-sante-solidaire",
        "Complémentaire santé solidaire",
        "Une aide qui paie la part des frais de santé que la Sécurité sociale ne rembourse pas. Elle est gratuite ou "
        "coûte moins "
        "d'un euro par jour selon vos revenus.",
    ),
]

LOGEMENT_FIELDS = [
    {"type": "section", "label": "Vous"},
    {
        "type": "explanation",
        "label": "Cette demande est lue par une travailleuse sociale du CCAS.",
        "help": "Répondez avec vos mots. Si une question est difficile, passez-la : vous pourrez en parler au "
        "téléphone.",
    },
    {"key": "prenom", "type": "text", "label": "Votre prénom", "required": True, "profile_key": "identity.first_name"},
    {"key": "nom", "type": "text", "label": "Votre nom", "required": True, "profile_key": "identity.last_name"},
    {
        "key": "telephone",
        "type": "phone",
        "label": "Votre numéro de téléphone",
        "required": True,
        "profile_key": "contact.phone",
        "help": "Pour vous rappeler. Par exemple 06 12 34 56 78.",
    },
    {"type": "section", "label": "Votre logement"},
    {
        "key": "situation",
        "type": "choice",
        "label": "Quelle est votre situation aujourd'hui ?",
        "required": True,
        "choices": [
            "Je suis sans logement",
            "Je suis hébergé chez un proche",
            "Je vais être expulsé",
            "Mon logement est dangereux",
        ],
    },
    {
        "key": "date_expulsion",
        "type": "date",
        "label": "Date prévue de l'expulsion",
        "required": True,
        "condition": {"field": "situation", "op": "eq", "value": "Je vais être expulsé"},
    },
    {
        "key": "commune",
        "type": "commune",
        "label": "Dans quelle commune êtes-vous ?",
        "required": True,
        "profile_key": "address.commune",
    },
    {"type": "section", "label": "Votre foyer"},
    {"key": "a_enfants", "type": "yes_no", "label": "Des enfants vivent-ils avec vous ?", "required": True},
    {
        "key": "enfants",
        "type": "repetition",
        "label": "Vos enfants",
        "item_label": "Enfant",
        "required": True,
        "condition": {"field": "a_enfants", "op": "eq", "value": True},
        "fields": [
            {"key": "prenom_enfant", "type": "text", "label": "Prénom de l'enfant", "required": True},
            {"key": "naissance_enfant", "type": "date", "label": "Date de naissance", "required": True},
        ],
    },
    {
        "key": "revenus",
        "type": "decimal",
        "label": "Revenus du foyer par mois (en euros)",
        "required": False,
        "profile_key": "income.monthly",
        "glossary": ["reste-a-vivre"],
        "help": "Par exemple 845,50. Comptez les salaires et les aides.",
    },
    {
        "key": "quotient_familial",
        "type": "integer",
        "label": "Votre quotient familial, si vous le connaissez",
        "required": False,
        "glossary": ["quotient-familial"],
    },
    {"type": "section", "label": "Vos justificatifs"},
    {
        "key": "piece_identite",
        "type": "file",
        "label": "Une pièce d'identité (photo ou PDF)",
        "required": True,
        "accept": ["image", "pdf"],
        "max_bytes": 1_000_000,
        "multiple": False,
        "one_pdf": False,
        "help": "Carte d'identité, passeport ou titre de séjour. Une photo avec votre téléphone suffit.",
    },
    {
        "key": "justificatif_ressources",
        "type": "file",
        "label": "Votre dernier avis d'imposition (facultatif)",
        "required": False,
        "accept": ["image", "pdf"],
        "max_bytes": 2_000_000,
        "multiple": False,
        "one_pdf": True,
        "glossary": ["avis-d-imposition"],
    },
]

CSS_FIELDS = [
    {"type": "section", "label": "Vous"},
    {"key": "prenom", "type": "text", "label": "Votre prénom", "required": True, "profile_key": "identity.first_name"},
    {"key": "nom", "type": "text", "label": "Votre nom", "required": True, "profile_key": "identity.last_name"},
    {
        "key": "nir",
        "type": "nir",
        "label": "Votre numéro de sécurité sociale",
        "required": True,
        "profile_key": "identity.nir",
        "glossary": ["nir"],
    },
    {
        "key": "numero_caf",
        "type": "text",
        "label": "Votre numéro d'allocataire CAF (si vous en avez un)",
        "required": False,
        "profile_key": "ids.caf_number",
        "glossary": ["allocataire"],
    },
    {
        "key": "email",
        "type": "email",
        "label": "Votre adresse électronique",
        "required": False,
        "profile_key": "contact.email",
    },
    {"type": "section", "label": "Votre foyer et vos revenus"},
    {
        "key": "taille_foyer",
        "type": "integer",
        "label": "Combien de personnes vivent dans votre foyer, vous compris ?",
        "required": True,
        "profile_key": "household.size",
        "min": 1,
        "max": 20,
    },
    {
        "key": "situation_pro",
        "type": "multiple_choice",
        "label": "Vos sources de revenus",
        "required": True,
        "choices": ["Salaire", "Chômage", "RSA", "Retraite", "Allocation adulte handicapé", "Aucun revenu"],
    },
    {
        "key": "revenus_annuels",
        "type": "decimal",
        "label": "Revenus du foyer sur les 12 derniers mois (en euros)",
        "required": True,
        "glossary": ["avis-d-imposition"],
    },
    {
        "key": "iban",
        "type": "iban",
        "label": "Votre IBAN, si la participation doit être prélevée",
        "required": False,
        "profile_key": "bank.iban",
        "glossary": ["iban"],
    },
    {"type": "section", "label": "Justificatif"},
    {
        "key": "avis_imposition",
        "type": "file",
        "label": "Votre dernier avis d'imposition",
        "required": False,
        "accept": ["image", "pdf"],
        "max_bytes": 2_000_000,
        "multiple": True,
        "one_pdf": True,
        "glossary": ["avis-d-imposition"],
        "help": "Prenez chaque page en photo, bien à plat et en entier.",
    },
]

PROCEDURES = [
    # key, org key, slug, title, category, description, audience, documents, minutes, fields
    (
        "logement",
        "ccas_lyon",
        "aide-logement-urgence-lyon",
        "Demande d'aide au logement d'urgence",
        "logement",
        "Vous n'avez plus de logement, ou vous allez le perdre ? Le CCAS de Lyon étudie votre situation et vous "
        "propose une "
        "solution d'hébergement ou une aide financière.",
        "Les personnes qui vivent à Lyon, seules ou en famille, sans logement ou menacées de le perdre.",
        "Une pièce d'identité\nVotre dernier avis d'imposition (si vous l'avez)",
        15,
        LOGEMENT_FIELDS,
    ),
    (
        "css",
        "cpam_rhone",
        "complementaire-sante-solidaire-rhone",
        "Dossier de demande de complémentaire santé solidaire",
        "social",
        "La complémentaire santé solidaire paie vos frais de santé que la Sécurité sociale ne rembourse pas. "
        "L'Assurance maladie (la CPAM du Rhône) étudie votre demande et vous dit si vous y avez droit.",
        "Les personnes aux revenus modestes qui habitent dans le Rhône.",
        "Votre carte Vitale\nVotre dernier avis d'imposition\nUn RIB si vous devez payer une participation",
        20,
        CSS_FIELDS,
    ),
]


def _as_member(user, organisation, role):
    membership = (
        user.memberships.active().filter(organisation=organisation, role=role).select_related("organisation").first()
    )
    user.active_membership = membership
    return user


def load(ctx: dict, stdout) -> None:
    for slug, term, definition in GLOSSARY:
        GlossaryTerm.objects.update_or_create(slug=slug, defaults={"term": term, "definition": definition})
    orgs = ctx.get("organisations", {})
    users = ctx.get("users", {})
    procedures = {}
    for key, org_key, slug, title, category, description, audience, documents, minutes, fields in PROCEDURES:
        org = orgs.get(org_key)
        if org is None:
            continue
        procedure, created = Procedure.objects.update_or_create(
            slug=slug,
            defaults={
                "organisation": org,
                "title": title,
                "category": category,
                "description": description,
                "audience": audience,
                "documents_needed": documents,
                "estimated_minutes": minutes,
            },
        )
        if created or procedure.current_version is None:
            version, _ = ProcedureVersion.objects.get_or_create(
                procedure=procedure, number=1, defaults={"fields": fields}
            )
            if version.published_at is None:
                version.fields = fields
                version.published_at = timezone.now()
                version.save()
            Procedure.objects.filter(pk=procedure.pk).update(current_version=version)
            procedure.refresh_from_db()
        procedures[key] = procedure
    ctx["procedures"] = procedures

    camille = users.get("camille.martin@demo.relais.fr")
    ines = users.get("ines.instructrice@demo.relais.fr")
    person = getattr(camille, "person", None) if camille else None
    created_dossiers = 0
    if person is not None:
        PersonProfile.objects.get_or_create(
            person=person,
            defaults={
                "data": {
                    "identity.first_name": "Camille",
                    "identity.last_name": "Martin",
                    "contact.phone": "+33612345678",
                    "address.commune": {"code": "69383", "name": "Lyon 3e Arrondissement (69003)"},
                    "household.size": 3,
                    "ids.caf_number": "1234567",
                }
            },
        )
        logement = procedures.get("logement")
        if logement and not Dossier.objects.filter(person=person, procedure=logement).exists():
            dossier = services.dossier_start(actor=camille, procedure=logement)
            services.dossier_save_page(dossier=dossier, actor=camille, page=0, values={}, revision=dossier.revision)
            created_dossiers += 1
        css = procedures.get("css")
        if css and ines is not None and not Dossier.objects.filter(person=person, procedure=css).exists():
            dossier = services.dossier_start(actor=camille, procedure=css)
            values = {
                "nir": "284056912345640",
                "taille_foyer": 3,
                "situation_pro": ["Salaire", "RSA"],
                "revenus_annuels": "11840.00",
                "iban": "FR7630006000011234567890189",
            }
            dossier = services.dossier_save_page(
                dossier=dossier, actor=camille, page=0, values={"nir": values["nir"]}, revision=dossier.revision
            ).dossier
            dossier = services.dossier_save_page(
                dossier=dossier, actor=camille, page=1, values=values, revision=dossier.revision
            ).dossier
            dossier = services.dossier_save_page(
                dossier=dossier, actor=camille, page=2, values={}, revision=dossier.revision
            ).dossier
            services.dossier_submit(dossier=dossier, actor=camille)
            agent = _as_member(ines, css.organisation, MemberRole.AGENT)
            dossier.refresh_from_db()
            services.dossier_decide(dossier=dossier, actor=agent, to="in_review")
            services.dossier_decide(
                dossier=dossier,
                actor=agent,
                to="correction_requested",
                reason="Le montant des revenus ne correspond pas à votre avis d'imposition : indiquez le revenu "
                "fiscal de référence "
                "(en haut à gauche de la première page) et joignez une photo de l'avis.",
            )
            created_dossiers += 1
            # An older dossier already decided, to show a finished timeline.
            old = services.dossier_start(actor=camille, procedure=css)
            old = services.dossier_save_page(
                dossier=old, actor=camille, page=0, values={"nir": values["nir"]}, revision=old.revision
            ).dossier
            old = services.dossier_save_page(
                dossier=old,
                actor=camille,
                page=1,
                values={**values, "revenus_annuels": "9800.00"},
                revision=old.revision,
            ).dossier
            services.dossier_submit(dossier=old, actor=camille)
            old.refresh_from_db()
            transition(old, to="in_review", actor=agent, organisation=css.organisation)
            transition(old, to="accepted", actor=agent, organisation=css.organisation)
            created_dossiers += 1
    stdout.write(
        f"  {len(procedures)} démarches, {len(GLOSSARY)} mots du glossaire, {created_dossiers} dossiers de "
        f"démonstration"
    )
