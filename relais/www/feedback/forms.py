"""Forms of feedback: the JDMA review, the helper's report, the authors' ticket and answer, the regrouping."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _
from dsfr.forms import DsfrBaseForm

from relais.feedback.jdma import ContactTried, Quality, Reached, Satisfaction
from relais.feedback.services.reviews import VERBATIM_MAX

CLARITY = [
    ("1", _("1 — Pas clair du tout")),
    ("2", _("2 — Peu clair")),
    ("3", _("3 — Moyennement clair")),
    ("4", _("4 — Clair")),
    ("5", _("5 — Très clair")),
]
TEXT_HELP = _(
    "Facultatif. N'écrivez pas votre nom, votre numéro de sécurité sociale, de téléphone ou de compte bancaire : "
    "ils seraient retirés."
)


class ReviewForm(DsfrBaseForm):
    satisfaction = forms.ChoiceField(
        label=_("De façon générale, comment ça s'est passé ?"),
        choices=Satisfaction.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Dites-nous comment ça s'est passé : choisissez une réponse.")},
    )
    comprehension = forms.ChoiceField(
        label=_("Les informations étaient-elles claires ? (de 1 à 5)"),
        choices=CLARITY,
        widget=forms.RadioSelect,
        required=False,
    )
    contact_tried = forms.MultipleChoiceField(
        label=_("Qui vous a aidé ?"),
        help_text=_("Plusieurs réponses possibles."),
        choices=ContactTried.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    contact_reached = forms.ChoiceField(
        label=_("Si vous avez cherché de l'aide, avez-vous réussi à joindre quelqu'un ?"),
        choices=Reached.choices,
        widget=forms.RadioSelect,
        required=False,
    )
    contact_satisfaction = forms.ChoiceField(
        label=_("Comment était l'aide reçue ?"),
        choices=Quality.choices,
        widget=forms.RadioSelect,
        required=False,
    )
    verbatim = forms.CharField(
        label=_("Souhaitez-vous nous en dire plus ?"),
        help_text=TEXT_HELP,
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=VERBATIM_MAX,
        required=False,
    )
    link_to_person = forms.BooleanField(
        label=_("Relier cet avis à mon compte, pour être prévenu quand le problème est corrigé"),
        help_text=_("Sinon, votre avis reste anonyme."),
        required=False,
    )

    def __init__(self, *args, person: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if not person:
            del self.fields["link_to_person"]


class ChooseProcedureForm(DsfrBaseForm):
    demarche = forms.ChoiceField(label=_("Sur quelle démarche ?"))

    def __init__(self, *args, procedures=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["demarche"].choices = [("", _("Choisir une démarche"))] + [(p.slug, p.title) for p in procedures]


class ReportForm(DsfrBaseForm):
    field_key = forms.ChoiceField(label=_("Quelle question pose problème ?"), required=False)
    page = forms.CharField(label=_("Sur quelle page ou étape ?"), max_length=200, required=False)
    what_happened = forms.CharField(
        label=_("Que s'est-il passé ?"),
        help_text=_("Décrivez le problème sans nom ni numéro de la personne : ils seraient retirés."),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=3000,
        error_messages={"required": _("Décrivez ce qui s'est passé.")},
    )
    people_count = forms.IntegerField(
        label=_("Combien de personnes avez-vous vues bloquées par ce problème ?"),
        min_value=1,
        max_value=10000,
        initial=1,
        error_messages={"min_value": _("Au moins 1 personne."), "invalid": _("Écrivez un nombre, par exemple 3.")},
    )
    attachment = forms.FileField(
        label=_("Capture d'écran ou document (facultatif)"),
        help_text=_("Image JPEG, PNG, WebP ou PDF, 5 Mo au plus. Cachez toute information sur la personne."),
        required=False,
    )

    def __init__(self, *args, fields=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["field_key"].choices = [("", _("La démarche dans son ensemble"))] + list(fields)


class RegroupForm(DsfrBaseForm):
    field_key = forms.ChoiceField(label=_("Déplacer vers la question"), required=False)

    def __init__(self, *args, fields=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["field_key"].choices = [("", _("La démarche dans son ensemble"))] + list(fields)


class TicketForm(DsfrBaseForm):
    to = forms.ChoiceField(label=_("Nouvel état"))
    version = forms.ChoiceField(
        label=_("Version publiée qui contient la correction"),
        help_text=_("Seulement pour « corrigé » : publiez d'abord la nouvelle version de la démarche."),
        required=False,
    )
    answer = forms.CharField(
        label=_("Réponse publique"),
        help_text=_("Elle est publiée sur la page des indicateurs de la démarche."),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        required=False,
    )

    def __init__(self, *args, states=(), versions=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to"].choices = list(states)
        self.fields["version"].choices = [("", _("Aucune"))] + [
            (
                str(v.pk),
                _("Version %(number)s, publiée le %(date)s") % {"number": v.number, "date": v.published_at.date()},
            )
            for v in versions
        ]


class AnswerForm(DsfrBaseForm):
    answer = forms.CharField(
        label=_("Votre réponse publique"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000
    )
