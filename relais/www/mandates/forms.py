"""Forms of the mandates screens. No form ever has a field for a person's password, except the
claim form where the person creates THEIR OWN account."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from dsfr.forms import DsfrBaseForm

from relais.accounts.models import Channel
from relais.core.phone import is_mobile, normalize_phone
from relais.mandates.models import (
    AccompanimentOutcome,
    AccompanimentTheme,
    ConsentMethod,
    MandateDuration,
    RevocationReason,
)
from relais.organisations.models import MandateCategory
from relais.territory.widgets import CommuneField


def category_choices(organisation) -> list[tuple[str, str]]:
    allowed = set(organisation.allowed_mandate_categories or [])
    return [(value, label) for value, label in MandateCategory.choices if value in allowed]


class MandateForm(DsfrBaseForm):
    categories = forms.MultipleChoiceField(
        label=_("Pour quelles démarches ?"),
        help_text=_("Cochez seulement ce dont la personne a besoin."),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choisissez au moins un domaine.")},
    )
    duration_days = forms.TypedChoiceField(
        label=_("Pour combien de temps ?"),
        choices=MandateDuration.choices,
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choisissez une durée.")},
    )
    consent_method = forms.ChoiceField(
        label=_("Comment la personne donne son accord ?"),
        choices=ConsentMethod.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choisissez comment la personne donne son accord.")},
    )
    sms_phone = forms.CharField(
        label=_("Numéro de portable de la personne (pour le code par SMS)"),
        help_text=_("Exemple : 06 12 34 56 78"),
        max_length=30,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "inputmode": "tel"}),
    )

    def __init__(self, *args, organisation, person, **kwargs):
        super().__init__(*args, **kwargs)
        self.person = person
        self.fields["categories"].choices = category_choices(organisation)
        if not self.is_bound and person.phone:
            self.fields["sms_phone"].initial = person.phone

    def clean(self):
        cleaned = super().clean()
        method = cleaned.get("consent_method")
        if method == ConsentMethod.SMS:
            try:
                phone = normalize_phone(cleaned.get("sms_phone") or self.person.phone)
            except forms.ValidationError as error:
                self.add_error("sms_phone", error)
            else:
                if not is_mobile(phone):
                    self.add_error(
                        "sms_phone", _("Ce numéro ne peut pas recevoir de SMS : indiquez un portable (06 ou 07).")
                    )
                cleaned["sms_phone"] = phone
        if method == ConsentMethod.ACCOUNT and self.person.user_id is None:
            self.add_error(
                "consent_method",
                _("Cette personne n'a pas de compte Relais : choisissez le code par SMS ou l'attestation papier."),
            )
        return cleaned


class SmsCodeForm(DsfrBaseForm):
    code = forms.CharField(
        label=_("Code reçu par SMS par la personne (6 chiffres)"),
        max_length=12,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )


class AttestationUploadForm(DsfrBaseForm):
    file = forms.FileField(
        label=_("Photo ou scan de l'attestation signée"),
        help_text=_("PDF, JPEG ou PNG, 10 Mo au plus."),
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf,image/jpeg,image/png"}),
    )


class TotpConfirmForm(DsfrBaseForm):
    token = forms.CharField(
        label=_("Votre code de double authentification (6 chiffres)"),
        help_text=_("Le code de VOTRE application, pas celui de la personne."),
        max_length=10,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )


class ActingForm(DsfrBaseForm):
    mandate_category = forms.ChoiceField(label=_("Personne et domaine"), widget=forms.RadioSelect)

    def __init__(self, *args, choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["mandate_category"].choices = choices


class PersonRecordForm(DsfrBaseForm):
    first_name = forms.CharField(label=_("Prénom"), max_length=150)
    last_name = forms.CharField(label=_("Nom"), max_length=150)
    birth_name = forms.CharField(
        label=_("Nom de naissance (facultatif)"),
        help_text=_("Si la personne a changé de nom, par exemple en se mariant."),
        max_length=150,
        required=False,
    )
    birth_date = forms.DateField(
        label=_("Date de naissance"),
        help_text=_("Format : jj/mm/aaaa, par exemple 15/03/1962"),
        input_formats=["%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y", "%d.%m.%Y"],
        widget=forms.DateInput(attrs={"autocomplete": "off"}),
    )
    commune = CommuneField(label=_("Commune où vit la personne (facultatif)"), required=False)
    phone = forms.CharField(
        label=_("Téléphone"),
        help_text=_("Exemple : 06 12 34 56 78"),
        max_length=30,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "tel"}),
    )
    preferred_channel = forms.ChoiceField(
        label=_("Comment la personne veut recevoir les messages ?"),
        choices=[(Channel.ORGANISATION, _("Par notre structure (nous la prévenons)")), (Channel.SMS, _("Par SMS"))],
        widget=forms.RadioSelect,
        initial=Channel.ORGANISATION,
    )
    consent_given = forms.BooleanField(
        label=_("La personne est présente et d'accord pour que nous créions sa fiche."),
        error_messages={"required": _("Sans l'accord de la personne, la fiche ne peut pas être créée.")},
    )

    #: shown only on the duplicate step (relais/www/mandates/views/persons.py)
    not_duplicate = forms.BooleanField(
        label=_("Ce n'est pas la même personne : créer quand même sa fiche"), required=False
    )

    def __init__(self, *args, duplicate_step: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if not duplicate_step:
            del self.fields["not_duplicate"]

    def clean_birth_date(self):
        value = self.cleaned_data["birth_date"]
        if value > timezone.localdate():
            raise forms.ValidationError(_("La date de naissance ne peut pas être dans le futur."))
        if value.year < 1900:
            raise forms.ValidationError(_("Vérifiez l'année de naissance."))
        return value

    def clean_phone(self):
        value = self.cleaned_data.get("phone", "")
        if not value:
            return ""
        return normalize_phone(value)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("preferred_channel") == Channel.SMS and not cleaned.get("phone") and "phone" not in self.errors:
            self.add_error("phone", _("Pour recevoir les messages par SMS, indiquez un numéro de portable."))
        return cleaned


class ClaimForm(DsfrBaseForm):
    code = forms.CharField(
        label=_("Code écrit sur le papier donné par votre aidant"),
        help_text=_("Exemple : ABCD-EFGH-JKLM"),
        max_length=20,
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters"}),
    )
    birth_date = forms.DateField(
        label=_("Votre date de naissance"),
        help_text=_("Format : jj/mm/aaaa"),
        input_formats=["%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y", "%d.%m.%Y"],
    )
    email = forms.EmailField(
        label=_("Votre adresse électronique"),
        help_text=_("Format attendu : nom@exemple.fr"),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    password = forms.CharField(
        label=_("Choisissez votre mot de passe"),
        help_text=_("Au moins 10 caractères. Ne le donnez à personne, même pas à votre aidant."),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )


class AccompanimentForm(DsfrBaseForm):
    happened_on = forms.DateField(
        label=_("Date"),
        help_text=_("Format : jj/mm/aaaa"),
        input_formats=["%d/%m/%Y", "%Y-%m-%d"],
    )
    duration_minutes = forms.IntegerField(label=_("Durée en minutes"), min_value=1, max_value=1440)
    themes = forms.MultipleChoiceField(
        label=_("Thèmes"),
        choices=AccompanimentTheme.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choisissez au moins un thème.")},
    )
    outcome = forms.ChoiceField(label=_("Résultat"), choices=AccompanimentOutcome.choices, widget=forms.RadioSelect)
    person = forms.TypedChoiceField(
        label=_("Personne accompagnée"),
        help_text=_("Laissez « Anonyme » si la personne ne souhaite pas être nommée."),
        required=False,
        coerce=int,
        empty_value=None,
    )
    notes = forms.CharField(
        label=_("Notes"),
        help_text=_("Pas de données de santé ni de mots de passe."),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
    )

    def __init__(self, *args, persons, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].choices = [("", _("Anonyme"))] + [(p.pk, str(p)) for p in persons]
        if not self.is_bound:
            self.fields["happened_on"].initial = timezone.localdate().strftime("%d/%m/%Y")


class RevocationForm(DsfrBaseForm):
    """The organisation withdraws a mandate (or one domain) at the person's request: a reason is required."""

    scope = forms.ChoiceField(
        label=_("Que faut-il retirer ?"),
        widget=forms.RadioSelect,
        error_messages={"required": _("Choisissez ce qu'il faut retirer : tout le mandat ou un domaine.")},
    )
    reason = forms.ChoiceField(
        label=_("Pourquoi ?"),
        choices=RevocationReason.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choisissez la raison du retrait.")},
    )
    note = forms.CharField(
        label=_("Précisions (facultatif, obligatoire pour « Autre raison »)"),
        help_text=_("Ces mots sont imprimés sur l'attestation de retrait remise à la personne."),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    ALL = "__all__"

    def __init__(self, *args, mandate, **kwargs):
        super().__init__(*args, **kwargs)
        active = mandate.active_authorisations()
        choices = [(self.ALL, _("Tout le mandat (tous les domaines)"))]
        if len(active) > 1:
            choices += [
                (a.category, _("Seulement le domaine « %(cat)s »") % {"cat": a.get_category_display()}) for a in active
            ]
        self.fields["scope"].choices = choices
        if len(choices) == 1:
            self.fields["scope"].initial = self.ALL

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("reason") == RevocationReason.OTHER and not (cleaned.get("note") or "").strip():
            self.add_error("note", _("Précisez la raison du retrait."))
        return cleaned
