"""Forms of the escalation screens."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _
from dsfr.forms import DsfrBaseForm

from relais.escalations.identifiers import CLEANERS
from relais.escalations.models import BlockingCause, Category, Usefulness

TEXT_MAX = 5000


def _text_field(label, *, required=True, help_text=""):
    return forms.CharField(
        label=label,
        required=required,
        help_text=help_text,
        max_length=TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={
            "required": _("Ce champ est vide : écrivez votre message."),
            "max_length": _("Le texte est trop long (%(limit_value)s caractères au plus) : raccourcissez-le."),
        },
    )


class CategoryForm(DsfrBaseForm):
    categorie = forms.ChoiceField(label=_("De quoi s'agit-il ?"), choices=Category.choices)


class TeamChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, team):
        note = f" — {team.public_note}" if team.public_note else ""
        return f"{team.name} ({team.organisation.name}){note}"


class OpenForm(DsfrBaseForm):
    team = TeamChoiceField(
        label=_("Équipe de l'administration à saisir"),
        queryset=None,
        widget=forms.RadioSelect,
        empty_label=None,
        error_messages={"required": _("Choisissez l'équipe à saisir.")},
    )
    cause = forms.ChoiceField(
        label=_("Qu'est-ce qui bloque ?"),
        choices=BlockingCause.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Dites ce qui bloque.")},
    )
    subject = forms.CharField(
        label=_("Objet"),
        max_length=200,
        help_text=_("Une phrase courte, par exemple : aide au logement suspendue depuis mars."),
        error_messages={"required": _("Écrivez l'objet de la saisine.")},
    )
    description = _text_field(
        _("Description de la situation"),
        help_text=_("Ce qui s'est passé, ce qui a déjà été fait, ce que vous demandez. Pas d'avis sur la personne."),
    )
    original_request_on = forms.DateField(
        label=_("Date de la demande de départ à l'administration (facultatif)"),
        required=False,
        help_text=_("Format : 15/03/2026. Elle sert à calculer la date de la décision implicite."),
        error_messages={"invalid": _("Écrivez la date comme 15/03/2026.")},
    )
    caf_number = forms.CharField(label=_("Numéro d'allocataire CAF (facultatif)"), required=False, max_length=20)
    tax_number = forms.CharField(label=_("Numéro fiscal (facultatif)"), required=False, max_length=20)
    nir = forms.CharField(
        label=_("Numéro de sécurité sociale, NIR (facultatif)"),
        required=False,
        max_length=25,
        help_text=_("15 chiffres, clé comprise, comme sur la carte Vitale. Seules les équipes invitées le verront."),
    )
    documents = forms.ModelMultipleChoiceField(
        label=_("Documents du coffre de la personne à joindre (facultatif)"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, teams, documents, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["team"].queryset = teams
        self.fields["documents"].queryset = documents
        if not documents.exists():
            del self.fields["documents"]

    def clean(self):
        data = super().clean()
        for name, cleaner in CLEANERS.items():
            value = (data.get(name) or "").strip()
            if value:
                try:
                    data[name] = cleaner(value)
                except forms.ValidationError as error:
                    self.add_error(name, error)
        return data


class AnswerForm(DsfrBaseForm):
    text = _text_field(_("Votre réponse"))


class NoteForm(DsfrBaseForm):
    text = _text_field(_("Note interne (les aidants ne la voient pas)"))


class InviteForm(DsfrBaseForm):
    team = TeamChoiceField(label=_("Inviter une autre équipe"), queryset=None, required=False)
    expert_email = forms.EmailField(
        label=_("Ou inviter une personne experte (son adresse électronique dans Relais)"),
        required=False,
        error_messages={"invalid": _("Écrivez une adresse électronique comme prenom.nom@exemple.fr.")},
    )

    def __init__(self, *args, teams, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["team"].queryset = teams


class HandOverForm(DsfrBaseForm):
    team = TeamChoiceField(
        label=_("La bonne équipe"), queryset=None, error_messages={"required": _("Choisissez la bonne équipe.")}
    )
    text = _text_field(_("Message (facultatif)"), required=False)

    def __init__(self, *args, teams, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["team"].queryset = teams


class ProcessedForm(DsfrBaseForm):
    text = _text_field(_("Ce qui a été fait (facultatif)"), required=False)


class CloseForm(DsfrBaseForm):
    useful = forms.ChoiceField(
        label=_("La réponse a-t-elle été utile pour la personne ?"),
        choices=Usefulness.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Dites si la réponse a été utile pour la personne.")},
    )
    outcome = _text_field(
        _("Ce qui s'est passé pour la personne"),
        required=False,
        help_text=_("Par exemple : l'aide est de nouveau versée depuis le 5 avril."),
    )


class PreferenceForm(DsfrBaseForm):
    digest = forms.BooleanField(
        label=_("Recevoir un seul résumé par jour plutôt qu'un message à chaque réponse"), required=False
    )


class TeamForm(DsfrBaseForm):
    name = forms.CharField(label=_("Nom de l'équipe"), max_length=200)
    email = forms.EmailField(label=_("Adresse partagée de l'équipe (facultatif)"), required=False)
    public_note = forms.CharField(
        label=_("Note publique, montrée quand on choisit l'équipe (facultatif)"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    categories = forms.MultipleChoiceField(
        label=_("Catégories traitées"),
        choices=Category.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Cochez au moins une catégorie.")},
    )
    departements = forms.CharField(
        label=_("Départements couverts (numéros séparés par des espaces, par exemple : 69 01)"), required=False
    )
    communes = forms.CharField(
        label=_("Communes couvertes (codes INSEE séparés par des espaces, facultatif)"), required=False
    )
    members = forms.CharField(
        label=_("Membres (adresses électroniques des membres de votre structure, une par ligne)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    managers = forms.CharField(
        label=_("Responsables de l'équipe, invités faute de réponse (adresses, une par ligne)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
