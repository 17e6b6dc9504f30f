"""A household as the questionnaire describes it (plain dataclasses, no Django, no OpenFisca).

The questionnaire, the API and the batch detection all build a `Household`;
relais/rights/inputs.py translates it into OpenFisca's inputs, month by month.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from relais.core.errors import DomainError

MAX_ADULTS = 2
MAX_CHILDREN = 10
MAX_AGE = 120
MAX_MONTHLY_AMOUNT = 100_000

HOUSING_STATUSES = {
    "tenant": "locataire_vide",
    "tenant_furnished": "locataire_meuble",
    "tenant_hlm": "locataire_hlm",
    "flatshare": "locataire_vide",  # with `coloc`
    "hostel": "locataire_foyer",
    "hosted_paying": "locataire_meuble",  # a room sub-let by a relative or a friend: `logement_chambre`
    "owner": "proprietaire",
    "hosted": "loge_gratuitement",
    "homeless": "sans_domicile",
}
PAYING_RENT = frozenset({"tenant", "tenant_furnished", "tenant_hlm", "flatshare", "hostel", "hosted_paying"})
DISABILITY_RATES = {"none": 0.0, "50": 0.5, "80": 0.8}
# A child's disability: "none", "aeeh" (AEEH without complement) or a complement category "1" to "6".
CHILD_DISABILITIES = ("none", "aeeh", "1", "2", "3", "4", "5", "6")
# Micro-entrepreneur turnover by kind of activity (OpenFisca's auto-entrepreneur inputs).
SELF_EMPLOYED_KINDS = {
    "sale": "rpns_auto_entrepreneur_CA_achat_revente",  # selling goods, food, lodging
    "service": "rpns_auto_entrepreneur_CA_bic",  # commercial or craft services (BIC)
    "liberal": "rpns_auto_entrepreneur_CA_bnc",  # liberal professions (BNC)
}
COUPLE_STATUSES = ("married", "pacs", "cohabiting")
# Other incomes, each by name: answer key → OpenFisca variable (monthly amounts).
OTHER_INCOMES = {
    "other": "pensions_alimentaires_percues",  # alimony received (key kept for saved answers)
    "sick_pay": "indemnites_journalieres",
    "invalidity": "pensions_invalidite",
    "grant": "bourse_enseignement_sup",
    "rental": "revenus_locatifs",
    "alimony_paid": "pensions_alimentaires_versees_individu",
}
AMOUNT_FIELDS = ("salary", "unemployment", "pension", "self_employed", *OTHER_INCOMES, "savings")
CHANGING_FIELDS = ("salary", "unemployment", "self_employed")  # « vos revenus ont-ils changé ? »
MAX_SAVINGS = 10_000_000

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
    *SELF_EMPLOYED_KINDS.values(),
    *OTHER_INCOMES.values(),
    "livret_a",
    "activite",
    "handicap",
    "taux_incapacite",
    "aah_restriction_substantielle_durable_acces_emploi",
    "aeeh_niveau_handicap",
    "garde_alternee",
    "enceinte",
    "statut_marital",
)
MENAGE_MONTHLY_VARIABLES = ("loyer", "statut_occupation_logement", "depcom", "coloc", "logement_chambre")


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
    other: float = 0.0  # alimony received, monthly
    self_employed: float = 0.0  # micro-entrepreneur monthly turnover
    self_employed_kind: str = "service"  # a key of SELF_EMPLOYED_KINDS
    sick_pay: float = 0.0  # daily sickness allowances, monthly total
    invalidity: float = 0.0  # invalidity pension
    grant: float = 0.0  # student grant
    rental: float = 0.0  # rent received
    alimony_paid: float = 0.0
    savings: float = 0.0  # money saved (a stock, not monthly)
    change_months_ago: int = 0  # incomes changed this many months ago (0: no change within a year)
    previous_salary: float = 0.0  # before the change
    previous_unemployment: float = 0.0
    previous_self_employed: float = 0.0

    def before_change(self) -> Adult:
        """The same adult with their incomes before the change."""
        return replace(
            self,
            salary=self.previous_salary,
            unemployment=self.previous_unemployment,
            self_employed=self.previous_self_employed,
            change_months_ago=0,
        )


@dataclass(frozen=True)
class Child:
    age: int
    disability: str = "none"  # a CHILD_DISABILITIES value
    shared_custody: bool = False
    student: bool = False  # adult child in higher education
    salary: float = 0.0  # net monthly salary of a working child


@dataclass(frozen=True)
class Household:
    adults: tuple[Adult, ...]
    children: tuple[Child, ...] = ()
    housing: str = "tenant"
    rent: float = 0.0
    depcom: str = ""
    received: frozenset[str] = field(default_factory=frozenset)
    couple_status: str = "married"  # for couples: married, pacs or cohabiting (two tax households)
    pregnant: bool = False

    @property
    def pays_rent(self) -> bool:
        return self.housing in PAYING_RENT

    @property
    def tax_households(self) -> int:
        return 2 if len(self.adults) == 2 and self.couple_status == "cohabiting" else 1

    def validate(self) -> None:
        if not 1 <= len(self.adults) <= MAX_ADULTS:
            raise HouseholdError("Indiquez une ou deux personnes adultes dans le foyer.", field="adults")
        if len(self.children) > MAX_CHILDREN:
            raise HouseholdError(f"Indiquez au plus {MAX_CHILDREN} enfants.", field="children")
        for adult in self.adults:
            _validate_adult(adult)
        for child in self.children:
            if not 0 <= child.age <= 25:
                raise HouseholdError("L'âge d'un enfant doit être compris entre 0 et 25 ans.", field="children")
            if child.disability not in CHILD_DISABILITIES:
                raise HouseholdError("Situation de handicap inconnue.", field="children")
            _amount(child.salary, "salary")
        if self.housing not in HOUSING_STATUSES:
            raise HouseholdError("Situation de logement inconnue.", field="housing")
        if self.couple_status not in COUPLE_STATUSES:
            raise HouseholdError("Situation de couple inconnue.", field="couple_status")
        if self.rent < 0:
            raise HouseholdError("Le loyer ne peut pas être négatif.", field="rent")
        if self.rent > MAX_MONTHLY_AMOUNT:
            raise HouseholdError("Ce loyer paraît trop élevé : vérifiez-le.", field="rent")
        if not (len(self.depcom) == 5 and self.depcom[:2].isalnum() and self.depcom[2:].isdigit()):
            raise HouseholdError("Indiquez la commune où vous habitez.", field="depcom")


def _amount(value: float, name: str, limit: float = MAX_MONTHLY_AMOUNT) -> None:
    if value < 0:
        raise HouseholdError("Un revenu ne peut pas être négatif : indiquez 0 si vous n'avez rien touché.", field=name)
    if value > limit:
        raise HouseholdError("Ce montant mensuel paraît trop élevé : vérifiez-le.", field=name)


def _validate_adult(adult: Adult) -> None:
    if not 16 <= adult.age <= MAX_AGE:
        raise HouseholdError(f"L'âge d'un adulte doit être compris entre 16 et {MAX_AGE} ans.", field="age")
    if adult.disability not in DISABILITY_RATES:
        raise HouseholdError("Situation de handicap inconnue.", field="disability")
    if adult.self_employed_kind not in SELF_EMPLOYED_KINDS:
        raise HouseholdError("Type d'activité inconnu.", field="self_employed_kind")
    for name in AMOUNT_FIELDS:
        _amount(getattr(adult, name), name, MAX_SAVINGS if name == "savings" else MAX_MONTHLY_AMOUNT)
    for name in CHANGING_FIELDS:
        _amount(getattr(adult, f"previous_{name}"), f"previous_{name}")
    if not 0 <= adult.change_months_ago <= 12:
        raise HouseholdError("Indiquez un mois de l'année passée.", field="change_months_ago")


def _money(item: dict, name: str) -> float:
    return float(item.get(name) or 0)


def _adult(item: dict) -> Adult:
    return Adult(
        age=int(item["age"]),
        disability=str(item.get("disability") or "none"),
        self_employed_kind=str(item.get("self_employed_kind") or "service"),
        change_months_ago=int(item.get("change_months_ago") or 0),
        **{name: _money(item, name) for name in AMOUNT_FIELDS},
        **{f"previous_{name}": _money(item, f"previous_{name}") for name in CHANGING_FIELDS},
    )


def _child(age, info: dict) -> Child:
    return Child(
        age=int(age),
        disability=str(info.get("disability") or "none"),
        shared_custody=bool(info.get("shared_custody")),
        student=bool(info.get("student")),
        salary=_money(info, "salary"),
    )


def household_from_answers(answers: dict) -> Household:
    """Build (and validate) a household from the questionnaire's answers.

    Format (shared by the questionnaire session, the API and RightsProfile.answers):
    {"adults": [{"age": 34, "disability": "none", "salary": 800, "unemployment": 0, "pension": 0,
    "other": 0, "self_employed": 0, "self_employed_kind": "service", "sick_pay": 0, …,
    "change_months_ago": 4, "previous_salary": 1400}], "children": [5],
    "children_info": [{"disability": "none", "shared_custody": false, "student": false, "salary": 0}],
    "couple_status": "married", "pregnant": false, "housing": "tenant", "rent": 500,
    "commune": "69123", "received": ["ppa"]}. Raises HouseholdError (plain French)."""
    if not isinstance(answers, dict):
        raise HouseholdError("Les réponses sont illisibles.")
    try:
        adults = tuple(_adult(item) for item in answers.get("adults") or [])
        infos = list(answers.get("children_info") or [])
        children = tuple(
            _child(age, infos[index] if index < len(infos) and isinstance(infos[index], dict) else {})
            for index, age in enumerate(answers.get("children") or [])
        )
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
        couple_status=str(answers.get("couple_status") or "married"),
        pregnant=bool(answers.get("pregnant")),
    )
    household.validate()
    return household
