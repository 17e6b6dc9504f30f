"""The questionnaire: one small form per screen. Each form reads and writes the shared answers
dict (format in relais/rights/household.py)."""

from __future__ import annotations

from django import forms
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from dsfr.forms import DsfrBaseForm

from relais.rights.catalogue import CATALOGUE
from relais.rights.household import MAX_AGE, MAX_CHILDREN, MAX_MONTHLY_AMOUNT, PAYING_RENT
from relais.territory.selectors import commune_by_code
from relais.territory.widgets import CommuneField

AGE_ERRORS = {
    "required": _("Indiquez l'âge en années."),
    "invalid": _("Écrivez l'âge en chiffres, par exemple 34."),
    "min_value": _("L'âge d'un adulte est d'au moins 16 ans."),
    "max_value": _("Vérifiez l'âge : il doit être de %(limit_value)s ans au plus."),
}
MONEY_ERRORS = {
    "required": _("Indiquez un montant. Écrivez 0 si vous n'avez rien touché."),
    "invalid": _("Écrivez le montant en chiffres, par exemple 800."),
    "min_value": _("Un montant ne peut pas être négatif. Écrivez 0 si vous n'avez rien touché."),
    "max_value": _("Ce montant paraît trop élevé : vérifiez-le."),
    "max_decimal_places": _("Indiquez au plus 2 chiffres après la virgule."),
    "max_digits": _("Ce montant paraît trop élevé : vérifiez-le."),
    "max_whole_digits": _("Ce montant paraît trop élevé : vérifiez-le."),
}


RENT_ERRORS = {
    **MONEY_ERRORS,
    "required": _("Indiquez le loyer. Écrivez 0 si vous ne payez pas de loyer."),
    "min_value": _("Un loyer ne peut pas être négatif. Écrivez 0 si vous ne payez pas de loyer."),
}


def age_field(label):
    return forms.IntegerField(
        label=label,
        min_value=16,
        max_value=MAX_AGE,
        error_messages=AGE_ERRORS,
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )


def money_field(label, help_text="", *, errors=None, max_value=MAX_MONTHLY_AMOUNT):
    return forms.DecimalField(
        label=label,
        help_text=help_text,
        min_value=0,
        max_value=max_value,
        decimal_places=2,
        max_digits=10,
        error_messages=errors or MONEY_ERRORS,
        localize=True,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
    )


def received_label(info) -> str:
    """A benefit in the list of those already received: its name in words, its acronym explained
    (« Allocation de soutien familial (<abbr title=…>ASF</abbr>) »), never a bare acronym."""
    short, label = str(info.short), str(info.label)
    if short == label or not short.isupper():
        return label
    plain = label.replace(f" ({short})", "")
    return format_html('{} (<abbr title="{}">{}</abbr>)', plain, plain, short)


class StepForm(DsfrBaseForm):
    """A questionnaire screen: `initial_from(answers)` and `apply(answers)`."""

    title = ""
    per_adult: tuple[str, ...] = ()

    def __init__(self, *args, answers: dict, **kwargs):
        self.answers = answers
        kwargs.setdefault("initial", self.initial_from(answers))
        super().__init__(*args, **kwargs)

    @property
    def couple(self) -> bool:
        return bool(self.answers.get("couple"))

    def adults(self) -> list[dict]:
        adults = list(self.answers.get("adults") or [])
        wanted = 2 if self.couple else 1
        while len(adults) < wanted:
            adults.append({})
        return [dict(item) for item in adults[:wanted]]

    def initial_from(self, answers: dict) -> dict:
        return {}

    def apply(self, answers: dict) -> None:
        raise NotImplementedError


class CoupleForm(StepForm):
    title = _("Vivez-vous seul ou en couple ?")
    situation = forms.ChoiceField(
        label=_("Votre situation"),
        widget=forms.RadioSelect,
        choices=[("seul", _("Je vis seul ou seule (avec ou sans enfants)")), ("couple", _("Je vis en couple"))],
        error_messages={"required": _("Choisissez une réponse.")},
    )

    def initial_from(self, answers):
        if "couple" not in answers:
            return {}
        return {"situation": "couple" if answers["couple"] else "seul"}

    def apply(self, answers):
        answers["couple"] = self.cleaned_data["situation"] == "couple"
        adults = list(answers.get("adults") or [{}])
        answers["adults"] = adults[:2] if answers["couple"] else adults[:1]


