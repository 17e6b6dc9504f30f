"""E-mail addresses, stored in lower case."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import validate_email as _django_validate_email
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from relais.procedures.field_types.base import FieldType


def normalize_email(raw: str) -> str:
    text = str(raw).strip()
    try:
        _django_validate_email(text)
    except ValidationError as exc:
        raise ValidationError(
            _("Cette adresse électronique n'est pas complète, par exemple : nom@exemple.fr."), code="email"
        ) from exc
    return text.lower()


class EmailType(FieldType):
    kind = "email"
    label = gettext_lazy("Adresse électronique")
    position = 110
    sample = "Marie.Curie@exemple.fr"

    def parse(self, spec: dict, text: str) -> str:
        return normalize_email(text)

    def form_field(self, spec: dict, **common) -> forms.Field:
        return forms.CharField(widget=forms.EmailInput(attrs={"autocomplete": "email"}), **common)
