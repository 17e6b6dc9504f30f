"""Whole numbers, with optional `min` / `max` in the definition."""

from __future__ import annotations

import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from relais.procedures.field_types.base import FieldType


def parse_integer(raw: str) -> int:
    """ "12 500", "-3", "+7" → int. Spaces (also non-breaking) and dots as thousand separators."""
    text = str(raw).strip()
    cleaned = re.sub(r"[\s\u00a0\u202f\u2009]", "", text)
    if re.fullmatch(r"[+-]?\d{1,3}(\.\d{3})+", cleaned):
        cleaned = cleaned.replace(".", "")
    if not re.fullmatch(r"[+-]?\d{1,18}", cleaned):
        raise ValidationError(
            _("Écrivez un nombre entier, avec des chiffres seulement (par exemple 3 ou 1 250)."),
            code="integer",
        )
    return int(cleaned)


class IntegerType(FieldType):
    kind = "integer"
    label = gettext_lazy("Nombre entier")
    position = 50
    sample = "1 250"

    def parse(self, spec: dict, text: str) -> int:
        value = parse_integer(text)
        if spec.get("min") is not None and value < int(spec["min"]):
            message = _("Le nombre doit être au moins %(min)s.") % {"min": spec["min"]}
            raise ValidationError(message, code="min")
        if spec.get("max") is not None and value > int(spec["max"]):
            message = _("Le nombre doit être au plus %(max)s.") % {"max": spec["max"]}
            raise ValidationError(message, code="max")
        return value

    def form_field(self, spec: dict, **common) -> forms.Field:
        return forms.CharField(widget=forms.TextInput(attrs={"inputmode": "numeric"}), **common)
