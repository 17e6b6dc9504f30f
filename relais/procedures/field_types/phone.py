"""Phone numbers: French numbers stored as "+33612345678", shown as "06 12 34 56 78"."""

from __future__ import annotations

import re

from django import forms
from django.utils.translation import gettext_lazy

from relais.core.phone import normalize_phone as core_normalize_phone
from relais.procedures.field_types.base import FieldType


def normalize_phone(raw: str) -> str:
    """French numbers → "+33612345678" (overseas ones with their own code), other countries in international
    form: the one normaliser of Relais (relais.core.phone)."""
    return core_normalize_phone(str(raw))


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
