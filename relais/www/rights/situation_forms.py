"""Questionnaire screens for the broader situations: couple status, children's custody, disability
and studies, pregnancy, self-employment, incomes that changed, other incomes by name, alimony
paid, savings. One plain question per screen (relais/www/rights/steps.py skips those that do not
apply)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from relais.rights.household import MAX_SAVINGS
from relais.www.rights.forms import IncomeForm, StepForm, money_field

REQUIRED = {"required": _("Choisissez une réponse.")}
YES_NO = [("no", _("Non")), ("yes", _("Oui"))]


def _radio(label, choices):
    return forms.ChoiceField(label=label, choices=choices, widget=forms.RadioSelect, error_messages=REQUIRED)


def _adult_labels(couple: bool):
    return [_("Vous")] + ([_("La personne avec qui vous vivez")] if couple else [])


class CoupleStatusForm(StepForm):
    title = _("Êtes-vous mariés ou pacsés ?")
    status = _radio(
        _("Votre couple"),
        [
            ("married", _("Nous sommes mariés")),
            ("pacs", _("Nous sommes pacsés (PACS : pacte civil de solidarité)")),
            ("cohabiting", _("Nous ne sommes ni mariés ni pacsés")),
        ],
    )

    def initial_from(self, answers):
        return {"status": answers["couple_status"]} if answers.get("couple_status") else {}

    def apply(self, answers):
        answers["couple_status"] = self.cleaned_data["status"]


def _infos(answers) -> list[dict]:
    children = answers.get("children") or []
    infos = [dict(item) for item in (answers.get("children_info") or []) if isinstance(item, dict)]
    return (infos + [{} for _ in children])[: len(children)]


class ChildrenStepForm(StepForm):
    """A question about each child (by number and age)."""

    def children(self):
        return list(enumerate(self.answers.get("children") or []))

    def child_label(self, index, age):
        return _("Enfant n° %(number)s (%(age)s ans)") % {"number": index + 1, "age": age}


class CustodyForm(ChildrenStepForm):
    title = _("Un de vos enfants est-il en garde alternée ?")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["custody"] = forms.MultipleChoiceField(
            label=_(
                "Cochez les enfants qui vivent la moitié du temps chez l'autre parent (aucun si ce n'est pas le cas)"
            ),
            required=False,
            widget=forms.CheckboxSelectMultiple,
            choices=[(str(index), self.child_label(index, age)) for index, age in self.children()],
        )

    def initial_from(self, answers):
        return {"custody": [str(i) for i, info in enumerate(_infos(answers)) if info.get("shared_custody")]}

    def apply(self, answers):
        infos = _infos(answers)
        chosen = set(self.cleaned_data["custody"])
        for index, info in enumerate(infos):
            info["shared_custody"] = str(index) in chosen
        answers["children_info"] = infos


CHILD_DISABILITY_CHOICES = [
    ("none", _("Non")),
    ("aeeh", _("Oui, reconnu par la MDPH, sans complément")),
    *[(str(level), _("Oui, avec un complément de catégorie %(level)s") % {"level": level}) for level in range(1, 7)],
]


class ChildDisabilityForm(ChildrenStepForm):
    title = _("Un de vos enfants a-t-il un handicap ?")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for index, age in self.children():
            if age is not None and age < 20:
                self.fields[f"child_{index}"] = forms.ChoiceField(
                    label=self.child_label(index, age),
                    help_text=_("La MDPH (maison départementale des personnes handicapées) fixe le complément."),
                    choices=CHILD_DISABILITY_CHOICES,
                    error_messages=REQUIRED,
                )

    def initial_from(self, answers):
        return {f"child_{i}": info.get("disability", "none") for i, info in enumerate(_infos(answers))}

    def apply(self, answers):
        infos = _infos(answers)
        for index, info in enumerate(infos):
            info["disability"] = self.cleaned_data.get(f"child_{index}", "none")
        answers["children_info"] = infos


class OlderChildrenForm(ChildrenStepForm):
    title = _("Vos enfants de 16 ans ou plus étudient-ils ou travaillent-ils ?")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for index, age in self.children():
            if age is not None and age >= 16:
                label = self.child_label(index, age)
                self.fields[f"student_{index}"] = forms.ChoiceField(
                    label=_("%(child)s : fait des études supérieures ?") % {"child": label},
                    choices=YES_NO,
                    widget=forms.RadioSelect,
                    error_messages=REQUIRED,
                )
                self.fields[f"salary_{index}"] = money_field(
                    _("%(child)s : salaire net par mois, en euros") % {"child": label},
                    _("Écrivez 0 si cet enfant ne travaille pas."),
                )

    def initial_from(self, answers):
        initial = {}
        for index, info in enumerate(_infos(answers)):
            if "student" in info:
                initial[f"student_{index}"] = "yes" if info["student"] else "no"
            if "salary" in info:
                initial[f"salary_{index}"] = info["salary"]
        return initial

    def apply(self, answers):
        infos = _infos(answers)
        for index, info in enumerate(infos):
            if f"student_{index}" in self.cleaned_data:
                info["student"] = self.cleaned_data[f"student_{index}"] == "yes"
                info["salary"] = float(self.cleaned_data[f"salary_{index}"])
        answers["children_info"] = infos


class PregnancyForm(StepForm):
    title = _("Attendez-vous un enfant ?")
    pregnant = _radio(_("Une grossesse en cours dans le foyer"), YES_NO)

    def initial_from(self, answers):
        return {"pregnant": "yes" if answers["pregnant"] else "no"} if "pregnant" in answers else {}

    def apply(self, answers):
        answers["pregnant"] = self.cleaned_data["pregnant"] == "yes"


SELF_EMPLOYED_CHOICES = [
    ("service", _("Services commerciaux ou artisanaux (réparation, transport, ménage…)")),
    ("sale", _("Vente de marchandises, restauration ou hébergement")),
    ("liberal", _("Profession libérale (conseil, cours, santé…)")),
]


class SelfEmployedForm(IncomeForm):
    title = _("Êtes-vous auto-entrepreneur ou micro-entrepreneur ?")
    kind = "self_employed"
    labels = (
        _("Votre chiffre d'affaires par mois, en euros"),
        _("Le chiffre d'affaires par mois de la personne avec qui vous vivez"),
    )
    help_text = _("La moyenne des 3 derniers mois de ce que vous avez encaissé. Écrivez 0 si vous n'en avez pas.")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for index, label in enumerate(_adult_labels(self.couple)):
            self.fields[f"self_employed_kind_{index}"] = forms.ChoiceField(
                label=_("%(who)s : type d'activité") % {"who": label},
                choices=SELF_EMPLOYED_CHOICES,
                required=False,
            )

    def initial_from(self, answers):
        initial = super().initial_from(answers)
        for index, adult in enumerate(answers.get("adults") or []):
            initial[f"self_employed_kind_{index}"] = adult.get("self_employed_kind") or "service"
        return initial

    def apply(self, answers):
        super().apply(answers)
        for index, adult in enumerate(answers["adults"]):
            adult["self_employed_kind"] = self.cleaned_data.get(f"self_employed_kind_{index}") or "service"


CHANGE_CHOICES = [("0", _("Non, ils n'ont pas changé"))] + [
    (str(months), _("Oui, il y a %(months)s mois") % {"months": months}) for months in range(1, 13)
]


class IncomeChangeForm(StepForm):
    title = _("Vos revenus ont-ils changé depuis un an ?")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for index, label in enumerate(_adult_labels(self.couple)):
            self.fields[f"change_{index}"] = forms.ChoiceField(
                label=_("%(who)s : un emploi perdu ou trouvé, un chômage commencé ou fini…") % {"who": label},
                choices=CHANGE_CHOICES,
                error_messages=REQUIRED,
            )
            for kind, text in (
                ("salary", _("%(who)s : salaire net par mois avant ce changement")),
                ("unemployment", _("%(who)s : allocations chômage par mois avant ce changement")),
                ("self_employed", _("%(who)s : chiffre d'affaires par mois avant ce changement")),
            ):
                field = money_field(text % {"who": label}, _("Écrivez 0 si rien, ou si ça n'a pas changé."))
                field.required = False
                self.fields[f"previous_{kind}_{index}"] = field

    def initial_from(self, answers):
        initial = {}
        for index, adult in enumerate(answers.get("adults") or []):
            if "change_months_ago" in adult:
                initial[f"change_{index}"] = str(adult["change_months_ago"])
            for kind in ("salary", "unemployment", "self_employed"):
                if adult.get(f"previous_{kind}") is not None:
                    initial[f"previous_{kind}_{index}"] = adult[f"previous_{kind}"]
        return initial

    def apply(self, answers):
        adults = self.adults()
        for index, adult in enumerate(adults):
            months = int(self.cleaned_data[f"change_{index}"])
            adult["change_months_ago"] = months
            for kind in ("salary", "unemployment", "self_employed"):
                value = self.cleaned_data.get(f"previous_{kind}_{index}")
                adult[f"previous_{kind}"] = float(value or 0) if months else 0.0
        answers["adults"] = adults


class OtherIncomesForm(StepForm):
    """Other incomes, each by name (alimony received keeps its old key, `other`)."""

    title = _("Avez-vous d'autres revenus ?")
    KINDS = (
        ("other", _("pension alimentaire reçue")),
        ("sick_pay", _("indemnités journalières (arrêt maladie, maternité, accident du travail)")),
        ("invalidity", _("pension d'invalidité")),
        ("grant", _("bourse d'études")),
        ("rental", _("loyers reçus (un logement que vous louez)")),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for index, who in enumerate(_adult_labels(self.couple)):
            for kind, name in self.KINDS:
                self.fields[f"{kind}_{index}"] = money_field(
                    _("%(who)s : %(income)s, par mois en euros") % {"who": who, "income": name},
                    _("Écrivez 0 si vous n'en avez pas."),
                )

    def initial_from(self, answers):
        return {
            f"{kind}_{index}": adult[kind]
            for index, adult in enumerate(answers.get("adults") or [])
            for kind, _name in self.KINDS
            if adult.get(kind) is not None
        }

    def apply(self, answers):
        adults = self.adults()
        for index, adult in enumerate(adults):
            for kind, _name in self.KINDS:
                adult[kind] = float(self.cleaned_data[f"{kind}_{index}"])
        answers["adults"] = adults


class AlimonyPaidForm(IncomeForm):
    title = _("Payez-vous une pension alimentaire ?")
    kind = "alimony_paid"
    labels = (
        _("La pension alimentaire que vous payez par mois, en euros"),
        _("La pension alimentaire payée par mois par la personne avec qui vous vivez"),
    )
    help_text = _("Par exemple pour un enfant qui vit chez son autre parent. Écrivez 0 si vous n'en payez pas.")


class SavingsForm(IncomeForm):
    title = _("Avez-vous de l'argent de côté ?")
    kind = "savings"
    labels = (_("Votre épargne, en euros"), _("L'épargne de la personne avec qui vous vivez, en euros"))
    help_text = _("Le total de vos livrets (livret A, LDDS…) et comptes d'épargne. Écrivez 0 si vous n'en avez pas.")
    max_value = MAX_SAVINGS
