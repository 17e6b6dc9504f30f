from django import forms
from django.utils.translation import gettext_lazy as _
from dsfr.forms import DsfrBaseForm


class LinkConfirmForm(DsfrBaseForm):
    password = forms.CharField(
        label=_("Mot de passe de votre compte Relais"),
        required=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def clean_password(self):
        value = self.cleaned_data.get("password", "")
        if not value:
            raise forms.ValidationError(_("Tapez le mot de passe de votre compte Relais."))
        return value


class JoinForm(DsfrBaseForm):
    organisation = forms.TypedChoiceField(label=_("Structure"), coerce=int, widget=forms.RadioSelect)

    def __init__(self, *args, organisations=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].choices = [(o.pk, f"{o.name} (SIRET {o.siret})") for o in organisations]
