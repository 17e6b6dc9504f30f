"""Long text: several lines, 10 000 characters at most."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from relais.procedures.field_types.base import FieldType


class TextareaType(FieldType):
    kind = "textarea"
    label = gettext_lazy("Texte long")
    position = 40
    sample = "Première ligne\nDeuxième ligne"

    def parse(self, spec: dict, text: str) -> str:
        if len(text) > 10_000:
            raise ValidationError(_("Ce texte est trop long (10 000 caractères au plus)."), code="length")
        return text

    def form_field(self, spec: dict, **common) -> forms.Field:
        return forms.CharField(widget=forms.Textarea(attrs={"rows": 4}), strip=False, **common)
