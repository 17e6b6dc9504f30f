"""Forms of the person file: a private note, striking one through, proposing and ending a follow-up."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _
from dsfr.forms import DsfrBaseForm

from relais.casefile.models import ALL, FollowUpConsentMethod, FollowUpDuration
from relais.casefile.services import NOTE_MAX_CHARS
from relais.organisations.models import MandateCategory


class NoteForm(DsfrBaseForm):
    text = forms.CharField(
        label=_("Nouvelle note privée"),
        help_text=_(
            "Seuls les aidants de votre structure la liront. La personne peut demander à la lire (ses données). "
            "Une note ne se modifie pas : vous pourrez la barrer et en écrire une autre."
        ),
        max_length=NOTE_MAX_CHARS,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={
            "required": _("La note est vide : écrivez-la avant de l'enregistrer."),
            "max_length": _("La note est trop longue (%(limit_value)s caractères au plus) : raccourcissez-la."),
        },
    )


class StrikeForm(DsfrBaseForm):
    reason = forms.CharField(
        label=_("Pourquoi barrer cette note ?"),
        max_length=300,
        error_messages={"required": _("Dites pourquoi vous barrez cette note.")},
    )


def follow_up_category_choices() -> list[tuple[str, str]]:
    return [(ALL, _("Tous les domaines")), *MandateCategory.choices]


class FollowUpForm(DsfrBaseForm):
    categories = forms.MultipleChoiceField(
        label=_("Que pourra voir votre structure ?"),
        help_text=_("Cochez seulement les domaines utiles à l'accompagnement, ou « Tous les domaines »."),
        widget=forms.CheckboxSelectMultiple,
        choices=follow_up_category_choices,
        error_messages={"required": _("Choisissez au moins un domaine, ou « Tous les domaines ».")},
    )
    duration_days = forms.TypedChoiceField(
        label=_("Pour combien de temps ?"),
        choices=FollowUpDuration.choices,
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choisissez une durée : 6 mois ou 12 mois.")},
    )
    consent_method = forms.ChoiceField(
        label=_("Comment la personne donne son accord ?"),
        choices=FollowUpConsentMethod.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choisissez comment la personne donne son accord.")},
    )


class FollowUpEndForm(DsfrBaseForm):
    reason = forms.CharField(
        label=_("Motif de l'arrêt du suivi (la personne le recevra)"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Écrivez le motif : la personne le recevra.")},
    )


class SheetUploadForm(DsfrBaseForm):
    sheet = forms.FileField(
        label=_("Photo ou scan de la feuille d'accord signée"),
        help_text=_("PDF, JPEG ou PNG, 10 Mo au plus."),
        error_messages={"required": _("Ajoutez la photo ou le scan de la feuille d'accord signée.")},
    )
