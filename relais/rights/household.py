"""A household as the questionnaire describes it, and its translation into OpenFisca inputs.

Plain dataclasses (no Django, no OpenFisca import): the questionnaire, the API and the batch
detection all build a `Household`; `situation()` gives OpenFisca's situation format (used by the
naive reference computation and by tests), `inputs()` gives the same values as arrays for the
vectorised engine. Both are generated from one table (`_person_inputs`, `_menage_inputs`) so
they cannot drift apart.

Incomes are monthly amounts over the last months, assumed stable: they are repeated over every
month the formulas read (3 months for RSA/prime d'activité, 12 rolling months for housing aid,
the previous year for the CSS, year N-2 for family benefits) — `months_for` covers them all.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from relais.core.errors import DomainError

# Inputs are set from January of (year asked − HISTORY_YEARS): benefits of past months are
# resources of later ones (e.g. CSS reads last year's family benefits, which read incomes of
# their own year N−2), so the formulas reach back about seven years.
HISTORY_YEARS = 7
MAX_ADULTS = 2
MAX_CHILDREN = 10
MAX_AGE = 120
MAX_MONTHLY_AMOUNT = 100_000

# Net salary → gross and taxable salary (private sector, non-executive employee): employee
# contributions are about 21 % of the gross salary; the non-deductible CSG (2.4 %) and the CRDS
# (0.5 %) are levied on 98.25 % of the gross and are part of the taxable salary.
SALARY_NET_TO_GROSS = 1 / 0.79
SALARY_NON_DEDUCTIBLE_RATE = (0.024 + 0.005) * 0.9825
# Pensions: small pensions are exempt of CSG/CRDS/CASA; above this net amount we assume the
# full rate (CSG 8.3 % of which 5.9 % deductible, CRDS 0.5 %, CASA 0.3 %).
PENSION_EXEMPT_BELOW = 1_200
PENSION_FULL_RATE = 0.083 + 0.005 + 0.003
PENSION_DEDUCTIBLE_RATE = 0.059
# Unemployment benefits (ARE): CSG 6.2 % (3.8 % deductible) and CRDS 0.5 % on 98.25 %, plus
# 3 % of the daily reference wage for complementary pensions; small benefits are exempt.
UNEMPLOYMENT_EXEMPT_BELOW = 1_500
UNEMPLOYMENT_FULL_RATE = (0.062 + 0.005) * 0.9825
UNEMPLOYMENT_DEDUCTIBLE_RATE = 0.038 * 0.9825

HOUSING_STATUSES = {
    "tenant": "locataire_vide",
    "owner": "proprietaire",
    "hosted": "loge_gratuitement",
    "homeless": "sans_domicile",
}
DISABILITY_RATES = {"none": 0.0, "50": 0.5, "80": 0.8}

# Variables set as inputs for every person and every month (zero when not declared): the
# questionnaire asks for every income kind, so nothing else is guessed by the formulas.
PERSON_MONTHLY_VARIABLES = (
    "salaire_de_base",
    "salaire_net",
    "salaire_imposable",
    "chomage_brut",
    "chomage_net",
    "chomage_imposable",
    "retraite_brute",
    "retraite_nette",
    "retraite_imposable",
    "pensions_alimentaires_percues",
    "activite",
    "handicap",
    "taux_incapacite",
    "aah_restriction_substantielle_durable_acces_emploi",
)
MENAGE_MONTHLY_VARIABLES = ("loyer", "statut_occupation_logement", "depcom")


class HouseholdError(DomainError, ValueError):
    """An impossible household; `message` is plain French."""

    def __init__(self, message: str, *, field: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.field = field


@dataclass(frozen=True)
class Adult:
    age: int
    disability: str = "none"  # "none", "50" (50 to 79 %) or "80" (80 % or more)
    salary: float = 0.0  # net monthly salary
    unemployment: float = 0.0  # net monthly unemployment benefits
    pension: float = 0.0  # net monthly retirement pension
    other: float = 0.0  # other monthly income (alimony received…)


@dataclass(frozen=True)
class Child:
    age: int


@dataclass(frozen=True)
class Household:
    adults: tuple[Adult, ...]
    children: tuple[Child, ...] = ()
    housing: str = "tenant"
    rent: float = 0.0
    depcom: str = ""
    received: frozenset[str] = field(default_factory=frozenset)

    def validate(self) -> None:
        if not 1 <= len(self.adults) <= MAX_ADULTS:
            raise HouseholdError("Indiquez une ou deux personnes adultes dans le foyer.", field="adults")
        if len(self.children) > MAX_CHILDREN:
            raise HouseholdError(f"Indiquez au plus {MAX_CHILDREN} enfants.", field="children")
        for adult in self.adults:
            if not 16 <= adult.age <= MAX_AGE:
                raise HouseholdError(f"L'âge d'un adulte doit être compris entre 16 et {MAX_AGE} ans.", field="age")
            if adult.disability not in DISABILITY_RATES:
                raise HouseholdError("Situation de handicap inconnue.", field="disability")
            for name in ("salary", "unemployment", "pension", "other"):
                value = getattr(adult, name)
                if value < 0:
                    raise HouseholdError(
                        "Un revenu ne peut pas être négatif : indiquez 0 si vous n'avez rien touché.", field=name
                    )
                if value > MAX_MONTHLY_AMOUNT:
                    raise HouseholdError("Ce montant mensuel paraît trop élevé : vérifiez-le.", field=name)
        for child in self.children:
            if not 0 <= child.age <= 25:
                raise HouseholdError("L'âge d'un enfant doit être compris entre 0 et 25 ans.", field="children")
        if self.housing not in HOUSING_STATUSES:
            raise HouseholdError("Situation de logement inconnue.", field="housing")
        if self.rent < 0:
            raise HouseholdError("Le loyer ne peut pas être négatif.", field="rent")
        if self.rent > MAX_MONTHLY_AMOUNT:
            raise HouseholdError("Ce loyer paraît trop élevé : vérifiez-le.", field="rent")
        if not (len(self.depcom) == 5 and self.depcom[:2].isalnum() and self.depcom[2:].isdigit()):
            raise HouseholdError("Indiquez la commune où vous habitez.", field="depcom")


def months_for(period: str) -> list[str]:
    """Every month from January of (year − HISTORY_YEARS) to the period asked, oldest first."""
    year, month = (int(part) for part in period.split("-"))
    index = year * 12 + month - 1
    return [f"{i // 12:04d}-{i % 12 + 1:02d}" for i in range((year - HISTORY_YEARS) * 12, index + 1)]


def birth_date(age: int, period: str) -> str:
    """A birth date giving `age` in the middle of the year of ages (first of a month)."""
    year, month = (int(part) for part in period.split("-"))
    index = (year - age) * 12 + month - 1 - 6
    return datetime.date(index // 12, index % 12 + 1, 1).isoformat()


def _salary(net: float) -> tuple[float, float, float]:
    gross = net * SALARY_NET_TO_GROSS
    return round(gross, 2), net, round(net + gross * SALARY_NON_DEDUCTIBLE_RATE, 2)


def _pension(net: float) -> tuple[float, float, float]:
    if net < PENSION_EXEMPT_BELOW:
        return net, net, net
    gross = net / (1 - PENSION_FULL_RATE)
    return round(gross, 2), net, round(gross * (1 - PENSION_DEDUCTIBLE_RATE), 2)


def _unemployment(net: float) -> tuple[float, float, float]:
    if net < UNEMPLOYMENT_EXEMPT_BELOW:
        return net, net, net
    gross = net / (1 - UNEMPLOYMENT_FULL_RATE)
    return round(gross, 2), net, round(gross * (1 - UNEMPLOYMENT_DEDUCTIBLE_RATE), 2)


def _activity(adult: Adult) -> str:
    if adult.salary > 0:
        return "actif"
    if adult.unemployment > 0:
        return "chomeur"
    if adult.pension > 0:
        return "retraite"
    return "inactif"


def person_values(adult: Adult | None) -> dict[str, object]:
    """Monthly input values of one person (an adult, or a child when `adult` is None)."""
    if adult is None:
        adult = Adult(age=0)
    salary = _salary(adult.salary)
    unemployment = _unemployment(adult.unemployment)
    pension = _pension(adult.pension)
    rate = DISABILITY_RATES[adult.disability]
    return {
        "salaire_de_base": salary[0],
        "salaire_net": salary[1],
        "salaire_imposable": salary[2],
        "chomage_brut": unemployment[0],
        "chomage_net": unemployment[1],
        "chomage_imposable": unemployment[2],
        "retraite_brute": pension[0],
        "retraite_nette": pension[1],
        "retraite_imposable": pension[2],
        "pensions_alimentaires_percues": adult.other,
        "activite": _activity(adult),
        "handicap": rate > 0,
        "taux_incapacite": rate,
        "aah_restriction_substantielle_durable_acces_emploi": rate > 0,
    }


def menage_values(household: Household) -> dict[str, object]:
    return {
        "loyer": household.rent if household.housing == "tenant" else 0.0,
        "statut_occupation_logement": HOUSING_STATUSES[household.housing],
        "depcom": household.depcom,
    }


def situation(household: Household, period: str) -> dict:
    """OpenFisca's situation format for one household (the naive reference path)."""
    months = months_for(period)
    individus: dict[str, dict] = {}
    adults_ids, children_ids = [], []
    for index, adult in enumerate(household.adults):
        pid = "demandeur" if index == 0 else "conjoint"
        adults_ids.append(pid)
        values = person_values(adult)
        person = {"date_naissance": {"ETERNITY": birth_date(adult.age, period)}}
        for name in PERSON_MONTHLY_VARIABLES:
            person[name] = dict.fromkeys(months, values[name])
        individus[pid] = person
    child_values = person_values(None)
    for index, child in enumerate(household.children):
        pid = f"enfant{index + 1}"
        children_ids.append(pid)
        person = {"date_naissance": {"ETERNITY": birth_date(child.age, period)}}
        for name in PERSON_MONTHLY_VARIABLES:
            person[name] = dict.fromkeys(months, child_values[name])
        individus[pid] = person
    menage = {
        "personne_de_reference": [adults_ids[0]],
        "conjoint": adults_ids[1:],
        "enfants": children_ids,
    }
    for name, value in menage_values(household).items():
        menage[name] = dict.fromkeys(months, value)
    return {
        "individus": individus,
        "familles": {"famille": {"parents": adults_ids, "enfants": children_ids}},
        "foyers_fiscaux": {"foyer": {"declarants": adults_ids, "personnes_a_charge": children_ids}},
        "menages": {"menage": menage},
    }


