"""What each benefit is, in plain words, and where to claim it."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class BenefitInfo:
    key: str
    label: str
    short: str
    explanation: str
    claim_label: str
    claim_url: str
    yearly: bool = False


CATALOGUE: dict[str, BenefitInfo] = {
    info.key: info
    for info in (
        BenefitInfo(
            "rsa",
            _("Revenu de solidarité active (RSA)"),
            _("RSA"),
            _("Un revenu minimum pour les personnes qui n'ont pas ou peu de ressources."),
            _("Demander le RSA à la CAF (ou à la MSA)"),
            "https://www.service-public.fr/particuliers/vosdroits/N19775",
        ),
        BenefitInfo(
            "ppa",
            _("Prime d'activité"),
            _("Prime d'activité"),
            _("Un complément de revenu pour les personnes qui travaillent et gagnent peu."),
            _("Demander la prime d'activité à la CAF (ou à la MSA)"),
            "https://www.service-public.fr/particuliers/vosdroits/F2882",
        ),
        BenefitInfo(
            "aide_logement",
            _("Aide au logement (APL, ALF ou ALS)"),
            _("Aide au logement"),
            _("Une aide pour payer une partie du loyer."),
            _("Demander l'aide au logement à la CAF (ou à la MSA)"),
            "https://www.service-public.fr/particuliers/vosdroits/F12006",
        ),
        BenefitInfo(
            "af",
            _("Allocations familiales"),
            _("Allocations familiales"),
            _("Une aide chaque mois pour les familles qui ont au moins deux enfants."),
            _("Demander les allocations familiales à la CAF"),
            "https://www.service-public.fr/particuliers/vosdroits/F13213",
        ),
        BenefitInfo(
            "asf",
            _("Allocation de soutien familial (ASF)"),
            _("ASF"),
            _("Une aide pour élever seul un enfant quand l'autre parent ne paie pas ou peu de pension."),
            _("Demander l'ASF à la CAF"),
            "https://www.service-public.fr/particuliers/vosdroits/F815",
        ),
        BenefitInfo(
            "cf",
            _("Complément familial"),
            _("Complément familial"),
            _("Une aide pour les familles d'au moins trois enfants de 3 ans ou plus."),
            _("Demander le complément familial à la CAF"),
            "https://www.service-public.fr/particuliers/vosdroits/F13214",
        ),
        BenefitInfo(
            "paje",
            _("Allocation de base de la prestation d'accueil du jeune enfant (PAJE)"),
            _("PAJE"),
            _("Une aide chaque mois pour les parents d'un enfant de moins de 3 ans."),
            _("Demander la PAJE à la CAF (ou à la MSA)"),
            "https://www.service-public.fr/particuliers/vosdroits/F2552",
        ),
        BenefitInfo(
            "aeeh",
            _("Allocation d'éducation de l'enfant handicapé (AEEH)"),
            _("AEEH"),
            _("Une aide pour les frais d'éducation et de soins d'un enfant handicapé de moins de 20 ans."),
            _("Faire la demande à la MDPH de votre département"),
            "https://www.service-public.fr/particuliers/vosdroits/F14809",
        ),
        BenefitInfo(
            "aah",
            _("Allocation aux adultes handicapés (AAH)"),
            _("AAH"),
            _("Un revenu minimum pour les personnes en situation de handicap."),
            _("Faire la demande à la MDPH de votre département"),
            "https://www.service-public.fr/particuliers/vosdroits/F12242",
        ),
        BenefitInfo(
            "aspa",
            _("Allocation de solidarité aux personnes âgées (ASPA)"),
            _("ASPA"),
            _("Un revenu minimum pour les personnes âgées qui ont une petite retraite."),
            _("Demander l'ASPA à votre caisse de retraite"),
            "https://www.service-public.fr/particuliers/vosdroits/F16871",
        ),
        BenefitInfo(
            "css",
            _("Complémentaire santé solidaire"),
            _("Complémentaire santé solidaire"),
            _(
                "Une mutuelle gratuite ou à petit prix : vous ne payez pas vos soins chez le médecin, le dentiste ou "
                "à la pharmacie."
            ),
            _("Faire la demande à l'Assurance maladie"),
            "https://www.service-public.fr/particuliers/vosdroits/F10027",
        ),
        BenefitInfo(
            "ars",
            _("Allocation de rentrée scolaire (ARS)"),
            _("ARS"),
            _("Une aide versée une fois par an, en août, pour les enfants de 6 à 18 ans qui vont à l'école."),
            _("L'ARS est versée par la CAF sans demande si vous êtes allocataire"),
            "https://www.service-public.fr/particuliers/vosdroits/F1878",
            yearly=True,
        ),
    )
}


# Acronyms met on the results page, explained where they appear (<abbr title=…>).
ACRONYMS: dict[str, str] = {
    "RSA": _("revenu de solidarité active"),
    "APL": _("aide personnalisée au logement"),
    "ALF": _("allocation de logement familiale"),
    "ALS": _("allocation de logement sociale"),
    "ASF": _("allocation de soutien familial"),
    "PAJE": _("prestation d'accueil du jeune enfant"),
    "AEEH": _("allocation d'éducation de l'enfant handicapé"),
    "AAH": _("allocation aux adultes handicapés"),
    "ASPA": _("allocation de solidarité aux personnes âgées"),
    "ARS": _("allocation de rentrée scolaire"),
    "CAF": _("caisse d'allocations familiales"),
    "MSA": _("mutualité sociale agricole, pour les personnes du monde agricole"),
    "MDPH": _("maison départementale des personnes handicapées"),
    "CRDS": _("contribution au remboursement de la dette sociale"),
}


# A published Relais procedure (relais.procedures) whose slug starts with one of these prefixes
# is offered before the official service for that benefit.
PROCEDURE_SLUG_PREFIXES: dict[str, tuple[str, ...]] = {
    "rsa": ("rsa", "revenu-de-solidarite-active"),
    "ppa": ("prime-activite", "prime-d-activite"),
    "aide_logement": ("apl-", "aide-au-logement", "allocation-logement"),
    "af": ("allocations-familiales",),
    "asf": ("allocation-de-soutien-familial", "asf"),
    "cf": ("complement-familial",),
    "paje": ("paje", "prestation-d-accueil-du-jeune-enfant"),
    "aeeh": ("aeeh", "allocation-d-education-de-l-enfant-handicape"),
    "aah": ("aah", "allocation-adulte-handicape", "allocation-aux-adultes-handicapes"),
    "aspa": ("aspa", "allocation-de-solidarite-aux-personnes-agees"),
    "css": ("complementaire-sante-solidaire",),
    "ars": ("allocation-de-rentree-scolaire",),
}
