"""Demo places around Lyon, Vénissieux and Marseille, run by the demo organisations. Idempotent."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from relais.directory.models import Place, PlaceVersion, Service
from relais.directory.services import place_snapshot
from relais.territory.models import Commune

SOURCE = "relais-demo"
ADMIN = "difficultes-administratives-ou-juridiques--accompagnement-aux-demarches-administratives"
RIGHTS = "difficultes-administratives-ou-juridiques--accompagnement-pour-lacces-aux-droits"
ONLINE = "numerique--acceder-a-des-services-en-ligne"
DIGITAL = "numerique--maitriser-les-fondamentaux-du-numerique"
FOOD = "equipement-et-alimentation--alimentation"
CLOTHES = "equipement-et-alimentation--habillement"
SHELTER = "logement-hebergement--rechercher-une-solution-dhebergement-temporaire"

PLACES = [
    {
        "key": "fs-venissieux",
        "org": "fs_venissieux",
        "commune": "69259",
        "name": "France Services Vénissieux",
        "address": "5 avenue Marcel Houël",
        "postcode": "69200",
        "lat": 45.6975,
        "lon": 4.8867,
        "phone": "+33472000001",
        "email": "franceservices@demo.relais.fr",
        "hours": "Mo-Fr 08:30-12:00,13:30-17:00; Sa 09:00-12:00; PH off",
        "languages": ["fr", "ar", "en"],
        "wheelchair": True,
        "description": "Un lieu pour être aidé dans toutes vos démarches : CAF, Assurance maladie, impôts, retraite, "
        "papiers.",
        "pro": {
            "pro_contact_name": "Marc Lefèvre (responsable)",
            "pro_phone": "+33472000011",
            "referral_howto": "Appelez la ligne pro ou envoyez la personne avec ses papiers ; rendez-vous sous 48 h.",
        },
        "services": [
            (
                "demarches",
                "Aide aux démarches administratives",
                "Des agents vous aident pour vos démarches en ligne et vos dossiers.",
                [ADMIN, RIGHTS, ONLINE],
                {},
            ),
            (
                "caf",
                "Aide pour votre dossier CAF (RSA, APL, prime d'activité)",
                "Un agent vous aide à faire ou suivre votre dossier CAF.",
                [RIGHTS],
                {"hours": "Tu,Th 09:00-12:00; PH off"},
            ),
            (
                "recharge",
                "Recharger son téléphone",
                "Des prises pour recharger votre téléphone pendant l'ouverture.",
                ["hygiene--recharger-telephone"],
                {},
            ),
        ],
    },
    {
        "key": "passerelle",
        "org": "ccas_lyon",
        "commune": "69123",
        "name": "Accueil de jour La Passerelle",
        "address": "12 rue de Marseille",
        "postcode": "69007",
        "lat": 45.7485,
        "lon": 4.8440,
        "phone": "+33478000002",
        "hours": "Mo-Fr 08:00-12:00; Sa 09:00-11:30; PH off",
        "languages": ["fr", "en", "ar", "ro"],
        "animals": True,
        "wheelchair": True,
        "description": "Accueil sans condition : douches, laverie, bagagerie, café, recharge de téléphone.",
        "services": [
            (
                "douches",
                "Douches",
                "Douches gratuites avec serviette et savon fournis. Venez avant 11 h.",
                ["hygiene--douches", "hygiene--toilettes"],
                {},
            ),
            (
                "laverie",
                "Laver son linge",
                "Machine à laver et sèche-linge, sur inscription à l'accueil.",
                ["hygiene--laverie"],
                {},
            ),
            (
                "bagagerie",
                "Bagagerie",
                "Laissez vos affaires en sécurité pour la journée ou la semaine.",
                ["hygiene--bagagerie"],
                {},
            ),
            (
                "petit-dejeuner",
                "Petit-déjeuner",
                "Café, pain, boisson chaude chaque matin.",
                [FOOD],
                {"hours": "Mo-Fr 08:00-10:00; PH off"},
            ),
        ],
    },
    {
        "key": "restaurant-social",
        "org": "ccas_lyon",
        "commune": "69123",
        "name": "Restaurant social du CCAS de Lyon",
        "address": "4 rue du Griffon",
        "postcode": "69001",
        "lat": 45.7675,
        "lon": 4.8330,
        "phone": "+33472000002",
        "hours": "Mo-Su 11:30-13:30",
        "languages": ["fr"],
        "wheelchair": False,
        "description": "Repas chaud le midi, tous les jours, jours fériés compris.",
        "services": [
            (
                "repas",
                "Repas chaud du midi",
                "Repas complet pour 1 €, gratuit sur orientation d'un travailleur social.",
                [FOOD],
                {"frais": "payant", "frais_precisions": "1 € ; gratuit sur orientation"},
            )
        ],
    },
    {
        "key": "epicerie-minguettes",
        "org": "fs_venissieux",
        "commune": "69259",
        "name": "Épicerie solidaire des Minguettes",
        "address": "Place du Marché, Les Minguettes",
        "postcode": "69200",
        "lat": 45.7050,
        "lon": 4.8780,
        "phone": "+33472000021",
        "hours": "We 14:00-18:00; Fr 09:00-12:00",
        "languages": ["fr", "ar"],
        "welcome": "exclusif",
        "welcome_details": "Sur orientation d'un travailleur social (CCAS, Maison de la Métropole).",
        "description": "Des courses à petit prix (10 à 30 % du prix normal) pour les familles aux revenus faibles.",
        "services": [
            (
                "epicerie",
                "Épicerie solidaire",
                "Produits frais, d'hygiène et d'épicerie à petit prix.",
                [FOOD],
                {"frais": "payant", "frais_precisions": "10 à 30 % du prix"},
            )
        ],
    },
    {
        "key": "halte-nuit",
        "org": "ccas_lyon",
        "commune": "69259",
        "name": "Halte de nuit de Vénissieux",
        "address": "30 boulevard Laurent Gérin",
        "postcode": "69200",
        "lat": 45.7080,
        "lon": 4.8850,
        "phone": "+33472000031",
        "hours": "Mo-Su 19:00-08:00",
        "languages": ["fr", "en"],
        "animals": True,
        "full": True,
        "full_message": "Complet ce soir : appelez le 115 pour une autre place.",
        "description": "Mise à l'abri pour la nuit, repas du soir et petit-déjeuner. Arrivée avant 22 h.",
        "services": [
            ("nuit", "Dormir à l'abri", "Lits en dortoir, repas du soir, douche.", [SHELTER, "hygiene--douches"], {}),
            (
                "115",
                "Le 115 : hébergement d'urgence par téléphone",
                "Appelez le 115, gratuit, jour et nuit.",
                [SHELTER],
                {"modes_accueil": ["a-distance"], "zone": ["69"], "phone": "115", "hours": "24/7"},
            ),
        ],
    },
    {
        "key": "numerique-lyon3",
        "org": "ccas_lyon",
        "commune": "69123",
        "name": "Espace numérique du CCAS (Lyon 3e)",
        "address": "18 rue Garibaldi",
        "postcode": "69003",
        "lat": 45.7610,
        "lon": 4.8520,
        "phone": "+33472000041",
        "hours": "Tu-Th 14:00-17:00; Sa 09:30-12:00; PH off",
        "languages": ["fr", "es"],
        "wheelchair": True,
        "description": "Ordinateurs, imprimante et wifi en accès libre ; un médiateur vous aide à créer vos comptes "
        "en ligne.",
        "services": [
            (
                "numerique",
                "Aide avec l'ordinateur et internet",
                "Créer une adresse mail, scanner un document, faire une démarche en ligne.",
                [DIGITAL, ONLINE, "numerique--acceder-a-une-connexion-internet"],
                {},
            )
        ],
    },
    {
        "key": "caf-accueil",
        "org": "caf_rhone",
        "commune": "69123",
        "name": "CAF du Rhône — accueil Part-Dieu",
        "address": "67 boulevard Vivier-Merle",
        "postcode": "69003",
        "lat": 45.7600,
        "lon": 4.8590,
        "phone": "3230",
        "hours": "Mo-Fr 08:30-16:30; PH off",
        "languages": ["fr"],
        "wheelchair": True,
        "description": "Accueil de la CAF : prestations familiales, RSA, aides au logement, prime d'activité.",
        "pro": {
            "pro_email": "partenaires@demo-caf.fr",
            "referral_howto": "Utilisez l'espace partenaires CAF ou écrivez à l'adresse pro.",
        },
        "services": [
            (
                "accueil",
                "Rendez-vous pour vos droits CAF",
                "Sur rendez-vous : ouvrir vos droits, comprendre un courrier, un trop-perçu.",
                [RIGHTS],
                {},
            ),
            (
                "telephone",
                "La CAF par téléphone (3230)",
                "Une question sur vos prestations : appelez le 3230 (prix d'un appel).",
                [RIGHTS],
                {
                    "modes_accueil": ["a-distance"],
                    "zone": ["69"],
                    "phone": "3230",
                    "hours": "Mo-Fr 09:00-16:00; PH off",
                },
            ),
        ],
    },
    {
        "key": "entraide-marseille",
        "org": "asso_marseille",
        "commune": "13055",
        "name": "Accueil de jour Entraide Marseille",
        "address": "10 rue de la République",
        "postcode": "13001",
        "lat": 43.2990,
        "lon": 5.3760,
        "phone": "+33491000003",
        "hours": "Mo-Fr 07:30-11:30; PH off",
        "languages": ["fr", "ar", "en", "ti"],
        "animals": False,
        "description": "Petit-déjeuner, douches, laverie et vestiaire ; aide pour la domiciliation.",
        "services": [
            (
                "douches",
                "Douches et toilettes",
                "Douches gratuites, kit d'hygiène fourni.",
                ["hygiene--douches", "hygiene--toilettes"],
                {},
            ),
            (
                "vestiaire",
                "Vestiaire",
                "Vêtements et chaussures gratuits, le mardi.",
                [CLOTHES],
                {"hours": "Tu 09:00-11:00; PH off"},
            ),
            (
                "domiciliation",
                "Domiciliation (adresse pour recevoir son courrier)",
                "Une adresse pour vos papiers et votre courrier.",
                [ADMIN],
                {},
            ),
        ],
    },
    {
        "key": "droits-belsunce",
        "org": "asso_marseille",
        "commune": "13055",
        "name": "Point d'accès aux droits Belsunce",
        "address": "5 cours Belsunce",
        "postcode": "13001",
        "lat": 43.2995,
        "lon": 5.3775,
        "phone": "+33491000013",
        "hours": "Mo,We,Fr 09:00-12:00; PH off",
        "languages": ["fr", "ar", "en", "es"],
        "description": "Juristes et bénévoles pour vos droits : titre de séjour, logement, travail, dettes.",
        "services": [
            (
                "juridique",
                "Conseil juridique gratuit",
                "Sans rendez-vous le matin.",
                [RIGHTS, "difficultes-administratives-ou-juridiques--accompagnement-pour-lacces-a-la-citoyennete"],
                {},
            )
        ],
    },
    {
        "key": "maraude-marseille",
        "org": "asso_marseille",
        "commune": "13055",
        "name": "Bus solidaire Entraide (itinérant)",
        "address": "Départ : 10 rue de la République",
        "postcode": "13001",
        "lat": 43.3050,
        "lon": 5.3800,
        "phone": "+33491000023",
        "hours": "Tu,Th 19:00-22:00",
        "languages": ["fr", "ar"],
        "itinerant": True,
        "itinerant_details": "Mardi : gare Saint-Charles ; jeudi : Vieux-Port.",
        "closure": True,
        "description": "Un bus qui vient vers vous le soir : boisson chaude, repas, écoute, orientation.",
        "services": [
            ("repas-soir", "Repas du soir et boisson chaude", "Distribution gratuite depuis le bus.", [FOOD], {})
        ],
    },
    {
        "key": "vestiaire-villeurbanne",
        "org": "ccas_lyon",
        "commune": "69266",
        "name": "Vestiaire solidaire de Villeurbanne",
        "address": "3 rue Francis de Pressensé",
        "postcode": "69100",
        "lat": 45.7700,
        "lon": 4.8830,
        "phone": "+33472000051",
        "hours": "We,Sa 14:00-17:00",
        "languages": ["fr"],
        "stale_days": 220,
        "description": "Vêtements pour adultes et enfants, gratuits.",
        "services": [("vestiaire", "Vêtements gratuits", "Choisissez jusqu'à 5 vêtements par mois.", [CLOTHES], {})],
    },
]


def load(ctx: dict, stdout) -> None:
    organisations = ctx.get("organisations", {})
    today = timezone.localdate()
    count = 0
    for spec in PLACES:
        commune = Commune.objects.select_related("departement").filter(code=spec["commune"]).first()
        checked_at = timezone.now() - dt.timedelta(days=spec.get("stale_days", 3))
        defaults = {
            "organisation": organisations.get(spec["org"]),
            "name": spec["name"],
            "description": spec.get("description", ""),
            "address": spec["address"],
            "postcode": spec["postcode"],
            "commune": commune,
            "commune_code": spec["commune"],
            "commune_name": commune.name if commune else "",
            "departement_code": spec["commune"][:2],
            "latitude": spec["lat"],
            "longitude": spec["lon"],
            "phone": spec.get("phone", ""),
            "email": spec.get("email", ""),
            "hours": spec["hours"],
            "languages": spec.get("languages", ["fr"]),
            "wheelchair": spec.get("wheelchair"),
            "animals_accepted": spec.get("animals"),
            "welcome": spec.get("welcome", "inconditionnel"),
            "welcome_details": spec.get("welcome_details", ""),
            "is_full": spec.get("full", False),
            "full_message": spec.get("full_message", ""),
            "itinerant": spec.get("itinerant", False),
            "itinerant_details": spec.get("itinerant_details", ""),
            "checked_at": checked_at,
            "is_published": True,
            "closed_from": today + dt.timedelta(days=20) if spec.get("closure") else None,
            "closed_until": today + dt.timedelta(days=27) if spec.get("closure") else None,
            "closure_message": "Fermé une semaine pour l'entretien du bus." if spec.get("closure") else "",
            **spec.get("pro", {}),
        }
        place, created = Place.objects.update_or_create(source=SOURCE, source_id=spec["key"], defaults=defaults)
        for key, name, description, themes, extra in spec["services"]:
            modes = extra.get("modes_accueil", ["en-presentiel"])
            service, _ = Service.objects.update_or_create(
                source=SOURCE,
                source_id=f"{spec['key']}-{key}",
                defaults={
                    "place": place,
                    "name": name,
                    "description": description,
                    "type": "accompagnement"
                    if key in {"demarches", "caf", "numerique", "juridique", "accueil"}
                    else "aide-materielle",
                    "thematiques": themes,
                    "frais": extra.get("frais", "gratuit"),
                    "frais_precisions": extra.get("frais_precisions", ""),
                    "publics": ["tous-publics"],
                    "modes_accueil": modes,
                    "zone_eligibilite": extra.get("zone", []),
                    "hours": extra.get("hours", ""),
                    "phone": extra.get("phone", ""),
                    "is_published": True,
                    "mobilisable_par": ["usagers", "professionnels"],
                    "modes_mobilisation": ["se-presenter", "telephoner"],
                },
            )
            service.refresh_search_fields(place)
            service.save()
            count += 1
        if created:
            PlaceVersion.objects.create(place=place, snapshot=place_snapshot(place), summary="Données de démonstration")
    stdout.write(f"  {len(PLACES)} lieux, {count} services")