class AgesForm(StepForm):
    title = _("Quel âge avez-vous ?")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["age_0"] = age_field(_("Votre âge (en années)"))
        if self.couple:
            self.fields["age_1"] = age_field(_("L'âge de la personne avec qui vous vivez"))

    def initial_from(self, answers):
        return {f"age_{i}": a.get("age") for i, a in enumerate(answers.get("adults") or []) if a.get("age") is not None}

    def apply(self, answers):
        adults = self.adults()
        for index, adult in enumerate(adults):
            adult["age"] = self.cleaned_data[f"age_{index}"]
        answers["adults"] = adults


class ChildrenCountForm(StepForm):
    title = _("Combien d'enfants vivent avec vous ?")
    count = forms.IntegerField(
        label=_("Nombre d'enfants à votre charge"),
        help_text=_("Enfants de moins de 25 ans qui vivent chez vous. Écrivez 0 si vous n'en avez pas."),
        min_value=0,
        max_value=MAX_CHILDREN,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
        error_messages={
            "required": _("Indiquez le nombre d'enfants. Écrivez 0 si vous n'en avez pas."),
            "invalid": _("Écrivez un nombre, par exemple 2."),
            "min_value": _("Le nombre d'enfants ne peut pas être négatif."),
            "max_value": _("Indiquez au plus %(limit_value)s enfants."),
        },
    )

    def initial_from(self, answers):
        return {"count": len(answers["children"])} if "children" in answers else {}

    def apply(self, answers):
        count = self.cleaned_data["count"]
        children = list(answers.get("children") or [])
        answers["children"] = (children + [None] * count)[:count]


class ChildrenAgesForm(StepForm):
    title = _("Quel âge ont vos enfants ?")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for index, _age in enumerate(self.answers.get("children") or []):
            self.fields[f"child_{index}"] = forms.IntegerField(
                label=_("Âge de l'enfant n° %(number)s (en années)") % {"number": index + 1},
                help_text=_("Écrivez 0 pour un bébé de moins d'un an."),
                min_value=0,
                max_value=25,
                widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
                error_messages={
                    "required": _("Indiquez l'âge de cet enfant."),
                    "invalid": _("Écrivez l'âge en chiffres, par exemple 7."),
                    "min_value": _("L'âge ne peut pas être négatif."),
                    "max_value": _("Un enfant à charge a 25 ans au plus."),
                },
            )

    def initial_from(self, answers):
        return {f"child_{i}": age for i, age in enumerate(answers.get("children") or []) if age is not None}

    def apply(self, answers):
        answers["children"] = [self.cleaned_data[f"child_{i}"] for i in range(len(answers.get("children") or []))]


DISABILITY_CHOICES = [
    ("none", _("Non")),
    ("80", _("Oui, avec un taux d'incapacité d'au moins 80 %")),
    ("50", _("Oui, avec un taux entre 50 % et 79 %")),
]


class DisabilityForm(StepForm):
    title = _("Avez-vous un handicap reconnu par la MDPH ?")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        labels = [_("Vous")] + ([_("La personne avec qui vous vivez")] if self.couple else [])
        for index, label in enumerate(labels):
            self.fields[f"disability_{index}"] = forms.ChoiceField(
                label=label,
                choices=DISABILITY_CHOICES,
                widget=forms.RadioSelect,
                error_messages={"required": _("Choisissez une réponse.")},
            )

    def initial_from(self, answers):
        return {
            f"disability_{i}": a.get("disability")
            for i, a in enumerate(answers.get("adults") or [])
            if a.get("disability")
        }

    def apply(self, answers):
        adults = self.adults()
        for index, adult in enumerate(adults):
            adult["disability"] = self.cleaned_data[f"disability_{index}"]
        answers["adults"] = adults


class HousingForm(StepForm):
    title = _("Où habitez-vous ?")
    housing = forms.ChoiceField(
        label=_("Votre logement"),
        widget=forms.RadioSelect,
        choices=[
            ("tenant", _("Je loue un logement vide (non meublé)")),
            ("tenant_furnished", _("Je loue un logement meublé ou une chambre d'hôtel")),
            ("tenant_hlm", _("Je loue un logement social (HLM : habitation à loyer modéré)")),
            ("flatshare", _("Je suis en colocation")),
            ("hostel", _("Je vis dans un foyer ou une résidence (étudiante, sociale, jeunes travailleurs…)")),
            ("hosted_paying", _("Je suis hébergé ou hébergée chez quelqu'un et je paie une part du loyer")),
            ("owner", _("Je suis propriétaire")),
            ("hosted", _("Je suis hébergé ou hébergée gratuitement (famille, amis)")),
            ("homeless", _("Je n'ai pas de logement")),
        ],
        error_messages={"required": _("Choisissez une réponse.")},
    )

    def initial_from(self, answers):
        return {"housing": answers["housing"]} if answers.get("housing") else {}

    def apply(self, answers):
        answers["housing"] = self.cleaned_data["housing"]
        if answers["housing"] not in PAYING_RENT:
            answers["rent"] = 0


