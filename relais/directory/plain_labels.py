"""Plain French for the official categories (issue #12, « plain category labels first, the official term
second »): what a person at the counter would say, for each data·inclusion thématique and category, public
and type of service, and for Relais' hygiene extension. A code missing here, or whose official label is
already plain, is shown with its official label only. `taxonomy.display_label` and friends combine both:
« Se laver, prendre une douche (Hygiène — douches) ». Acronyms are written out."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

CATEGORIES = {
    "choisir-un-metier": _("Savoir quel métier faire"),
    "creer-une-entreprise": _("Créer son activité, son entreprise"),
    "difficultes-administratives-ou-juridiques": _("Papiers, droits, démarches"),
    "difficultes-financieres": _("Argent, budget, dettes"),
    "equipement-et-alimentation": _("Manger, s'habiller, s'équiper"),
    "famille": _("Enfants et famille"),
    "lecture-ecriture-calcul": _("Lire, écrire, compter"),
    "logement-hebergement": _("Se loger, être hébergé"),
    "mobilite": _("Se déplacer"),
    "numerique": _("Aide avec internet et l'ordinateur"),
    "preparer-sa-candidature": _("Préparer sa recherche de travail"),
    "remobilisation": _("Reprendre confiance, sortir, rencontrer"),
    "sante": _("Se soigner"),
    "se-former": _("Apprendre un métier, suivre une formation"),
    "souvrir-a-linternational": _("Travailler à l'étranger"),
    "trouver-un-emploi": _("Trouver du travail"),
    "hygiene": _("Se laver, toilettes, laver son linge"),
}

THEMES = {
    "choisir-un-metier--confirmer-son-choix-de-metier": _("Être sûr du métier choisi"),
    "choisir-un-metier--connaitre-les-opportunites-demploi": _("Savoir quels métiers recrutent"),
    "choisir-un-metier--decouvrir-un-metier-ou-un-secteur-dactivite": _("Découvrir un métier"),
    "choisir-un-metier--identifier-ses-points-forts-et-ses-competences": _("Savoir ce qu'on sait bien faire"),
    "creer-une-entreprise--definir-son-projet-de-creation-dentreprise": _("Préciser son idée d'entreprise"),
    "creer-une-entreprise--developper-son-entreprise": _("Faire grandir son entreprise"),
    "creer-une-entreprise--structurer-son-projet-de-creation-dentreprise": _("Monter son projet d'entreprise"),
    "difficultes-administratives-ou-juridiques--accompagnement-aux-demarches-administratives": _(
        "Aide pour les papiers et les démarches"
    ),
    "difficultes-administratives-ou-juridiques--accompagnement-pour-lacces-a-la-citoyennete": _(
        "Aide pour la nationalité et le droit de vote"
    ),
    "difficultes-administratives-ou-juridiques--accompagnement-pour-lacces-aux-droits": _(
        "Connaître et obtenir ses droits et les aides"
    ),
    "difficultes-administratives-ou-juridiques--beneficier-dune-mesure-daccompagnement-adapte": _(
        "Être accompagné de près dans ses démarches"
    ),
    "difficultes-administratives-ou-juridiques--connaitre-ses-droits-face-a-une-discrimination": _(
        "Se défendre contre une discrimination"
    ),
    "difficultes-administratives-ou-juridiques--prendre-en-compte-une-problematique-judiciaire": _(
        "Aide face à la justice : procès, condamnation"
    ),
    "difficultes-financieres--acquerir-une-autonomie-budgetaire": _("Apprendre à gérer son argent"),
    "difficultes-financieres--ameliorer-sa-gestion-budgetaire": _("Mieux gérer son budget"),
    "difficultes-financieres--mettre-en-place-une-mesure-de-protection-financiere": _(
        "Faire protéger son argent : curatelle, tutelle"
    ),
    "difficultes-financieres--prevenir-une-degradation-de-la-situation-financiere": _(
        "Éviter que les dettes s'accumulent"
    ),
    "difficultes-financieres--situation-dendettement-surendettement": _("Dettes, surendettement"),
    "equipement-et-alimentation--aide-menagere": _("Aide pour le ménage à la maison"),
    "equipement-et-alimentation--alimentation": _("Manger, colis alimentaires"),
    "equipement-et-alimentation--electromenager": _("Frigo, machine à laver, équipement de la maison"),
    "equipement-et-alimentation--habillement": _("S'habiller, vêtements"),
    "famille--garde-denfants": _("Faire garder ses enfants"),
    "famille--prise-en-charge-personne-dependante": _("S'occuper d'un proche âgé ou malade"),
    "famille--soutien-a-la-parentalite-et-a-leducation": _("Aide pour être parent"),
    "famille--soutien-aidants": _("Soutien quand on aide un proche"),
    "famille--surmonter-conflits-separation-violence": _("Séparation, conflits, violences dans la famille"),
    "lecture-ecriture-calcul--maitriser-le-calcul": _("Apprendre à compter"),
    "lecture-ecriture-calcul--maitriser-le-francais": _("Apprendre le français, lire et écrire"),
    "logement-hebergement--louer-un-logement": _("Trouver un logement à louer"),
    "logement-hebergement--rechercher-une-solution-dhebergement-temporaire": _("Dormir ce soir, être hébergé"),
    "logement-hebergement--reduire-les-impayes-de-loyer": _("Loyers en retard, dettes de loyer"),
    "logement-hebergement--se-maintenir-dans-le-logement": _("Garder son logement, éviter l'expulsion"),
    "logement-hebergement--sinformer-sur-les-demarches-liees-a-lacces-au-logement": _(
        "Démarches pour avoir un logement"
    ),
    "mobilite--acceder-a-un-vehicule": _("Avoir une voiture, un scooter ou un vélo"),
    "mobilite--entretenir-reparer-son-vehicule": _("Faire réparer son véhicule"),
    "mobilite--etre-accompagne-dans-son-parcours-mobilite": _("Aide pour se déplacer"),
    "mobilite--financer-ma-mobilite": _("Payer ses trajets ou son permis"),
    "mobilite--preparer-un-permis": _("Passer le permis"),
    "mobilite--mobilite-douce-partagee-collective": _("Bus, vélo, covoiturage"),
    "numerique--acceder-a-des-services-en-ligne": _("Faire ses démarches sur internet"),
    "numerique--acceder-a-une-connexion-internet": _("Aller sur internet, utiliser un ordinateur"),
    "numerique--acquerir-un-equipement": _("Avoir un ordinateur ou un téléphone à petit prix"),
    "numerique--maitriser-les-fondamentaux-du-numerique": _("Apprendre à utiliser un ordinateur ou un téléphone"),
    "preparer-sa-candidature--developper-son-reseau": _("Rencontrer des gens qui aident à trouver du travail"),
    "preparer-sa-candidature--organiser-ses-demarches-de-recherche-demploi": _("Organiser sa recherche de travail"),
    "preparer-sa-candidature--realiser-un-cv-et-ou-une-lettre-de-motivation": _(
        "Faire son CV et sa lettre de motivation"
    ),
    "preparer-sa-candidature--valoriser-ses-competences": _("Montrer ce qu'on sait faire"),
    "remobilisation--activites-sportives-et-culturelles": _("Sport, sorties, culture"),
    "remobilisation--benevolat-action-citoyenne": _("Être bénévole, aider les autres"),
    "remobilisation--bien-etre-confiance-en-soi": _("Se sentir mieux, reprendre confiance"),
    "remobilisation--lien-social": _("Rencontrer du monde, ne pas rester seul"),
    "sante--acces-aux-soins": _("Voir un médecin, se soigner"),
    "sante--addictions": _("Alcool, drogues, jeux : se faire aider"),
    "sante--constituer-un-dossier-mdph-invalidite": _(
        "Dossier de handicap ou d'invalidité pour la maison départementale des personnes handicapées"
    ),
    "sante--sante-mentale": _("Moral, stress, santé psychique"),
    "sante--sante-sexuelle": _("Contraception, dépistage, santé sexuelle"),
    "se-former--monter-son-dossier-de-formation": _("Faire payer sa formation"),
    "se-former--trouver-sa-formation": _("Trouver une formation"),
    "souvrir-a-linternational--connaitre-les-opportunites-demploi-a-letranger": _("Trouver du travail à l'étranger"),
    "souvrir-a-linternational--sinformer-sur-les-aides-pour-travailler-a-letranger": _(
        "Aides pour partir travailler à l'étranger"
    ),
    "souvrir-a-linternational--sorganiser-suite-a-son-retour-en-france": _("S'installer en revenant en France"),
    "trouver-un-emploi--convaincre-un-recruteur-en-entretien": _("Préparer un entretien d'embauche"),
    "trouver-un-emploi--faire-des-candidatures-spontanees": _("Proposer sa candidature aux employeurs"),
    "trouver-un-emploi--maintien-dans-lemploi": _("Garder son travail"),
    "trouver-un-emploi--repondre-a-des-offres-demploi": _("Répondre à des annonces d'emploi"),
    "trouver-un-emploi--suivre-ses-candidatures-et-relancer-les-employeurs": _(
        "Suivre ses candidatures, relancer les employeurs"
    ),
    "hygiene--douches": _("Se laver, prendre une douche"),
    "hygiene--laverie": _("Laver et sécher son linge"),
    "hygiene--toilettes": _("Aller aux toilettes"),
    "hygiene--bagagerie": _("Laisser ses affaires en sécurité"),
}

PUBLICS = {
    "tous-publics": _("Tout le monde"),
    "actifs": _("Personnes qui travaillent"),
    "beneficiaires-des-minimas-sociaux": _(
        "Personnes qui touchent une aide sociale, comme le revenu de solidarité active"
    ),
    "demandeurs-emploi": _("Personnes qui cherchent du travail"),
    "familles": _("Parents et enfants"),
    "personnes-en-situation-de-handicap": _("Personnes handicapées"),
    "personnes-en-situation-durgence": _("Personnes sans solution ce soir : à la rue, sans ressources"),
    "personnes-en-situation-juridique-specifique": _(
        "Personnes dans une situation juridique particulière : détenues, demandeuses d'asile…"
    ),
    "personnes-exilees": _("Personnes arrivées d'un autre pays : exilées, réfugiées"),
    "residents-qpv-frr": _(
        "Habitants des quartiers prioritaires de la ville ou des communes rurales aidées, "
        "dites « France ruralités revitalisation »"
    ),
    "seniors": _("Personnes âgées"),
}

TYPES = {
    "accompagnement": _("Être accompagné"),
    "aide-financiere": _("Aide en argent"),
    "aide-materielle": _("Aide en nature : repas, vêtements, objets"),
    "atelier": _("Atelier en groupe"),
    "formation": _("Formation, cours"),
    "information": _("S'informer"),
}
