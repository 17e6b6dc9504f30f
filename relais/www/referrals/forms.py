"""Forms of referrals: creating one, the service's answer, the referrer's reply, the service's settings."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _
from dsfr.forms import DsfrBaseForm

from relais.referrals.models import ContactPreference, Delivery, NextStep, RefusalReason, Situation


class PersonChoiceForm(DsfrBaseForm):
    personne = forms.TypedChoiceField(
        label=_("Quelle personne orientez-vous ?"),
        help_text=_("Seules les personnes que votre structure suit (mandat ou suivi accepté) sont proposées."),
        coerce=int,
        error_messages={"required": _("Choisissez la personne à orienter.")},
    )

    def __init__(self, *args, persons=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["personne"].choices = [("", _("Choisir une personne"))] + [
            (person.pk, f"{person.full_name}" + (f" ({person.birth_date:%d/%m/%Y})" if person.birth_date else ""))
            for person in persons
        ]


class ReferralForm(DsfrBaseForm):
    situations = forms.MultipleChoiceField(
        label=_("Situation de la personne"),
        help_text=_("Cochez ce qui aide le service à comprendre la demande (facultatif)."),
        choices=Situation.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    request = forms.CharField(
        label=_("Ce que vous demandez au service"),
        help_text=_("Quelques phrases, sans détail inutile sur la vie de la personne."),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Écrivez ce que vous demandez au service.")},
    )
    documents = forms.MultipleChoiceField(
        label=_("Documents du coffre à transmettre"),
        help_text=_(
            "Seulement avec l'accord de la personne. Le service en reçoit une copie, effacée 6 mois après la fin "
            "de l'orientation."
        ),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    documents_consent = forms.BooleanField(
        label=_("La personne est d'accord pour que ces documents soient transmis au service"),
        required=False,
    )
    contact_preference = forms.ChoiceField(
        label=_("Comment le service peut joindre la personne"),
        choices=ContactPreference.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choisissez comment joindre la personne.")},
    )
    contact_details = forms.CharField(
        label=_("Téléphone ou adresse électronique de la personne (si elle est d'accord)"),
        max_length=200,
        required=False,
    )
    available_on = forms.DateField(
        label=_("Disponible à partir du"),
        help_text=_("Format : jj/mm/aaaa (facultatif)."),
        required=False,
        input_formats=["%d/%m/%Y", "%Y-%m-%d"],
        error_messages={"invalid": _("Écrivez la date sous la forme jj/mm/aaaa, par exemple 15/01/2027.")},
    )

    def __init__(self, *args, documents=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["documents"].choices = [(str(d.pk), f"{d.title} ({d.get_doc_type_display()})") for d in documents]
        if not documents:
            del self.fields["documents"]
            del self.fields["documents_consent"]

    def clean(self):
        data = super().clean()
        if data.get("documents") and not data.get("documents_consent"):
            self.add_error(
                "documents_consent",
                _(
                    "Sans l'accord de la personne, aucun document n'est transmis : cochez son accord ou décochez "
                    "les documents."
                ),
            )
        return data


class AcceptForm(DsfrBaseForm):
    next_step = forms.ChoiceField(
        label=_("Suite proposée à la personne"),
        choices=NextStep.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choisissez la suite proposée : rendez-vous, appel ou heures d'ouverture.")},
    )
    message = forms.CharField(
        label=_("Message pour la personne et le professionnel"),
        help_text=_("Par exemple : venez mardi à 10 h avec votre pièce d'identité."),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class QuestionForm(DsfrBaseForm):
    text = forms.CharField(
        label=_("Votre question au professionnel qui oriente"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Écrivez votre question.")},
    )


class RefuseForm(DsfrBaseForm):
    reason = forms.ChoiceField(
        label=_("Raison du refus"),
        choices=RefusalReason.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choisissez la raison du refus dans la liste.")},
    )
    message = forms.CharField(
        label=_("Précisions (obligatoire avec « Autre raison »)"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def clean(self):
        data = super().clean()
        if data.get("reason") == RefusalReason.OTHER and not (data.get("message") or "").strip():
            self.add_error("message", _("Avec « Autre raison », écrivez la raison en quelques mots."))
        return data


class ReplyForm(DsfrBaseForm):
    text = forms.CharField(
        label=_("Votre réponse au service"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Écrivez votre réponse.")},
    )


class SettingsForm(DsfrBaseForm):
    accepts_referrals = forms.BooleanField(label=_("Ce service accepte les orientations par Relais"), required=False)
    documents_asked = forms.CharField(
        label=_("Documents demandés"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    conditions = forms.CharField(
        label=_("Conditions pour être orienté"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    requires_moderation = forms.BooleanField(
        label=_("Chaque orientation est d'abord validée par un membre de notre structure"), required=False
    )
    delivery = forms.ChoiceField(
        label=_("Comment recevoir les orientations"), choices=Delivery.choices, widget=forms.RadioSelect
    )
    contact_email = forms.EmailField(
        label=_("Adresse électronique qui reçoit les orientations"),
        required=False,
        error_messages={"invalid": _("Cette adresse électronique n'est pas valide (exemple : accueil@exemple.fr).")},
    )
