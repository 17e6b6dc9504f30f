"""Phone numbers: French numbers stored as "+33612345678", shown as "06 12 34 56 78"."""

from __future__ import annotations

import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from relais.procedures.field_types.base import FieldType


def normalize_phone(raw: str) -> str:
    """French numbers → "+33612345678"; other countries kept in international form."""
    text = re.sub(r"[\s\u00a0.\-()/]", "", str(raw).strip())
    if text.startswith("00"):
        text = "+" + text[2:]
    if re.fullmatch(r"0[1-9]\d{8}", text):
        return "+33" + text[1:]
    if re.fullmatch(r"\+33[1-9]\d{8}", text):
        return text
    if re.fullmatch(r"\+330[1-9]\d{8}", text):
        return "+33" + text[4:]
    if re.fullmatch(r"\+(?!33)[1-9]\d{6,14}", text):
        return text
    raise ValidationError(
        _("Ce numéro de téléphone n'est pas complet : écrivez les 10 chiffres, par exemple 06 12 34 56 78."),
        code="phone",
    )


def format_phone(value: str) -> str:
    if re.fullmatch(r"\+33\d{9}", value or ""):
        digits = "0" + value[3:]
        return " ".join(digits[i : i + 2] for i in range(0, 10, 2))
    return value or ""


class PhoneType(FieldType):
    kind = "phone"
    label = gettext_lazy("Téléphone")
    position = 120
    sample = "06 12 34 56 78"

    def parse(self, spec: dict, text: str) -> str:
        return normalize_phone(text)

    def display(self, spec: dict, value) -> str:
        return format_phone(value)

    def initial(self, spec: dict, value) -> str:
        return format_phone(value)

    def form_field(self, spec: dict, **common) -> forms.Field:
        return forms.CharField(widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}), **common)
