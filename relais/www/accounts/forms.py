from django import forms
from django.conf import settings
from django.contrib.auth import password_validation
from django.contrib.auth.forms import (
    AuthenticationForm,
    PasswordChangeForm,
    PasswordResetForm,
    SetPasswordForm,
)
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from dsfr.forms import DsfrBaseForm

from relais.accounts import selectors
from relais.accounts.models import Channel, User
from relais.accounts.services import phone_normalise
from relais.organisations.models import MemberRole


class LoginForm(DsfrBaseForm, AuthenticationForm):
    username = forms.EmailField(
        label=_("Adresse électronique"), widget=forms.EmailInput(attrs={"autocomplete": "email", "autofocus": True})
    )
    password = forms.CharField(
        label=_("Mot de passe"), strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "current-password"})
    )
    error_messages = {
        "invalid_login": _("Adresse électronique ou mot de passe incorrect. Vérifiez et réessayez."),
        "inactive": _("Ce compte est désactivé."),
    }


class SignupForm(DsfrBaseForm):
    first_name = forms.CharField(
        label=_("Prénom"), max_length=150, widget=forms.TextInput(attrs={"autocomplete": "given-name"})
    )
    last_name = forms.CharField(
        label=_("Nom"), max_length=150, widget=forms.TextInput(attrs={"autocomplete": "family-name"})
    )
    email = forms.EmailField(
        label=_("Adresse électronique"),
        help_text=_("Format attendu : nom@exemple.fr"),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    password = forms.CharField(
        label=_("Mot de passe"),
        strip=False,
        help_text=_("Au moins 10 caractères, pas uniquement des chiffres."),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def clean_email(self):
        email = self.cleaned_data["email"].lower()
        if selectors.email_taken(email):
            raise forms.ValidationError(
                _(
                    "Un compte existe déjà avec cette adresse. Vous pouvez vous connecter ou réinitialiser votre mot "
                    "de passe."
                )
            )
        return email

    def clean(self):
        cleaned = super().clean()
        password = cleaned.get("password")
        if password:
            candidate = User(
                email=cleaned.get("email", ""),
                first_name=cleaned.get("first_name", ""),
                last_name=cleaned.get("last_name", ""),
            )
            try:
                password_validation.validate_password(password, candidate)
            except forms.ValidationError as error:
                self.add_error("password", error)
        return cleaned


class TokenForm(DsfrBaseForm):
    token = forms.CharField(
        label=_("Code à 6 chiffres de votre application d'authentification"),
        help_text=_("Vous n'avez pas votre téléphone ? Saisissez un de vos codes de secours (8 caractères)."),
        max_length=10,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )


class ProfileForm(DsfrBaseForm):
    first_name = forms.CharField(
        label=_("Prénom"), max_length=150, widget=forms.TextInput(attrs={"autocomplete": "given-name"})
    )
    last_name = forms.CharField(
        label=_("Nom"), max_length=150, widget=forms.TextInput(attrs={"autocomplete": "family-name"})
    )
    birth_name = forms.CharField(
        label=_("Nom de naissance (facultatif)"),
        help_text=_("Si vous avez changé de nom, par exemple en vous mariant : il aide votre aidant à vous retrouver."),
        max_length=150,
        required=False,
    )
    phone = forms.CharField(
        label=_("Téléphone"),
        required=False,
        max_length=25,
        help_text=_("Pour recevoir des SMS. Exemple : 06 12 34 56 78"),
        widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
    )
    language = forms.ChoiceField(label=_("Langue des messages"), choices=settings.LANGUAGES, widget=forms.RadioSelect)
    preferred_channel = forms.ChoiceField(
        label=_("Comment voulez-vous être prévenu ?"), choices=Channel.choices, widget=forms.RadioSelect
    )

    def clean_phone(self):
        try:
            return phone_normalise(self.cleaned_data["phone"])
        except ValidationError as error:
            raise forms.ValidationError(error.messages) from error

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("preferred_channel") == Channel.SMS and not cleaned.get("phone") and "phone" not in self.errors:
            self.add_error("phone", _("Pour être prévenu par SMS, indiquez votre numéro de téléphone."))
        return cleaned


class DeleteAccountForm(DsfrBaseForm):
    password = forms.CharField(
        label=_("Votre mot de passe, pour confirmer"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, *args, user, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(_("Ce mot de passe n'est pas le bon. Votre compte n'a pas été supprimé."))
        return password


class RelaisPasswordResetForm(DsfrBaseForm, PasswordResetForm):
    email = forms.EmailField(
        label=_("Adresse électronique de votre compte"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )

    def get_users(self, email):
        """Active accounts with this address, including accounts created by a structure that
        have no password yet (the link lets them choose one)."""
        return selectors.active_users_with_email(email)


class RelaisSetPasswordForm(DsfrBaseForm, SetPasswordForm):
    pass


class RelaisPasswordChangeForm(DsfrBaseForm, PasswordChangeForm):
    error_messages = {
        **PasswordChangeForm.error_messages,
        "password_incorrect": _("Votre mot de passe actuel n'est pas le bon. Vérifiez et réessayez."),
    }


class MemberAddForm(DsfrBaseForm):
    email = forms.EmailField(
        label=_("Adresse électronique du nouveau membre"),
        help_text=_(
            "Si la personne n'a pas encore de compte, il est créé et elle reçoit un lien pour choisir son mot de passe."
        ),
        widget=forms.EmailInput(attrs={"autocomplete": "off"}),
    )
    role = forms.ChoiceField(
        label=_("Rôle"), choices=MemberRole.choices, widget=forms.RadioSelect, initial=MemberRole.HELPER
    )


class TotpConfirmForm(DsfrBaseForm):
    token = forms.CharField(
        label=_("Code à 6 chiffres affiché par l'application"),
        help_text=_("Le code change toutes les 30 secondes."),
        max_length=8,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )
