"""A household's translation into OpenFisca inputs, month by month.

`situation()` gives OpenFisca's situation format (the naive reference computation and tests);
the vectorised engine uses `person_values` / `menage_values` / `change_start` for the same
values as arrays. Both read the same functions, so they cannot drift apart.

Incomes are set for every month the formulas read (3 months for RSA/prime d'activité, 12 rolling
months for housing aid, the previous year for the CSS, year N-2 for family benefits) —
`months_for` covers them all. When the answers say the incomes changed N months ago, months
before that use the previous amounts, so those past months are right.
"""

from __future__ import annotations

import datetime

from relais.rights.household import (
    DISABILITY_RATES,
    HOUSING_STATUSES,
    MENAGE_MONTHLY_VARIABLES,
    OTHER_INCOMES,
    PERSON_MONTHLY_VARIABLES,
    SELF_EMPLOYED_KINDS,
    Adult,
    Child,
    Household,
)

# Inputs are set from January of (year asked − HISTORY_YEARS): benefits of past months are
# resources of later ones (e.g. CSS reads last year's family benefits, which read incomes of
# their own year N−2), so the formulas reach back about seven years.
HISTORY_YEARS = 7

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
MARITAL = {"married": "marie", "pacs": "pacse", "cohabiting": "celibataire"}


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


def change_start(person, months: list[str]) -> int:
    """Index in `months` of the first month with the current incomes (0: the same every month)."""
    ago = getattr(person, "change_months_ago", 0)
    return max(0, len(months) - 1 - ago) if ago else 0


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
    if adult.salary > 0 or adult.self_employed > 0:
        return "actif"
    if adult.unemployment > 0:
        return "chomeur"
    if adult.pension > 0:
        return "retraite"
    return "inactif"


def person_values(person: Adult | Child | None, *, couple_status: str = "", pregnant: bool = False) -> dict:
    """Monthly input values of one person (an adult, a child, or a child of no detail: None)."""
    if person is None:
        person = Child(age=0)
    if isinstance(person, Child):
        child = person
        adult = Adult(age=child.age, salary=child.salary)
        rate = 0.8 if child.disability != "none" else 0.0
        level = int(child.disability) if child.disability.isdigit() else 0
        activity = "etudiant" if child.student else ("actif" if child.salary > 0 else "inactif")
        custody = child.shared_custody
    else:
        adult = person
        rate = DISABILITY_RATES[adult.disability]
        level = 0
        activity = _activity(adult)
        custody = False
    salary = _salary(adult.salary)
    unemployment = _unemployment(adult.unemployment)
    pension = _pension(adult.pension)
    values = {
        "salaire_de_base": salary[0],
        "salaire_net": salary[1],
        "salaire_imposable": salary[2],
        "chomage_brut": unemployment[0],
        "chomage_net": unemployment[1],
        "chomage_imposable": unemployment[2],
        "retraite_brute": pension[0],
        "retraite_nette": pension[1],
        "retraite_imposable": pension[2],
        "livret_a": adult.savings,
        "activite": activity,
        "handicap": rate > 0,
        "taux_incapacite": rate,
        "aah_restriction_substantielle_durable_acces_emploi": rate > 0 and isinstance(person, Adult),
        "aeeh_niveau_handicap": level,
        "garde_alternee": custody,
        "enceinte": pregnant,
        "statut_marital": MARITAL.get(couple_status, "celibataire"),
    }
    for kind, name in SELF_EMPLOYED_KINDS.items():
        values[name] = adult.self_employed if adult.self_employed_kind == kind else 0.0
    for key, name in OTHER_INCOMES.items():
        values[name] = getattr(adult, key)
    return values


def household_people(household: Household) -> list[tuple[str, Adult | Child, dict]]:
    """(kind, person, options) for every person: kind 0 first adult, 1 second adult, 2 child."""
    couple = household.couple_status if len(household.adults) == 2 else ""
    people = []
    for index, adult in enumerate(household.adults):
        options = {"couple_status": couple, "pregnant": household.pregnant and index == 0}
        people.append((index, adult, options))
    for child in household.children:
        people.append((2, child, {}))
    return people


def monthly_rows(person, options: dict, months: list[str]) -> tuple[dict, dict, int]:
    """(values now, values before the change, index of the first month with the values now)."""
    now = person_values(person, **options)
    start = change_start(person, months)
    before = person_values(person.before_change(), **options) if start else now
    return now, before, start


def menage_values(household: Household) -> dict[str, object]:
    return {
        "loyer": household.rent if household.pays_rent else 0.0,
        "statut_occupation_logement": HOUSING_STATUSES[household.housing],
        "depcom": household.depcom,
        "coloc": household.housing == "flatshare",
        "logement_chambre": household.housing == "hosted_paying",
    }


def situation(household: Household, period: str) -> dict:
    """OpenFisca's situation format for one household (the naive reference path)."""
    months = months_for(period)
    individus: dict[str, dict] = {}
    adults_ids, children_ids = [], []
    for kind, person, options in household_people(household):
        if kind == 2:
            pid = f"enfant{len(children_ids) + 1}"
            children_ids.append(pid)
        else:
            pid = "demandeur" if kind == 0 else "conjoint"
            adults_ids.append(pid)
        now, before, start = monthly_rows(person, options, months)
        entry = {"date_naissance": {"ETERNITY": birth_date(person.age, period)}}
        for name in PERSON_MONTHLY_VARIABLES:
            entry[name] = {month: (now if i >= start else before)[name] for i, month in enumerate(months)}
        individus[pid] = entry
    menage = {"personne_de_reference": [adults_ids[0]], "conjoint": adults_ids[1:], "enfants": children_ids}
    for name, value in menage_values(household).items():
        menage[name] = dict.fromkeys(months, value)
    if household.tax_households == 2:
        foyers = {
            "foyer": {"declarants": adults_ids[:1], "personnes_a_charge": children_ids},
            "foyer2": {"declarants": adults_ids[1:]},
        }
    else:
        foyers = {"foyer": {"declarants": adults_ids, "personnes_a_charge": children_ids}}
    return {
        "individus": individus,
        "familles": {"famille": {"parents": adults_ids, "enfants": children_ids}},
        "foyers_fiscaux": foyers,
        "menages": {"menage": menage},
    }


__all__ = [
    "HISTORY_YEARS",
    "MENAGE_MONTHLY_VARIABLES",
    "PERSON_MONTHLY_VARIABLES",
    "birth_date",
    "change_start",
    "household_people",
    "menage_values",
    "monthly_rows",
    "months_for",
    "person_values",
    "situation",
]
