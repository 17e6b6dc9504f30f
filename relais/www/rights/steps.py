"""The questionnaire's screens, in order, and which ones a household needs (one plain question
per screen; a screen that cannot apply is skipped)."""

from __future__ import annotations

from relais.rights.household import PAYING_RENT
from relais.www.rights import forms
from relais.www.rights import situation_forms as more

STEPS: list[tuple[str, type[forms.StepForm]]] = [
    ("foyer", forms.CoupleForm),
    ("couple", more.CoupleStatusForm),
    ("age", forms.AgesForm),
    ("enfants", forms.ChildrenCountForm),
    ("ages-enfants", forms.ChildrenAgesForm),
    ("garde-alternee", more.CustodyForm),
    ("handicap-enfants", more.ChildDisabilityForm),
    ("grands-enfants", more.OlderChildrenForm),
    ("grossesse", more.PregnancyForm),
    ("handicap", forms.DisabilityForm),
    ("logement", forms.HousingForm),
    ("loyer", forms.RentForm),
    ("commune", forms.CommuneForm),
    ("salaires", forms.SalaryForm),
    ("auto-entrepreneur", more.SelfEmployedForm),
    ("chomage", forms.UnemploymentForm),
    ("retraites", forms.PensionForm),
    ("changement", more.IncomeChangeForm),
    ("autres-revenus", more.OtherIncomesForm),
    ("pension-versee", more.AlimonyPaidForm),
    ("epargne", more.SavingsForm),
    ("aides-recues", forms.ReceivedForm),
]
FORMS = dict(STEPS)

# Under this age nobody gets a retirement pension, not even a survivor's one (pension de réversion,
# from 55): the question is skipped when every adult is younger.
PENSION_MIN_AGE = 55
# Nobody in the household can be pregnant when every adult is older than this.
PREGNANCY_MAX_AGE = 55
CHILD_DISABILITY_MAX_AGE = 20  # AEEH: children under 20
OLDER_CHILD_AGE = 16


def _ages(answers: dict) -> list:
    return [adult.get("age") for adult in answers.get("adults") or []]


def _all_known(values) -> bool:
    return bool(values) and all(isinstance(value, int) for value in values)


def _skipped(name: str, answers: dict) -> bool:
    ages = _ages(answers)
    children = answers.get("children")
    known_children = children is not None and _all_known(children)
    if name == "couple":
        return "couple" in answers and not answers["couple"]
    if name == "retraites":
        return _all_known(ages) and all(age < PENSION_MIN_AGE for age in ages)
    if name == "grossesse":
        return _all_known(ages) and all(age > PREGNANCY_MAX_AGE for age in ages)
    if name in ("ages-enfants", "garde-alternee"):
        return children is not None and not children
    if name == "handicap-enfants":
        return (children is not None and not children) or (
            known_children and all(age >= CHILD_DISABILITY_MAX_AGE for age in children)
        )
    if name == "grands-enfants":
        return (children is not None and not children) or (
            known_children and all(age < OLDER_CHILD_AGE for age in children)
        )
    if name == "loyer":
        return answers.get("housing") is not None and answers["housing"] not in PAYING_RENT
    return False


def active_steps(answers: dict) -> list[str]:
    """The screens this household needs."""
    return [name for name, _form in STEPS if not _skipped(name, answers)]


def question_range() -> tuple[int, int]:
    """From the fewest screens (alone, no children, owner, under 55, over 55 for pregnancy is not
    possible at once: the fewest is alone, no children, owner, young) to all of them."""
    fewest = active_steps({"couple": False, "children": [], "housing": "owner", "adults": [{"age": 30}]})
    return len(fewest), len(active_steps({}))