def household_from_answers(answers: dict) -> Household:
    """Build (and validate) a household from the questionnaire's answers.

    Format (shared by the questionnaire session, the API and RightsProfile.answers):
    {"adults": [{"age": 34, "disability": "none", "salary": 800, "unemployment": 0,
    "pension": 0, "other": 0}], "children": [5], "housing": "tenant", "rent": 500,
    "commune": "69123", "received": ["ppa"]}. Raises HouseholdError (plain French)."""
    if not isinstance(answers, dict):
        raise HouseholdError("Les réponses sont illisibles.")
    try:
        adults = tuple(
            Adult(
                age=int(item["age"]),
                disability=str(item.get("disability") or "none"),
                salary=float(item.get("salary") or 0),
                unemployment=float(item.get("unemployment") or 0),
                pension=float(item.get("pension") or 0),
                other=float(item.get("other") or 0),
            )
            for item in answers.get("adults") or []
        )
        children = tuple(Child(age=int(age)) for age in answers.get("children") or [])
        rent = float(answers.get("rent") or 0)
    except (KeyError, TypeError, ValueError) as exc:
        raise HouseholdError("Certaines réponses sont incomplètes : vérifiez les âges et les montants.") from exc
    received = frozenset(str(key) for key in answers.get("received") or [])
    household = Household(
        adults=adults,
        children=children,
        housing=str(answers.get("housing") or ""),
        rent=rent,
        depcom=str(answers.get("commune") or ""),
        received=received,
    )
    household.validate()
    return household
