"""Short text: one line, 500 characters at most."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from relais.procedures.field_types.base import FieldType


class TextType(FieldType):
    kind = "text"
    label = gettext_lazy("Texte court")
    position = 30
    sample = "Marie Curie"
    max_length = 500

    def parse(self, spec: dict, text: str) -> str:
        if len(text) > self.max_length:
            raise ValidationError(_("Ce texte est trop long (500 caractères au plus)."), code="length")
        return text

    def form_field(self, spec: dict, **common) -> forms.Field:
        return forms.CharField(max_length=500, **common)
