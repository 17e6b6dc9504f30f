from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _
from dsfr.forms import DsfrBaseForm

from relais.core.downloads import clean_name
from relais.documents.models import DocType


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": "image/*,application/pdf"}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, (list, tuple)):
            return [single(item, initial) for item in data if item]
        return [single(data, initial)] if data else []


class UploadForm(DsfrBaseForm):
    files = MultipleFileField(
        label=_("Votre document"),
        help_text=_(
            "Une photo ou un PDF. Plusieurs pages ? Choisissez toutes les photos en même temps : "
            "elles seront réunies en un seul PDF. Taille maximale : 50 Mo par fichier."
        ),
        error_messages={"required": _("Choisissez un fichier (photo ou PDF).")},
    )

    def clean_files(self):
        files = self.cleaned_data.get("files") or []
        if not files:
            raise forms.ValidationError(_("Choisissez un fichier (photo ou PDF)."))
        if len(files) > 20:
            raise forms.ValidationError(_("Envoyez 20 pages au plus."))
        return files


class DocumentInfoForm(DsfrBaseForm):
    doc_type = forms.ChoiceField(label=_("Quel document est-ce ?"), choices=DocType.choices)
    title = forms.CharField(
        label=_("Nom du document"),
        max_length=150,
        required=False,
        help_text=_("Pour le retrouver facilement. Exemple : Carte d'identité de Samia"),
    )
    expires_on = forms.DateField(
        label=_("Valable jusqu'au"),
        required=False,
        help_text=_("Si le document a une date de fin (carte d'identité, titre de séjour…). Format : 31/12/2030"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        input_formats=["%Y-%m-%d", "%d/%m/%Y"],
    )

    def clean_title(self):
        return clean_name(self.cleaned_data.get("title") or "")


class ConfirmDeleteForm(DsfrBaseForm):
    confirm = forms.BooleanField(
        label=_("Oui, je veux supprimer ce document de mon coffre"),
        error_messages={"required": _("Cochez la case pour confirmer.")},
    )


MAX_FILE_BYTES = getattr(settings, "RELAIS_MAX_UPLOAD_BYTES", 50 * 1024 * 1024)