class RentForm(StepForm):
    title = _("Combien payez-vous de loyer chaque mois ?")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["rent"] = money_field(
            _("Loyer par mois, en euros"),
            _("Sans les charges si vous les connaissez. Exemple : 500"),
            errors=RENT_ERRORS,
        )

    def initial_from(self, answers):
        return {"rent": answers["rent"]} if answers.get("rent") is not None else {}

    def apply(self, answers):
        answers["rent"] = float(self.cleaned_data["rent"])


class CommuneForm(StepForm):
    title = _("Dans quelle commune habitez-vous ?")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["commune"] = CommuneField(label=_("Votre commune"))

    def initial_from(self, answers):
        code = answers.get("commune")
        return {"commune": commune_by_code(code) if code else None}

    def apply(self, answers):
        answers["commune"] = self.cleaned_data["commune"].code


class IncomeForm(StepForm):
    kind = ""
    labels: tuple = ()
    help_text = ""
    max_value = MAX_MONTHLY_AMOUNT

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        count = 2 if self.couple else 1
        for index in range(count):
            self.fields[f"{self.kind}_{index}"] = money_field(
                self.labels[index], self.help_text, max_value=self.max_value
            )

    def initial_from(self, answers):
        return {
            f"{self.kind}_{i}": a[self.kind]
            for i, a in enumerate(answers.get("adults") or [])
            if a.get(self.kind) is not None
        }

    def apply(self, answers):
        adults = self.adults()
        for index, adult in enumerate(adults):
            adult[self.kind] = float(self.cleaned_data[f"{self.kind}_{index}"])
        answers["adults"] = adults


class SalaryForm(IncomeForm):
    title = _("Combien gagnez-vous en travaillant, par mois ?")
    kind = "salary"
    labels = (
        _("Votre salaire net par mois, en euros"),
        _("Le salaire net par mois de la personne avec qui vous vivez"),
    )
    help_text = _(
        "La moyenne des 3 derniers mois, après les cotisations (le « net à payer »). Écrivez 0 si vous ne travaillez "
        "pas."
    )


class UnemploymentForm(IncomeForm):
    title = _("Touchez-vous des allocations chômage ?")
    kind = "unemployment"
    labels = (
        _("Vos allocations chômage par mois, en euros"),
        _("Les allocations chômage par mois de la personne avec qui vous vivez"),
    )
    help_text = _("Le montant versé par France Travail. Écrivez 0 si vous n'en touchez pas.")


class PensionForm(IncomeForm):
    title = _("Touchez-vous une retraite ?")
    kind = "pension"
    labels = (_("Votre retraite par mois, en euros"), _("La retraite par mois de la personne avec qui vous vivez"))
    help_text = _(
        "Toutes vos retraites ensemble, le montant versé sur votre compte. Écrivez 0 si vous n'en touchez pas."
    )


class OtherIncomeForm(IncomeForm):
    title = _("Avez-vous d'autres revenus ?")
    kind = "other"
    labels = (
        _("Vos autres revenus par mois, en euros"),
        _("Les autres revenus par mois de la personne avec qui vous vivez"),
    )
    help_text = _("Par exemple une pension alimentaire reçue. Écrivez 0 si vous n'en avez pas.")


# Kept for saved sessions: the questionnaire now asks each kind of other income by name
# (relais/www/rights/situation_forms.py, OtherIncomesForm).


class ReceivedForm(StepForm):
    title = _("Quelles aides touchez-vous déjà ?")
    received = forms.MultipleChoiceField(
        label=_("Cochez les aides que vous touchez déjà (vous pouvez n'en cocher aucune)"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["received"].choices = [(key, received_label(info)) for key, info in CATALOGUE.items()]

    def initial_from(self, answers):
        return {"received": answers.get("received") or []}

    def apply(self, answers):
        answers["received"] = list(self.cleaned_data["received"])
